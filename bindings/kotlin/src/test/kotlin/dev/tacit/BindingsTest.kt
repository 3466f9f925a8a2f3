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
    fun keystoreWrapperPassesSelfTest() = runBlocking<Unit> {
        val w = wrapper()
        assertTrue(verifyKeyWrapper(w))
        // wrap, unwrap, unwrap of a tampered blob
        assertEquals(3, w.calls.get())
    }

    @Test
    fun hostRuntimeExceptionBecomesKeyUnavailable() {
        val e = assertThrows<TacitException.KeyUnavailable> {
            runBlocking { verifyKeyWrapper(ThrowingWrapper { IllegalStateException("keystore locked: secret-detail") }) }
        }
        // The host's message never comes back through Rust; the exception's message is the fixed text.
        assertFalse(e.toString().contains("secret-detail"))
        assertEquals("wrapping key unavailable", e.message)
    }

    @Test
    fun exceptionMessagesAreTheFixedTexts() = runBlocking<Unit> {
        val p = openProfile(File(dir, "m.db").absolutePath, wrapper())
        val refused = assertThrows<TacitException.StatementRefused> { runBlocking { p.importStatement("no".toByteArray()) } }
        assertTrue(refused.message!!.startsWith("statement refused: "), refused.message)
        val unknown = assertThrows<TacitException.QuickReplyUnknown> { runBlocking { p.onQuickReply("nope") } }
        assertEquals("unknown or already used quick reply", unknown.message)
        val invalid = assertThrows<TacitException.InvalidInput> { runBlocking { p.sync(0) } }
        assertEquals("invalid input", invalid.message)
        p.close()
    }

    @Test
    fun hostTacitExceptionKeepsItsMeaning() {
        assertThrows<TacitException.WrongKey> {
            runBlocking { verifyKeyWrapper(ThrowingWrapper { HostException.WrongKey("another key") }) }
        }
        assertThrows<TacitException.Tampered> {
            runBlocking { verifyKeyWrapper(ThrowingWrapper { HostException.Tampered("bad tag") }) }
        }
    }

    @Test
    fun hostErrorInsideSchemeIsHostCallback() {
        val w = object : KeyWrapper by IdentityWrapper() {
            override fun scheme(): String = throw RuntimeException("boom")
        }
        assertThrows<TacitException.HostCallback> { runBlocking { verifyKeyWrapper(w) } }
    }

    @Test
    fun invalidSchemeIsInvalidInput() {
        val w = object : KeyWrapper by IdentityWrapper() {
            override fun scheme(): String = "Not A Scheme!"
        }
        assertThrows<TacitException.InvalidInput> { runBlocking { verifyKeyWrapper(w) } }
    }

    @Test
    fun garbageFromHostIsATypedError() {
        assertThrows<TacitException.Corrupt> { runBlocking { verifyKeyWrapper(GarbageWrapper(wrapper())) } }
    }

    @Test
    fun clearTextWrapperFailsSelfTest() = runBlocking<Unit> {
        assertFalse(verifyKeyWrapper(IdentityWrapper()))
    }

    @Test
    fun asyncSelfTestWithDefaultsAndProgress() = runBlocking<Unit> {
        val w = wrapper()
        assertTrue(selfTest(w))

        val seen = Collections.synchronizedList(mutableListOf<Pair<Int, Int>>())
        val listener = object : ProgressListener {
            override fun onProgress(done: Int, total: Int) {
                seen.add(done to total)
            }
        }
        assertTrue(selfTest(w, 4, listener, null))
        assertEquals((1..4).map { it to 4 }, seen.toList())
    }

    @Test
    fun asyncSelfTestCancelsAndValidates() = runBlocking<Unit> {
        val cancel = CancelHandle()
        assertFalse(cancel.isCancelled())
        cancel.cancel()
        assertTrue(cancel.isCancelled())
        assertThrows<TacitException.Cancelled> { runBlocking { selfTest(wrapper(), 10, null, cancel) } }
        assertThrows<TacitException.InvalidInput> { runBlocking { selfTest(wrapper(), 0) } }
        cancel.close()
    }

    @Test
    fun sixtyFourCoroutinesAtOnce() = runBlocking<Unit>(Dispatchers.Default) {
        val w = wrapper()
        val results = (1..64).map { i ->
            if (i % 2 == 0) {
                async { selfTest(w, 2) }
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
        runBlocking { assertTrue(selfTest(wrapper(), 1)) }
        val tasks = File("/proc/self/task")
        if (!tasks.isDirectory) return // not Linux: nothing to inspect
        val names = tasks.listFiles()!!.mapNotNull { runCatching { File(it, "comm").readText().trim() }.getOrNull() }
        assertFalse(names.any { it.startsWith("async-compat") }, "a second tokio runtime was started")
        // 1 scheduler thread + at most 8 blocking threads.
        val tacit = names.count { it.startsWith("tacit-rt") }
        assertTrue(tacit in 1..10, "tacit-rt threads: $tacit")
    }
}
