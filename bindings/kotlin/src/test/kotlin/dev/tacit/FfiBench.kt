package dev.tacit

import java.io.File
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/**
 * The FFI benchmark (the `tacit bench ffi` equivalent, JMH-free). Not part of the normal suite
 * (surefire only picks up `*Test` classes): run it with `scripts/bench-ffi.sh`, which builds
 * the release library. Prints key=value lines; asserts only that it measured something.
 *
 * - `ffi_call_overhead_ns`: one trivial exported call (`CancelHandle.isCancelled()`: an
 *   object handle in, a bool out, no allocation), after JIT warm-up; the median over batches
 *   of the batch's mean time per call. `ffi_string_call_ns` is the same for `coreVersion()`
 *   (a string returned through a RustBuffer).
 * - The vault: the sandbox bank plus `tacit.bench.txns` (default 100,000) synthetic purchases,
 *   at the `SUMMARY` disclosure level, as `tacit bench assistant` measures.
 * - Each round times the 12-message mix `tacit.bench.passes` times through the bindings
 *   (`handleMessage`, timed in Kotlin: argument lowering, the JNA call, the panic guard,
 *   core's reply, the record conversion, the RustBuffer copy and lifting in Kotlin) and the
 *   same number of times inside Rust (`benchHandleMessages`, timed around core's
 *   `handle_message` only), alternating which goes first, on the same profile, so load
 *   noise and the growing ledger hit both alike.
 * - `handle_message_p50_us` / `_p99_us` and `rust_handle_message_p50_us` / `_p99_us`: over
 *   all the rounds' replies.
 * - `ffi_overhead_us`: the median over rounds of (the round's Kotlin p50 - its Rust p50),
 *   i.e. the bindings' extra cost per reply; `ffi_overhead_pct` = that / rust p50 x 100.
 *   `ffi_overhead_mean_pct` uses the rounds' means instead (tails included).
 *   `ffi_call_overhead_pct` = the trivial call's cost / rust p50 x 100.
 */
class FfiBench {
    @TempDir
    lateinit var dir: File

    private val mix = listOf(
        "what's my balance?",
        "how much did I spend on groceries last month?",
        "show my recent transactions",
        "what did I spend at Whole Foods this month",
        "transactions over \$100 last week",
        "when is my credit card bill due",
        "what's the minimum payment on my card",
        "what's my credit limit",
        "what is my apr",
        "how much did I spend on dining this month",
        "is there any fraud on my account",
        "how much money is in checking",
    )

    private fun prop(name: String, default: Int) = System.getProperty(name)?.toIntOrNull() ?: default

    private fun percentile(sorted: List<Long>, p: Int): Long =
        sorted[((sorted.size * p + 99) / 100 - 1).coerceIn(0, sorted.size - 1)]

    private fun median(xs: List<Double>): Double {
        val s = xs.sorted()
        return if (s.size % 2 == 1) s[s.size / 2] else (s[s.size / 2 - 1] + s[s.size / 2]) / 2
    }

    /** Median over [batches] of the mean time per call of [perBatch] calls of [f], in ns. */
    private inline fun perCallNs(batches: Int, perBatch: Int, f: () -> Unit): Double {
        val means = (1..batches).map {
            val t = System.nanoTime()
            repeat(perBatch) { f() }
            (System.nanoTime() - t).toDouble() / perBatch
        }
        return median(means)
    }

    private fun us(ns: Long) = ns / 1_000.0
    private fun fmt(x: Double) = "%.1f".format(x)

    @Test
    fun ffiBench() {
        val handle = CancelHandle()
        var sink = 0
        repeat(300_000) { if (handle.isCancelled()) sink++ } // let the JIT compile the call path
        repeat(100_000) { sink += coreVersion().length }
        val callNs = perCallNs(41, 20_000) { if (handle.isCancelled()) sink++ }
        val stringNs = perCallNs(41, 20_000) { sink += coreVersion().length }
        handle.close()

        val txns = prop("tacit.bench.txns", 100_000)
        val rounds = prop("tacit.bench.rounds", 25)
        val passes = prop("tacit.bench.passes", 4)
        val p = TacitProfile.open(File(dir, "bench.db").absolutePath, KeystoreAesGcmWrapper.fromNewKeystore(dir))
        val t0 = System.nanoTime()
        val loaded = p.loadBenchVault(5uL, txns.toUInt())
        println("vault_txns=${loaded.received}")
        println("vault_load_s=${"%.2f".format((System.nanoTime() - t0) / 1e9)}")
        p.setDisclosure(DisclosureLevel.SUMMARY)

        // Warm-up: the per-generation summary, the JIT's compilation of lowering and lifting.
        val warm = prop("tacit.bench.warmup", 100)
        repeat(warm) { for (q in mix) p.handleMessage(q) }
        p.benchHandleMessages(mix, warm.toUInt())

        val kotlinAll = ArrayList<Long>()
        val rustAll = ArrayList<Long>()
        val p50Diffs = ArrayList<Double>()
        val meanDiffs = ArrayList<Double>()
        for (round in 0 until rounds) {
            var k: List<Long> = emptyList()
            var r: List<Long> = emptyList()
            val kotlinRound = {
                k = (1..passes).flatMap {
                    mix.map { q ->
                        val t = System.nanoTime()
                        val reply = p.handleMessage(q)
                        val ns = System.nanoTime() - t
                        sink += reply.localText.length
                        ns
                    }
                }
            }
            val rustRound = { r = p.benchHandleMessages(mix, passes.toUInt()).map { it.toLong() } }
            if (round % 2 == 0) {
                kotlinRound(); rustRound()
            } else {
                rustRound(); kotlinRound()
            }
            kotlinAll += k
            rustAll += r
            val ks = k.sorted()
            val rs = r.sorted()
            p50Diffs += us(percentile(ks, 50) - percentile(rs, 50))
            meanDiffs += (k.average() - r.average()) / 1_000.0
        }
        val ks = kotlinAll.sorted()
        val rs = rustAll.sorted()
        val rustP50 = us(percentile(rs, 50))
        val rustMean = rs.average() / 1_000.0
        val overhead = median(p50Diffs)
        val overheadMean = median(meanDiffs)
        p.closeProfile()
        assertTrue(sink > 0 && ks.isNotEmpty() && rs.isNotEmpty())

        println("replies_per_side=${ks.size}")
        println("ffi_string_call_ns=${fmt(stringNs)}")
        println("rust_handle_message_p50_us=${fmt(rustP50)}")
        println("rust_handle_message_p99_us=${fmt(us(percentile(rs, 99)))}")
        println("handle_message_p50_us=${fmt(us(percentile(ks, 50)))}")
        println("ffi_overhead_us=${fmt(overhead)}")
        println("ffi_overhead_pct=${fmt(overhead / rustP50 * 100)}")
        println("ffi_overhead_mean_pct=${fmt(overheadMean / rustMean * 100)}")
        println("ffi_call_overhead_pct=${"%.3f".format(callNs / 1_000.0 / rustP50 * 100)}")
        println("ffi_call_overhead_ns=${fmt(callNs)}")
        println("handle_message_p99_us=${fmt(us(percentile(ks, 99)))}")
    }
}
