package dev.tacit

import java.io.File
import kotlinx.coroutines.runBlocking
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
 *   (`handleMessage`, a `suspend fun`, timed in Kotlin: argument lowering, the JNA calls
 *   that create, poll, complete and free uniffi's future, the hop to Tacit's blocking pool
 *   and back, core's reply, the record conversion, the RustBuffer copy and lifting) and the
 *   same number of times inside Rust (`benchHandleMessages`, timed around core's
 *   `handle_message` only), alternating which goes first, on the same profile, so load
 *   noise and the growing ledger hit both alike.
 * - `handle_message_p50_us` / `_p99_us` and `rust_handle_message_p50_us` / `_p99_us`: over
 *   all the rounds' replies.
 * - `ffi_marshal_us`: the bindings alone: `benchEchoReply(text)` has `handleMessage`'s shape
 *   (a message in, the same `ChatReply` record out, the same guard) but skips core; the
 *   median over rounds of 5 x 200 calls each. `ffi_marshal_pct` = that / rust p50 x 100:
 *   the FFI cost of a reply relative to the reply's own time.
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
    fun ffiBench() = runBlocking<Unit> {
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
        val p = openProfile(File(dir, "bench.db").absolutePath, KeystoreAesGcmWrapper.fromNewKeystore(dir))
        val t0 = System.nanoTime()
        val loaded = p.loadBenchVault(5L, txns)
        println("vault_txns=${loaded.received}")
        println("vault_load_s=${"%.2f".format((System.nanoTime() - t0) / 1e9)}")
        p.setDisclosure(DisclosureLevel.SUMMARY)

        // Warm-up: the per-generation summary, the JIT's compilation of lowering and lifting.
        val warm = prop("tacit.bench.warmup", 100)
        repeat(warm) { for (q in mix) p.handleMessage(q) }
        p.benchHandleMessages(mix, warm)

        repeat(20_000) { sink += p.benchEchoReply(mix[it % mix.size]).localText.length }
        val single = mix.map { listOf(it) }
        val echoRounds = ArrayList<Double>()
        val kotlinAll = ArrayList<Long>()
        val pairedAll = ArrayList<Long>()
        val loopAll = ArrayList<Long>()
        val pairedDiffs = ArrayList<Double>()
        val loopDiffs = ArrayList<Double>()
        for (round in 0 until rounds) {
            val k = ArrayList<Long>()
            val rp = ArrayList<Long>()
            var loop: List<Long> = emptyList()
            val loopRound: suspend () -> Unit = { loop = p.benchHandleMessages(mix, passes) }
            if (round % 2 == 1) loopRound()
            var i = 0
            repeat(passes) {
                for ((j, q) in mix.withIndex()) {
                    val kotlin: suspend () -> Unit = {
                        val t = System.nanoTime()
                        val reply = p.handleMessage(q)
                        k += System.nanoTime() - t
                        sink += reply.localText.length
                    }
                    // Core's time for the same message, called the same way (one call from
                    // the host), timed inside Rust.
                    val rust: suspend () -> Unit = { rp += p.benchHandleMessages(single[j], 1)[0] }
                    if (i++ % 2 == 0) {
                        kotlin(); rust()
                    } else {
                        rust(); kotlin()
                    }
                }
            }
            if (round % 2 == 0) loopRound()
            // The bindings alone: the same call shape and reply record, without core.
            echoRounds += perCallNs(5, 200) { sink += p.benchEchoReply(mix[round % mix.size]).localText.length }
            kotlinAll += k
            pairedAll += rp
            loopAll += loop
            val kp50 = us(percentile(k.sorted(), 50))
            pairedDiffs += kp50 - us(percentile(rp.sorted(), 50))
            loopDiffs += kp50 - us(percentile(loop.sorted(), 50))
        }
        val ks = kotlinAll.sorted()
        val ps = pairedAll.sorted()
        val ls = loopAll.sorted()
        val pairedP50 = us(percentile(ps, 50))
        val loopP50 = us(percentile(ls, 50))
        val overhead = median(pairedDiffs)
        val marshalUs = median(echoRounds) / 1_000.0
        p.close()
        assertTrue(sink > 0 && ks.isNotEmpty() && ps.isNotEmpty() && ls.isNotEmpty())

        println("replies_per_side=${ks.size}")
        println("ffi_string_call_ns=${fmt(stringNs)}")
        println("rust_loop_handle_message_p50_us=${fmt(loopP50)}")
        println("rust_loop_handle_message_p99_us=${fmt(us(percentile(ls, 99)))}")
        println("ffi_vs_rust_loop_pct=${fmt(median(loopDiffs) / loopP50 * 100)}")
        println("rust_handle_message_p50_us=${fmt(pairedP50)}")
        println("rust_handle_message_p99_us=${fmt(us(percentile(ps, 99)))}")
        println("handle_message_p50_us=${fmt(us(percentile(ks, 50)))}")
        println("ffi_marshal_us=${fmt(marshalUs)}")
        println("ffi_marshal_pct=${fmt(marshalUs / pairedP50 * 100)}")
        println("ffi_overhead_us=${fmt(overhead)}")
        println("ffi_overhead_pct=${fmt(overhead / pairedP50 * 100)}")
        println("ffi_call_overhead_pct=${"%.3f".format(callNs / 1_000.0 / pairedP50 * 100)}")
        println("ffi_call_overhead_ns=${fmt(callNs)}")
        println("handle_message_p99_us=${fmt(us(percentile(ks, 99)))}")
    }
}
