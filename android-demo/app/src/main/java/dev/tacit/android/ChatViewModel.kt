package dev.tacit.android

import android.app.Application
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import dev.tacit.DisclosureLevel
import dev.tacit.TacitException
import dev.tacit.TacitProfile
import dev.tacit.demo.ButtonModel
import dev.tacit.demo.ChatPresenter
import dev.tacit.demo.ChatState
import dev.tacit.demo.ProfileBackend
import dev.tacit.openProfile
import java.io.File
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock

/**
 * Owns the profile and the shared [ChatPresenter]. Every Tacit call is a `suspend fun` that runs
 * on Tacit's own threads, so nothing here blocks the main thread, and clearing the ViewModel
 * (viewModelScope cancelled) cancels the Rust work in flight.
 */
class ChatViewModel(app: Application) : AndroidViewModel(app) {
    private val _state = MutableStateFlow(ChatState())
    val state: StateFlow<ChatState> = _state
    private val _status = MutableStateFlow("Opening your encrypted profile…")
    val status: StateFlow<String> = _status

    private var profile: TacitProfile? = null
    private var presenter: ChatPresenter? = null
    private val lock = Mutex() // the presenter's state is not thread-safe; Tacit itself is

    /** The vault's key is gone (restored on another device, keystore reset): offer a fresh start. */
    private val _needsReset = MutableStateFlow(false)
    val needsReset: StateFlow<Boolean> = _needsReset

    private val path = File(app.filesDir, "tacit.db").absolutePath

    init {
        start()
    }

    private fun start() {
        viewModelScope.launch {
            try {
                val app = getApplication<Application>()
                // The rollback guard: a restored older copy of the vault throws Rollback.
                val p = openProfile(path, KeystoreKeyWrapper(app), KeystoreGenerationStore(app))
                p.setLocale(java.util.Locale.getDefault().toLanguageTag())
                p.setUtcOffsetMinutes(java.util.TimeZone.getDefault().getOffset(System.currentTimeMillis()) / 60_000)
                // Demo data: a year of the sandbox bank replayed as weekly syncs, so the
                // on-device fraud engine raises alerts. A real app imports statements or syncs.
                val s = p.replaySandbox(7L)
                _status.value = "Sandbox bank: ${s.accounts} accounts, ${s.inserted} transactions, " +
                    "${s.alerts.size} fraud alerts (all on this phone only)"
                profile = p
                presenter = ChatPresenter.create(ProfileBackend(p))
                // Replayed alerts were raised in the past (their buttons expired): ask about the
                // newest open one again with fresh buttons. After a real import or sync, use
                // presenter.showAlerts(summary.alerts) instead.
                update { it.checkAlerts(limit = 1) }
            } catch (e: TacitException.WrongKey) {
                recoverable(e)
            } catch (e: TacitException.KeyUnavailable) {
                recoverable(e)
            } catch (e: TacitException.Rollback) {
                // An older copy of the vault was put in place of the newer one: offer a fresh start.
                recoverable(e)
            } catch (e: TacitException) {
                _status.value = ChatPresenter.messageFor(e)
            } catch (e: UnsatisfiedLinkError) {
                // libtacit_ffi.so missing for this ABI: say so instead of crashing.
                _status.value = "Tacit's native library is missing for this device (${e.message})."
            }
        }
    }

    private fun recoverable(e: TacitException) {
        _status.value = ChatPresenter.messageFor(e) + " The key of this chat's bank data is gone: start again?"
        _needsReset.value = true
    }

    /**
     * The recovery path from WrongKey / KeyUnavailable when the key will not come back: delete
     * the vault and its Keystore key, then start over (the user links the bank again).
     */
    fun resetAndRelink() {
        viewModelScope.launch {
            profile?.closeVault() // suspends: never blocks the main thread
            profile = null
            for (suffix in listOf("", "-wal", "-shm")) File(path + suffix).delete()
            KeystoreKeyWrapper.deleteKey(getApplication())
            KeystoreGenerationStore.reset(getApplication())
            _needsReset.value = false
            start()
        }
    }

    fun send(text: String) = update { it.send(text) }
    fun tap(bubbleId: Int, button: ButtonModel) = update { it.tap(bubbleId, button) }
    fun setLevel(level: DisclosureLevel) = update { it.setLevel(level) }
    fun togglePlatformView() = update { it.togglePlatformView() }

    private fun update(action: suspend (ChatPresenter) -> ChatState) {
        viewModelScope.launch {
            val p = presenter ?: return@launch
            _state.value = lock.withLock { action(p) }
        }
    }

    override fun onCleared() {
        // viewModelScope is already cancelled (the Rust work of its calls with it). close()
        // would block this (main) thread until a call in flight ends: close the vault from a
        // short-lived scope instead (later calls on the profile throw TacitException.Closed).
        val p = profile ?: return
        CoroutineScope(Dispatchers.Default).launch { runCatching { p.closeVault() } }
    }
}
