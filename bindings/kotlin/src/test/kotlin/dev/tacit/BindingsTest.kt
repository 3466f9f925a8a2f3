package dev.tacit

import java.io.File
import java.util.Collections
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/** End-to-end calls through JNA into libtacit_ffi: sync, async, callbacks, errors, threads. */
class BindingsTest {
    @TempDir
    lateinit var dir: File

    private fun wrapper() = KeystoreAesGcmWrapper.fromNewKeystore(dir)

    @Test
    fun coreVersionIsTheWorkspaceVersion() {
        assertTrue(Regex("""\d+\.\d+\.\d+.*""").matches(coreVersion()))
    }

    @Test
    fun keystoreWrapperPassesSelfTest() {
        val w = wrapper()
        assertTrue(verifyKeyWrapper(w))
        // wrap, unwrap, unwrap of a tampered blob
        assertEquals(3, w.calls.get())
    }

    @Test
    fun hostRuntimeExceptionBecomesKeyUnavailable() {
        val e = assertThrows<TacitException.KeyUnavailable> {
            verifyKeyWrapper(ThrowingWrapper { IllegalStateException("keystore locked: secret-detail") })
        }
        // The host's message never comes back through Rust.
        assertFalse(e.toString().contains("secret-detail"))
        assertEquals("wrapping key unavailable", e.toString())
    }

    @Test
    fun hostTacitExceptionKeepsItsMeaning() {
        assertThrows<TacitException.WrongKey> {
            verifyKeyWrapper(ThrowingWrapper { TacitException.WrongKey() })
        }
        assertThrows<TacitException.Tampered> {
            verifyKeyWrapper(ThrowingWrapper { TacitException.Tampered() })
        }
    }

    @Test
    fun hostErrorInsideSchemeIsHostCallback() {
        val w = object : KeyWrapper by IdentityWrapper() {
            override fun scheme(): String = throw RuntimeException("boom")
        }
        assertThrows<TacitException.HostCallback> { verifyKeyWrapper(w) }
    }

    @Test
    fun invalidSchemeIsInvalidInput() {
        val w = object : KeyWrapper by IdentityWrapper() {
            override fun scheme(): String = "Not A Scheme!"
        }
        assertThrows<TacitException.InvalidInput> { verifyKeyWrapper(w) }
    }

    @Test
    fun garbageFromHostIsATypedError() {
        assertThrows<TacitException.Corrupt> { verifyKeyWrapper(GarbageWrapper(wrapper())) }
    }

    @Test
    fun clearTextWrapperFailsSelfTest() {
        assertFalse(verifyKeyWrapper(IdentityWrapper()))
    }

    @Test
    fun asyncSelfTestWithDefaultsAndProgress() = runBlocking {
        val w = wrapper()
        assertTrue(selfTestAsync(w))

        val seen = Collections.synchronizedList(mutableListOf<Pair<UInt, UInt>>())
        val listener = object : ProgressListener {
            override fun onProgress(done: UInt, total: UInt) {
                seen.add(done to total)
            }
        }
        assertTrue(selfTestAsync(w, 4u, listener, null))
        assertEquals((1u..4u).map { it to 4u }, seen.toList())
    }

    @Test
    fun asyncSelfTestCancelsAndValidates() = runBlocking {
        val cancel = CancelHandle()
        assertFalse(cancel.isCancelled())
        cancel.cancel()
        assertTrue(cancel.isCancelled())
        assertThrows<TacitException.Cancelled> { runBlocking { selfTestAsync(wrapper(), 10u, null, cancel) } }
        assertThrows<TacitException.InvalidInput> { runBlocking { selfTestAsync(wrapper(), 0u) } }
        cancel.close()
    }

    @Test
    fun sixtyFourCoroutinesAtOnce() = runBlocking(Dispatchers.Default) {
        val w = wrapper()
        val results = (1..64).map { i ->
            if (i % 2 == 0) {
                async { selfTestAsync(w, 2u) }
            } else {
                async(Dispatchers.IO) { verifyKeyWrapper(w) }
            }
        }.awaitAll()
        assertEquals(64, results.size)
        assertTrue(results.all { it })
        // 32 async calls x 2 rounds x 3 host calls + 32 sync calls x 3 host calls
        assertEquals(32 * 2 * 3 + 32 * 3, w.calls.get())
    }

    @Test
    fun oneSharedRuntimeAndNoSecondTokio() {
        runBlocking { assertTrue(selfTestAsync(wrapper(), 1u)) }
        val tasks = File("/proc/self/task")
        if (!tasks.isDirectory) return // not Linux: nothing to inspect
        val names = tasks.listFiles()!!.mapNotNull { runCatching { File(it, "comm").readText().trim() }.getOrNull() }
        assertFalse(names.any { it.startsWith("async-compat") }, "a second tokio runtime was started")
        // 2 workers + at most 8 blocking threads.
        val tacit = names.count { it.startsWith("tacit-rt") }
        assertTrue(tacit in 1..10, "tacit-rt threads: $tacit")
    }
}
