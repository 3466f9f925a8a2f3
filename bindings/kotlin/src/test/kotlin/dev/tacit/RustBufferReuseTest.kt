package dev.tacit

import com.sun.jna.Memory
import java.io.File
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotSame
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/**
 * The post-generation patch's buffer machinery (scripts/patch-kotlin-bindings.py): kept
 * Rust buffers, reusable carrier structures, RustBuffers built over a call's memory. Replies
 * must not change whatever buffer a call happens to get, on one thread or many.
 */
class RustBufferReuseTest {
    @TempDir
    lateinit var dir: File

    private fun sandboxProfile(): TacitProfile {
        val p = TacitProfile.open(File(dir, "p.db").absolutePath, KeystoreAesGcmWrapper.fromNewKeystore(dir))
        p.loadSandbox(7uL)
        p.setDisclosure(DisclosureLevel.FULL)
        return p
    }

    private val messages = listOf(
        "what's my balance?",
        "show my recent transactions",
        "how much did I spend on groceries last month?",
        "Wie viel habe ich ausgegeben? — ünïcødé ✓ 💳",
        "x".repeat(70), // just over the smallest kept buffer
        "lorem ipsum ".repeat(2_000), // 24 KB: larger than any kept buffer
    )

    private fun answer(p: TacitProfile, text: String): String =
        try {
            val r = p.handleMessage(text)
            "${r.intent}|${r.localText}|${r.platformText}|${r.quickReplies}|${r.disclosed}"
        } catch (e: TacitException) {
            "error:$e"
        }

    @Test
    fun repliesDoNotDependOnWhichBufferACallGets() {
        val p = sandboxProfile()
        val first = messages.associateWith { answer(p, it) }
        // Interleave calls returning small, large and list buffers with the same messages.
        repeat(30) { round ->
            for (m in messages.shuffled(kotlin.random.Random(round))) {
                assertEquals(first[m], answer(p, m), m.take(40))
                if (round % 3 == 0) p.exportLedger()
                if (round % 4 == 1) p.openAlerts()
                p.setLocale("en-GB")
                assertEquals("en-GB", p.locale())
                p.setLocale("en-US")
            }
        }
        assertTrue(p.verifyLedger() > 0uL)
        p.closeProfile()
    }

    @Test
    fun manyThreadsGetTheSameReplies() {
        val p = sandboxProfile()
        val expected = messages.associateWith { answer(p, it) }
        val wrapper = KeystoreAesGcmWrapper.fromNewKeystore(File(dir, "ks2").apply { mkdirs() })
        val pool = Executors.newFixedThreadPool(8)
        val futures = (0 until 8).map { t ->
            pool.submit<Int> {
                var n = 0
                repeat(40) { i ->
                    val m = messages[(t + i) % messages.size]
                    check(answer(p, m) == expected[m]) { "thread $t call $i: reply changed" }
                    // Callbacks: by-value arguments built over Rust's memory, returns lowered.
                    check(verifyKeyWrapper(wrapper))
                    check(!verifyKeyWrapper(IdentityWrapper()))
                    n++
                }
                n
            }
        }
        assertEquals(8 * 40, futures.sumOf { it.get(120, TimeUnit.SECONDS) })
        pool.shutdown()
        p.closeProfile()
    }

    @Test
    fun keptBufferComesBackZeroedWithTheRequestedLength() {
        // A lifted reply's buffer is kept; the next allocation that fits gets it.
        val p = sandboxProfile()
        p.handleMessage("show my recent transactions")
        val mark = UniffiRustBufferCarriers.mark()
        try {
            val b = RustBuffer.alloc(100uL)
            assertEquals(100L, b.len)
            assertTrue(b.capacity >= 100L)
            assertTrue(b.data!!.getByteArray(0, 100).all { it == 0.toByte() })
            RustBuffer.free(b)
        } finally {
            UniffiRustBufferCarriers.release(mark)
        }
        p.closeProfile()
    }

    @Test
    fun carriersAreReusedOnlyAfterTheirCallReturned() {
        val outer = UniffiRustBufferCarriers.mark()
        val a = UniffiRustBufferCarriers.carry(1L, 0L, null)
        val inner = UniffiRustBufferCarriers.mark()
        val b = UniffiRustBufferCarriers.carry(1L, 0L, null)
        UniffiRustBufferCarriers.release(inner) // b's call returned; a's has not
        assertTrue(a.uniffiPending)
        assertTrue(!b.uniffiPending)
        // A full round of the ring later, a (still pending) is replaced, b is reused.
        val round = (0 until 16).map { UniffiRustBufferCarriers.carry(1L, 0L, null) }
        assertTrue(round.none { it === a })
        assertTrue(round.any { it === b })
        UniffiRustBufferCarriers.release(outer)
        // The ring's carriers (the last 8 taken) are free again; a, replaced, is left alone.
        assertTrue(round.takeLast(8).none { it.uniffiPending })
        assertNotSame(a, b)
    }

    @Test
    fun aBufferOverACallsMemoryIsNeverWrittenInPlace() {
        val m = Memory(24)
        m.clear()
        val b = RustBuffer.ByValue(m) // how JNA builds a returned buffer
        b.read()
        assertEquals(0L, b.len)
        assertThrows<IllegalStateException> { b.write() }
        val own = RustBuffer.ByValue()
        own.len = 5
        own.write()
        assertSame(own.pointer, own.pointer)
        assertEquals(5L, own.pointer.getLong(8))
    }
}
