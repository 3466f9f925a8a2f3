package dev.tacit

import java.io.File
import java.util.Collections
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
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
 */
class LoopbackBridge(seed: Int = 7, delayMs: Int = 0) : AutoCloseable {
    private val process: Process
    val setupToken: String
    val caDer: ByteArray

    init {
        val dir = System.getProperty("tacit.bin.dir") ?: fail("tacit.bin.dir is not set: run scripts/test-kotlin.sh")
        val bin = File(dir, "simplefin_loopback")
        if (!bin.canExecute()) fail<Unit>("$bin is missing: cargo build -p tacit-tests --bin simplefin_loopback")
        process = ProcessBuilder(bin.path, "--seed", "$seed", "--delay-ms", "$delayMs")
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
    }

    override fun close() {
        runCatching { process.outputStream.close() }
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroy()
    }
}

/** Bank sync through the bindings against the loopback SimpleFIN bridge. */
class SyncTest {
    @TempDir
    lateinit var dir: File

    private fun profile(name: String) =
        TacitProfile.open(File(dir, "$name.db").absolutePath, KeystoreAesGcmWrapper.fromNewKeystore(dir, name))

    private val balance = "what's my balance?"

    @Test
    fun syncFromTheLoopbackBridgeThenChatAnswersFromIt() = runBlocking {
        LoopbackBridge(seed = 7).use { bridge ->
            // Certificate verification is on: an untrusted test CA fails the claim (and does
            // not consume the single-use token, which never reached the server).
            profile("untrusting").use { other ->
                assertThrows<TacitException.Sync> { runBlocking { other.linkSimplefin(bridge.setupToken) } }
                other.closeProfile()
            }
            profile("bad-ca").use { other ->
                assertThrows<TacitException.InvalidInput> { other.trustBridgeCertificate(byteArrayOf(1, 2, 3)) }
                other.closeProfile()
            }

            val p = profile("synced")
            val before = p.handleMessage(balance)
            p.trustBridgeCertificate(bridge.caDer)
            val source = p.linkSimplefin(bridge.setupToken)
            assertTrue(source.startsWith("simplefin"), source)

            val collecting = object : SyncProgressListener {
                val seen: MutableList<SyncProgressInfo> = Collections.synchronizedList(mutableListOf())
                override fun onProgress(progress: SyncProgressInfo) {
                    seen += progress
                }
            }
            val s = p.sync(400u, true, collecting, CancelHandle())
            assertEquals(1uL, s.connections)
            assertTrue(s.failures.isEmpty(), "failures: ${s.failures}")
            assertEquals(1, s.imports.size)
            val imported = s.imports[0]
            assertTrue(imported.accounts >= 2uL, "accounts: ${imported.accounts}")
            assertTrue(imported.inserted > 500uL, "a year of transactions arrived: ${imported.inserted}")
            val last = collecting.seen.last()
            assertEquals(last.chunksTotal, last.chunksDone)
            assertTrue(last.transactionsSeen.toULong() >= imported.inserted)

            // The chat now answers from the synced data.
            val after = p.handleMessage(balance)
            assertEquals("balance", after.intent)
            assertNotEquals(before.localText, after.localText)
            assertTrue(Regex("""\$\d""").containsMatchIn(after.localText), "a dollar figure")
            val recent = p.handleMessage("show my recent transactions")
            assertTrue(recent.localText.lines().size >= 3, "lists synced transactions")

            // A second sync stores nothing new.
            val again = p.sync(400u)
            assertEquals(0uL, again.imports.single().inserted)
            p.closeProfile()
        }
    }

    @Test
    fun cancellingASyncStopsItWithCancelledAndStoresNothing() = runBlocking {
        LoopbackBridge(seed = 7, delayMs = 30_000).use { bridge ->
            val p = profile("cancelled")
            p.trustBridgeCertificate(bridge.caDer)
            p.linkSimplefin(bridge.setupToken)
            val before = p.handleMessage(balance)
            val cancel = CancelHandle()
            val started = System.nanoTime()
            val sync = async(Dispatchers.IO) { runCatching { p.sync(400u, true, null, cancel) } }
            delay(500) // the first /accounts request is now waiting on the slow bridge
            cancel.cancel()
            val result = sync.await()
            val seconds = (System.nanoTime() - started) / 1e9
            assertTrue(result.exceptionOrNull() is TacitException.Cancelled, "got $result")
            assertTrue(seconds < 10, "cancelled promptly, not after the bridge answered: $seconds s")
            assertEquals(before.localText, p.handleMessage(balance).localText, "nothing was stored")
            p.closeProfile()
        }
    }
}
