package dev.tacit

import java.io.File
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/**
 * The `tacit bench ffi` equivalent: prints figures, asserts nothing about timings.
 * Run alone: scripts/test-kotlin.sh -Dtest=FfiBench
 *
 * - ffi_call_overhead_ns: median of coreVersion() calls (one JNA call, one string returned).
 * - handle_message_p99_us: handleMessage("what's my balance?") from Kotlin over the sandbox.
 * - rust_handle_message_p99_us: the same through the same profile, timed inside Rust.
 * The difference of the last two is the FFI cost of a chat turn (lowering, JNA, lifting).
 */
class FfiBench {
    @TempDir
    lateinit var dir: File

    private fun percentile(sorted: List<Long>, p: Int): Long = sorted[((sorted.size * p + 99) / 100 - 1).coerceIn(0, sorted.size - 1)]

    @Test
    fun ffiBench() {
        repeat(20_000) { coreVersion() } // let the JIT compile the call path
        val calls = (1..20_000).map {
            val t = System.nanoTime()
            coreVersion()
            System.nanoTime() - t
        }.sorted()
        println("ffi_call_overhead_ns=${percentile(calls, 50)}")
        val t0 = System.nanoTime()
        repeat(20_000) { coreVersion() }
        println("ffi_call_mean_ns=${(System.nanoTime() - t0) / 20_000}")
        val v0 = System.nanoTime()
        repeat(20_000) { CancelHandle().use { it.isCancelled() } }
        println("ffi_object_new_call_free_mean_ns=${(System.nanoTime() - v0) / 20_000}")

        val p = TacitProfile.open(File(dir, "bench.db").absolutePath, KeystoreAesGcmWrapper.fromNewKeystore(dir))
        p.loadSandbox(7uL)
        val text = "what's my balance?"
        repeat(50) { p.handleMessage(text) }
        val n = 500
        val us = (1..n).map {
            val t = System.nanoTime()
            p.handleMessage(text)
            (System.nanoTime() - t) / 1_000
        }.sorted()
        println("handle_message_p50_us=${percentile(us, 50)}")
        println("handle_message_p99_us=${percentile(us, 99)}")
        val rust = p.benchHandleMessage(text, n.toUInt())
        println("rust_handle_message_p99_us=${"%.1f".format(rust)}")
        p.closeProfile()
    }
}
