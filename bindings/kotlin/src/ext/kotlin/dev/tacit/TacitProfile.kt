package dev.tacit

import kotlinx.coroutines.runBlocking

/*
 * Hand-written, beside the generated bindings (src/main/kotlin/dev/tacit/tacit.kt, which
 * scripts/generate-bindings.sh owns and never edits by hand): the profile apps use.
 *
 * One close semantics (issue 16): `close()` / `use {}` close the VAULT, and every later call
 * throws the typed `TacitException.Closed` ("the profile was closed or wiped"), exactly as after
 * `wipe()`. The generated class (renamed `TacitProfileHandle` for Kotlin in uniffi.toml) would
 * destroy its native handle on close() instead, and later calls would throw uniffi's untyped
 * IllegalStateException. This class never destroys the handle: it stays valid, answers
 * `Closed`, and is freed by its Cleaner when the profile is garbage-collected (a closed
 * handle holds no vault, no key and no file).
 */

/**
 * One person's Tacit profile: an encrypted vault on this device and the chat assistant. Every
 * method of [TacitProfileHandleInterface] is available (delegated to the generated handle).
 * Open one with [openProfile]; share it across threads and coroutines; close it with
 * [close] / `use {}` (blocking: waits for a call in flight) or [closeVault] (suspending).
 */
class TacitProfile internal constructor(private val handle: TacitProfileHandle) :
    TacitProfileHandleInterface by handle, AutoCloseable {

    /**
     * Closes the vault once the call in flight (if any) ends; later calls throw
     * [TacitException.Closed]. Closing twice is fine. Blocks the calling thread: on a UI
     * thread, call the suspending [closeVault] from a coroutine instead.
     */
    override fun close() = runBlocking { handle.closeVault() }

    /** Never prints anything of the profile. */
    override fun toString(): String = "TacitProfile(<redacted>)"
}

/**
 * Opens (or creates) the profile at [path] (app-private storage) off the caller's thread. The
 * [wrapper] seals the vault's data key (another key: [TacitException.WrongKey]). With a
 * [generationStore] kept outside the vault file (Keystore-sealed preferences, say), opening an
 * older copy of the vault than the last one it saw throws [TacitException.Rollback].
 */
suspend fun openProfile(path: String, wrapper: KeyWrapper, generationStore: GenerationStore? = null): TacitProfile =
    TacitProfile(openProfileHandle(path, wrapper, generationStore))
