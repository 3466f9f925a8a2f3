package dev.tacit

import java.io.File
import java.util.Locale
import java.util.TimeZone
import kotlinx.coroutines.flow.collect
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/**
 * The Kotlin of docs/integrating.md, compiled here. Between the `docs:` markers the text must
 * equal the doc's ```kotlin block of the same name (DocsExampleTest checks it), so the doc
 * cannot drift from the API.
 */
@Suppress("UNUSED_VARIABLE", "unused")
object DocsExample {
    fun showOnDevice(text: String) {}
    fun sendToPlatform(text: String) {}
    fun showProgress(done: Int, total: Int) {}

    suspend fun apiInOneScreen(filesDir: File, wrapper: KeyWrapper, bytes: ByteArray, setupToken: String, text: String) {
        // docs:begin api
        val profile = openProfile(File(filesDir, "tacit.db").path, wrapper) // suspend, like every call below
        profile.setLocale(Locale.getDefault().toLanguageTag())
        profile.setUtcOffsetMinutes(TimeZone.getDefault().getOffset(System.currentTimeMillis()) / 60_000)
        val imported = profile.importStatement(bytes) // OFX/QFX, CSV, QIF, CAMT.053 → ImportSummary (Long counts + alerts)
        val source = profile.linkSimplefin(setupToken) // claims the token, stores the Access URL
        profile.syncEvents(days = 90).collect { event -> // cancel the collecting coroutine to stop the sync
            when (event) {
                is SyncEvent.Progress -> showProgress(event.info.chunksDone, event.info.chunksTotal)
                is SyncEvent.Alert -> showOnDevice(event.reply.localText) // "Was this you?" with YES / NO
                is SyncEvent.Finished -> println("${event.summary.connections} connection(s) synced")
            }
        }
        val reply = profile.handleMessage(text) // ChatReply: intent is an Intent enum
        showOnDevice(reply.localText) // may contain amounts, merchants
        sendToPlatform(reply.platformText) // the ONLY text that may leave the device
        val alert = profile.openAlerts().firstOrNull()?.let { profile.raiseAlert(it.id) }
        val yes = alert?.yesButton // found by QuickReplyKind.YES, not by its localised label
        if (yes != null) profile.onQuickReply(yes.token)
        profile.setDisclosure(DisclosureLevel.SUMMARY)
        val ledger = profile.exportLedger() // JSON lines of everything released
        profile.close() // or profile.use { ... }: closes the vault; later calls throw TacitException.Closed
        // docs:end api
    }

    /** The key wrapper's error contract. */
    class DocsWrapper(private val inner: KeyWrapper) : KeyWrapper by inner {
        // docs:begin wrapper
        override fun unwrap(wrapped: ByteArray): ByteArray {
            if (wrapped.size < 36) throw HostException.Tampered("too short")
            return inner.unwrap(wrapped) // throw HostException.WrongKey / KeyUnavailable as they apply
        }
        // docs:end wrapper
    }
}

class DocsExampleTest {
    private fun blocks(text: String, begin: Regex, end: Regex): Map<String, String> {
        val out = HashMap<String, String>()
        var name: String? = null
        val buf = StringBuilder()
        for (line in text.lines()) {
            val b = begin.find(line)
            when {
                b != null -> { name = b.groupValues[1]; buf.clear() }
                name != null && end.containsMatchIn(line) -> { out[name!!] = buf.toString().trimIndent(); name = null }
                name != null -> buf.appendLine(line)
            }
        }
        return out
    }

    @Test
    fun integratingMdKotlinIsThisCompiledFile() {
        val root = File(System.getProperty("user.dir")).resolve("../..").canonicalFile
        val source = root.resolve("bindings/kotlin/src/test/kotlin/dev/tacit/DocsExample.kt").readText()
        val doc = root.resolve("docs/integrating.md").readText()
        val fromSource = blocks(source, Regex("""// docs:begin (\w+)"""), Regex("""// docs:end"""))
        val fromDoc = blocks(doc, Regex("""^```kotlin (\w+)$"""), Regex("""^```$"""))
        assertEquals(setOf("api", "wrapper"), fromSource.keys)
        assertEquals(fromSource.keys, fromDoc.keys, "the doc's kotlin blocks")
        for (k in fromSource.keys) assertEquals(fromSource[k], fromDoc[k], "docs/integrating.md block '$k' differs from DocsExample.kt")
    }
}
