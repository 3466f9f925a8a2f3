package dev.tacit

import java.io.File
import java.util.Collections
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/**
 * The loopback SimpleFIN bridge of the tests crate (`simplefin_loopback`, built by
 * scripts/test-kotlin.sh), run as a child process: real HTTPS on 127.0.0.1 with a test CA,
 * serving the sandbox bank of [seed]. Closing it closes the child's stdin, which stops it.
 *
 * After `ready` the bridge reports events on stdout (`in_flight=N` as the N-th `/accounts`
 * request arrives, `served=N` when it stops): [awaitInFlight] and [close] wait on them, so no
 * test ever waits on the clock.
 */
class LoopbackBridge(seed: Int = 7, delayMs: Int = 0, delayFrom: Int = 0) : AutoCloseable {
    private val process: Process
    private val events = LinkedBlockingQueue<String>()
    val setupToken: String
    val caDer: ByteArray

    /** `/accounts` requests the bridge saw in all; set by [close]. */
    var served = -1
        private set

    init {
        val dir = System.getProperty("tacit.bin.dir") ?: fail("tacit.bin.dir is not set: run scripts/test-kotlin.sh")
        val bin = File(dir, "simplefin_loopback")
        if (!bin.canExecute()) fail<Unit>("$bin is missing: cargo build -p tacit-tests --bin simplefin_loopback")
        process = ProcessBuilder(bin.path, "--seed", "$seed", "--delay-ms", "$delayMs", "--delay-from", "$delayFrom")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start()
        val fields = HashMap<String, String>()
        val out = process.inputStream.bufferedReader()
        while (true) {
            val line = out.readLine() ?: fail("simplefin_loopback exited before it was ready")
            if (line == "ready") break
            line.split('=', limit = 2).takeIf { it.size == 2 }?.let { fields[it[0]] = it[1] }
        }
        setupToken = fields["setup_token"] ?: fail("no setup token")
        caDer = (fields["ca_der_hex"] ?: fail("no CA")).chunked(2).map { it.toInt(16).toByte() }.toByteArray()
        Thread {
            while (true) events.put(out.readLine() ?: break)
            events.put("eof")
        }.apply { isDaemon = true }.start()
    }

    /** Blocks until the bridge reports that its [n]-th `/accounts` request is in flight. */
    fun awaitInFlight(n: Int) = await("in_flight=$n")

    /**
     * Blocks until the bridge reports that the client gave up on its [n]-th `/accounts`
     * request (closed the connection). The bound only turns "never" into a failure; a
     * passing run waits for the event, not for the clock.
     */
    fun awaitAbandoned(n: Int) = await("abandoned=$n", boundSeconds = 30)

    private fun await(event: String, boundSeconds: Long = 120) {
        while (true) {
            val e = events.poll(boundSeconds, TimeUnit.SECONDS) ?: fail<String>("no '$event' from the bridge")
            if (e == event) return
            if (e == "eof") fail<Unit>("the bridge stopped before '$event'")
        }
    }

    override fun close() {
        runCatching { process.outputStream.close() }
        // The bridge answers the closed stdin with `served=N`, then exits.
        while (served < 0) {
            val e = events.poll(60, TimeUnit.SECONDS) ?: break
            if (e.startsWith("served=")) served = e.removePrefix("served=").toInt()
            if (e == "eof") break
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroy()
    }
}

/** Bank sync through the bindings against the loopback SimpleFIN bridge. */
class SyncTest {
    @TempDir
    lateinit var dir: File

    private suspend fun profile(name: String) =
        openProfile(File(dir, "$name.db").absolutePath, KeystoreAesGcmWrapper.fromNewKeystore(dir, name))

    private val balance = "what's my balance?"

    @Test
    fun syncFromTheLoopbackBridgeThenChatAnswersFromIt() = runBlocking<Unit> {
        LoopbackBridge(seed = 7).use { bridge ->
            // Certificate verification is on: an untrusted test CA fails the claim (and does
            // not consume the single-use token, which never reached the server).
            profile("untrusting").use { other ->
                assertThrows<TacitException.Sync> { runBlocking { other.linkSimplefin(bridge.setupToken) } }
            }
            profile("bad-ca").use { other ->
                assertThrows<TacitException.InvalidInput> { other.trustBridgeCertificate(byteArrayOf(1, 2, 3)) }
            }

            val p = profile("synced")
            val before = p.handleMessage(balance)
            p.trustBridgeCertificate(bridge.caDer)
            val source = p.linkSimplefin(bridge.setupToken)
            assertTrue(source.startsWith("simplefin"), source)

            // Progress as a Flow, in order, then the alerts, then the summary.
            val events = p.syncEvents(days = 400).toList()
            val progress = events.filterIsInstance<SyncEvent.Progress>().map { it.info }
            val s = (events.last() as SyncEvent.Finished).summary
            assertTrue(progress.isNotEmpty())
            assertEquals((1..progress.size).toList(), progress.map { it.chunksDone }, "one event per request, in order")
            assertTrue(progress.all { it.chunksTotal == progress.size })
            assertEquals(progress.map { it.transactionsSeen }.sorted(), progress.map { it.transactionsSeen })
            val alerts = events.filterIsInstance<SyncEvent.Alert>()
            assertEquals(s.imports.sumOf { it.alerts.size }, alerts.size)
            assertTrue(events.indexOfFirst { it is SyncEvent.Alert }.let { it < 0 || it > events.indexOfLast { e -> e is SyncEvent.Progress } })
            assertEquals(1L, s.connections)
            assertTrue(s.failures.isEmpty(), "failures: ${s.failures}")
            assertEquals(1, s.imports.size)
            val imported = s.imports[0]
            assertTrue(imported.accounts >= 2L, "accounts: ${imported.accounts}")
            assertTrue(imported.inserted > 500L, "a year of transactions arrived: ${imported.inserted}")
            assertTrue(progress.last().transactionsSeen.toLong() >= imported.inserted)

            // The chat now answers from the synced data.
            val after = p.handleMessage(balance)
            assertEquals(Intent.BALANCE, after.intent)
            assertNotEquals(before.localText, after.localText)
            assertTrue(Regex("""\$\d""").containsMatchIn(after.localText), "a dollar figure")
            val recent = p.handleMessage("show my recent transactions")
            assertTrue(recent.localText.lines().size >= 3, "recent transactions")

            // A second sync stores nothing new.
            val again = p.sync(400)
            assertEquals(0L, again.imports.single().inserted)
            p.close()
        }
    }

    @Test
    fun cancellingTheCoroutineStopsTheSyncAndStoresNothing() = runBlocking<Unit> {
        // Request 1 is answered at once; request 2 and later would wait 60 s.
        val bridge = LoopbackBridge(seed = 7, delayMs = 60_000, delayFrom = 2)
        val p = profile("cancelled")
        p.trustBridgeCertificate(bridge.caDer)
        p.linkSimplefin(bridge.setupToken)
        val before = p.handleMessage(balance)
        val ledgerBefore = p.verifyLedger()
        val seen = Collections.synchronizedList(mutableListOf<SyncProgressInfo>())
        val listener = object : SyncProgressListener {
            override fun onProgress(progress: SyncProgressInfo) {
                seen.add(progress)
            }
        }
        val sync = async(Dispatchers.IO, start = CoroutineStart.UNDISPATCHED) { p.sync(400, true, listener, null) }
        bridge.awaitInFlight(2) // the event from the bridge: request 2 is now waiting there
        sync.cancel() // the coroutine, not a CancelHandle
        assertThrows<CancellationException> { runBlocking { sync.await() } }
        // The Rust work stopped: it dropped the request in flight (the bridge saw its client
        // leave) instead of waiting for the answer and going on with request 3.
        bridge.awaitAbandoned(2)
        // Nothing of the half-fetched window was stored, and nothing was released to the platform.
        assertEquals(before.localText, p.handleMessage(balance).localText, "nothing was stored")
        assertEquals(ledgerBefore + 1, p.verifyLedger(), "only the reply just asked for is in the ledger")
        assertEquals(listOf(1), seen.map { it.chunksDone }, "request 1 completed, request 2 never did")
        p.close()
        bridge.close()
        assertEquals(2, bridge.served, "no request reached the bridge after the cancellation")
    }

    @Test
    fun cancelHandleStillWorksForHostsThatKeepOne() = runBlocking<Unit> {
        LoopbackBridge(seed = 7, delayMs = 60_000, delayFrom = 1).use { bridge ->
            val p = profile("handle")
            p.trustBridgeCertificate(bridge.caDer)
            p.linkSimplefin(bridge.setupToken)
            val cancel = CancelHandle()
            val sync = async(Dispatchers.IO) { runCatching { p.sync(400, true, null, cancel) } }
            bridge.awaitInFlight(1)
            cancel.cancel()
            val result = sync.await()
            assertTrue(result.exceptionOrNull() is TacitException.Cancelled, "got $result")
            assertEquals("cancelled", result.exceptionOrNull()!!.message)
            p.close()
        }
    }
}
