package dev.tacit

import dev.tacit.demo.Author
import dev.tacit.demo.ChatPresenter
import dev.tacit.demo.ProfileBackend
import java.io.File
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/** The profile API end to end: sandbox, chat, disclosure, OFX, ledger, keys, concurrency. */
class ProfileTest {
    @TempDir
    lateinit var dir: File

    private val path get() = File(dir, "profile.db").absolutePath
    private val balance = "what's my balance?"

    /** Alert messages the last [sandboxProfile] load raised (each is in the ledger). */
    private var loadedAlerts = 0L

    private suspend fun sandboxProfile(w: KeyWrapper = KeystoreAesGcmWrapper.fromNewKeystore(dir)): TacitProfile {
        val p = openProfile(path, w)
        val s = p.loadSandbox(7L)
        assertTrue(s.inserted > 0L && s.accounts > 0L)
        loadedAlerts = s.alerts.size.toLong()
        return p
    }

    private suspend fun open(w: KeyWrapper = KeystoreAesGcmWrapper.fromNewKeystore(dir)) = openProfile(path, w)

    @Test
    fun chatAtMinimalThenFullWithLedger() = runBlocking<Unit> {
        val p = sandboxProfile()
        assertEquals(DisclosureLevel.MINIMAL, p.disclosure())
        val r = p.handleMessage(balance)
        assertEquals(Intent.BALANCE, r.intent)
        assertTrue(DisclosedCategory.AMOUNT !in r.disclosed, "minimal discloses no amount")
        assertTrue(r.localText.contains("$"), "local text shows the amount")
        assertFalse(r.platformText.any { it.isDigit() }, "platform text at minimal has no digits")

        p.setDisclosure(DisclosureLevel.FULL)
        assertEquals(DisclosureLevel.FULL, p.disclosure())
        val full = p.handleMessage(balance)
        assertNotEquals(r.platformText, full.platformText)
        assertTrue(full.platformText.any { it.isDigit() }, "full level discloses figures")

        val ledger = p.exportLedger().lines().filter { it.isNotBlank() }
        assertEquals(2 + loadedAlerts.toInt(), ledger.size, "one JSON line per reply or alert sent")
        assertTrue(ledger.all { it.startsWith("{") && it.endsWith("}") })
        assertEquals(2L + loadedAlerts, p.verifyLedger())
        assertTrue(DisclosedCategory.AMOUNT in full.disclosed || DisclosedCategory.BALANCE in full.disclosed, "${full.disclosed}")
        p.close()
    }

    @Test
    fun settingsPersistAcrossReopen() = runBlocking<Unit> {
        val w = KeystoreAesGcmWrapper.fromNewKeystore(dir)
        open(w).use { p ->
            p.setLocale("de_DE")
            p.setUtcOffsetMinutes(60)
            p.setDisclosure(DisclosureLevel.SUMMARY)
        }
        // use {} closed the vault: it opens again at once.
        open(w).use { p ->
            assertEquals("de-DE", p.locale())
            assertEquals(DisclosureLevel.SUMMARY, p.disclosure())
        }
    }

    @Test
    fun closeClosesTheVaultAndLaterCallsThrow() = runBlocking<Unit> {
        val w = KeystoreAesGcmWrapper.fromNewKeystore(dir)
        val p = open(w)
        p.setDisclosure(DisclosureLevel.FULL)
        p.close()
        p.close() // closing twice is fine
        // One close semantics: later calls throw the typed Closed, with its fixed message.
        val closed = assertThrows<TacitException.Closed> { runBlocking { p.disclosure() } }
        assertEquals("the profile was closed or wiped", closed.message)
        assertThrows<TacitException.Closed> { runBlocking { p.handleMessage(balance) } }
        assertEquals("TacitProfile(<redacted>)", p.toString())
        // use {} is the same close: the profile it closed answers Closed too.
        val used = open(w).use { it.also { q -> assertEquals(DisclosureLevel.FULL, q.disclosure()) } }
        assertThrows<TacitException.Closed> { runBlocking { used.locale() } }
        // The suspending close is the same close.
        val s = open(w)
        s.closeVault()
        assertThrows<TacitException.Closed> { runBlocking { s.exportLedger() } }
        // The vault was closed each time: another open of the same file works and sees the setting.
        open(w).use { assertEquals(DisclosureLevel.FULL, it.disclosure()) }
        // wipe() destroys the vault: later calls on that profile throw Closed.
        val q = open(w)
        q.wipe()
        val e = assertThrows<TacitException.Closed> { runBlocking { q.disclosure() } }
        assertEquals("the profile was closed or wiped", e.message)
        q.close()
    }

    /** A host GenerationStore (here in memory; Keystore-sealed preferences on Android). */
    private class MemoryGenerationStore : GenerationStore {
        val seen = java.util.concurrent.ConcurrentHashMap<String, Long>()
        override fun lastSeen(vaultId: ByteArray): Long? = seen[vaultId.toHex()]
        override fun record(vaultId: ByteArray, generation: Long) {
            seen.merge(vaultId.toHex(), generation, ::maxOf)
        }
        private fun ByteArray.toHex() = joinToString("") { "%02x".format(it) }
    }

    @Test
    fun restoringAnOlderCopyWithTheSameStoreIsRollback() = runBlocking<Unit> {
        val w = KeystoreAesGcmWrapper.fromNewKeystore(dir)
        val store = MemoryGenerationStore()
        openProfile(path, w, store).use { it.setDisclosure(DisclosureLevel.SUMMARY) }
        val files = listOf(File(path), File("$path-wal"), File("$path-shm"))
        val old = files.map { if (it.exists()) it.readBytes() else null }
        openProfile(path, w, store).use { it.setDisclosure(DisclosureLevel.FULL) }
        assertTrue(store.seen.values.single() > 0L, "each write recorded its generation")
        // Put the older copy back, as a restore (or an attacker) would.
        files.zip(old).forEach { (f, bytes) -> if (bytes != null) f.writeBytes(bytes) else f.delete() }
        val e = assertThrows<TacitException.Rollback> { runBlocking { openProfile(path, w, store) } }
        assertEquals("vault is older than the last state seen", e.message)
        // A store that cannot be read fails the open rather than skipping the check.
        val locked = object : GenerationStore {
            override fun lastSeen(vaultId: ByteArray): Long? = throw HostException.KeyUnavailable("locked")
            override fun record(vaultId: ByteArray, generation: Long) {}
        }
        assertThrows<TacitException.KeyUnavailable> { runBlocking { openProfile(path, w, locked) } }
    }

    @Test
    fun importsATinyOfxStatement() = runBlocking<Unit> {
        val p = open()
        val s = p.importStatement(TINY_OFX.replace("\n", "\r\n").toByteArray(Charsets.US_ASCII))
        assertEquals(1L, s.accounts)
        assertEquals(2L, s.received)
        assertEquals(2L, s.inserted)
        val again = p.importStatement(TINY_OFX.toByteArray(Charsets.US_ASCII))
        assertEquals(0L, again.inserted)
        p.setDisclosure(DisclosureLevel.FULL)
        assertTrue(p.handleMessage(balance).localText.contains("987.66"))
        val e = assertThrows<TacitException.StatementRefused> { runBlocking { p.importStatement("not a statement".toByteArray()) } }
        assertTrue(e.message!!.startsWith("statement refused: ") && e.message!!.length > 20, e.message)
        p.close()
    }

    @Test
    fun hostBatchIsValidatedByCore() = runBlocking<Unit> {
        val p = open()
        val now = System.currentTimeMillis() / 1000
        val acct = HostAccount(
            id = "host/card", institution = "Example Bank", displayName = "Card", nickname = null,
            kind = AccountType.CREDIT_CARD, currency = "USD", last4 = "4242",
            balanceMinor = -12_345, availableMinor = null, balanceAsOf = now, creditLimitMinor = 500_000,
        )
        val txn = HostTransaction(
            id = "host/card#1", accountId = "host/card", amountMinor = -1_999, currency = "USD",
            pending = false, transactedAt = now - 3600, postedAt = now - 60, description = "COFFEE",
            merchant = "Coffee", mcc = 5814u, category = "dining", latE6 = null, lonE6 = null,
            city = null, country = null, cardPresent = true, pendingLink = null,
        )
        val s = p.pushHostBatch(HostBatch("host", listOf(acct), listOf(txn), emptyList()))
        assertEquals(1L, s.inserted)
        val e = assertThrows<TacitException.HostBatchRefused> {
            runBlocking { p.pushHostBatch(HostBatch("host", listOf(acct), listOf(txn.copy(id = "x", transactedAt = now + 86_400 * 30)), emptyList())) }
        }
        assertFalse(e.message!!.contains("COFFEE"))
        // No record that carries bank data prints it.
        for (text in listOf(acct.toString(), txn.toString(), HostBatch("host", listOf(acct), listOf(txn), emptyList()).toString())) {
            assertFalse(text.contains("COFFEE") || text.contains("Coffee") || text.contains("4242") || text.contains("1999") || text.contains("12345"), text)
        }
        assertTrue(p.forgetSource("host") >= 2L, "the account and its transaction")
        p.close()
    }

    @Test
    fun anotherKeystoreKeyIsWrongKey() = runBlocking<Unit> {
        open(KeystoreAesGcmWrapper.fromNewKeystore(dir, "a")).close()
        val other = KeystoreAesGcmWrapper.fromNewKeystore(dir, "b")
        val e = assertThrows<TacitException.WrongKey> { runBlocking { open(other) } }
        assertEquals("wrong key or passphrase", e.message)
    }

    @Test
    fun throwingWrapperIsKeyUnavailable() {
        assertThrows<TacitException.KeyUnavailable> {
            runBlocking { open(ThrowingWrapper { IllegalStateException("keystore locked") }) }
        }
    }

    @Test
    fun asyncFactoryOpens() = runBlocking<Unit> {
        val p = open()
        assertEquals(DisclosureLevel.MINIMAL, p.disclosure())
        // No SimpleFIN connection linked: a sync touches no network and reports nothing.
        // (SyncTest syncs from the loopback SimpleFIN bridge.)
        val progress = object : SyncProgressListener {
            override fun onProgress(progress: SyncProgressInfo) {}
        }
        val s = p.sync(30, true, progress, CancelHandle())
        assertEquals(0L, s.connections)
        assertThrows<TacitException.InvalidInput> { runBlocking { p.sync(0) } }
        assertThrows<TacitException.Sync> { runBlocking { p.linkSimplefin("not a setup token") } }
        p.wipe()
        assertThrows<TacitException.Closed> { runBlocking { p.disclosure() } }
        assertFalse(File(path).exists())
    }

    @Test
    fun sixtyFourCoroutinesChatAtOnce() = runBlocking<Unit>(Dispatchers.IO) {
        val p = sandboxProfile()
        val replies = (1..64).map { async { p.handleMessage(balance) } }.awaitAll()
        assertEquals(64, replies.size)
        assertEquals(1, replies.map { it.localText }.toSet().size, "all 64 answers identical")
        assertEquals(64L + loadedAlerts, p.verifyLedger())
        p.close()
    }

    @Test
    fun replayedSandboxRaisesAlertsAnsweredByQuickReply() = runBlocking<Unit> {
        val p = open()
        val s = p.replaySandbox(7L)
        assertTrue(s.alerts.isNotEmpty(), "the sandbox year has planted fraud")
        assertEquals(s.alerts.size.toLong(), p.verifyLedger(), "each alert message is in the ledger")
        // Typed: reasons, YES / NO buttons by kind, and no bank datum in any record's toString().
        assertTrue(p.openAlerts().all { it.reasons.isNotEmpty() && it.reasons.size == it.explanations.size })
        for (a in s.alerts) {
            assertEquals(listOf(QuickReplyKind.YES, QuickReplyKind.NO), a.quickReplies.map { it.kind })
            assertEquals(a.yesButton, a.quickReplies[0])
            for (text in listOf(a.toString(), s.toString(), a.quickReplies[0].toString())) {
                assertFalse(text.contains(a.localText) || text.contains(a.quickReplies[0].token) || text.contains("$"), text)
            }
        }
        val open = p.openAlerts()
        assertTrue(open.isNotEmpty() && open.all { it.status == AlertState.OPEN })
        assertTrue(open.all { a -> a.explanations.none { e -> e.contains("$") } })
        // Each "Was this you?" message names its alert, an open one.
        assertTrue(s.alerts.all { r -> r.alertId != null && r.answeredAlertId == null })
        assertTrue(s.alerts.mapNotNull { it.alertId }.all { id -> open.any { it.id == id } })
        // The year ends today: recent activity is current, whatever the date.
        val recent = p.handleMessage("show my recent transactions")
        assertTrue(recent.localText.lines().size >= 3, "recent transactions: ${recent.localText.lines().size} lines")
        val presenter = ChatPresenter.create(ProfileBackend(p))
        var st = presenter.showAlerts(s.alerts.take(1))
        val alert = st.bubbles.last()
        assertTrue(alert.isAlert && alert.buttons.size >= 2, "YES / NO quick replies")
        assertEquals(s.alerts.first().alertId, alert.alertId, "the bubble knows its alert")
        assertFalse(alert.platformText!!.any { it.isDigit() }, "the alert at minimal carries no figures")
        // The first alert was raised months ago, at its sync's clock: its buttons have expired.
        st = presenter.tap(alert.id, alert.buttons.first())
        assertEquals(Author.SYSTEM, st.bubbles.last().author)
        assertEquals("That button has expired. Please ask again.", st.bubbles.last().text)
        // Asking again issues fresh buttons that work.
        st = presenter.checkAlerts(limit = 1)
        val again = st.bubbles.last()
        assertTrue(again.alertId != null && again.buttons.size >= 2)
        st = presenter.tap(again.id, again.buttons.first())
        assertEquals(Author.ASSISTANT, st.bubbles.last().author)
        assertEquals(open.size - 1, p.openAlerts().size, "the alert was answered")
        // The token is single-use.
        assertThrows<TacitException.QuickReplyUnknown> { runBlocking { p.onQuickReply(again.buttons.first().token) } }
        p.close()
    }

    @Test
    fun answerAFraudAlertDirectlyByItsId() = runBlocking<Unit> {
        val p = open()
        val s = p.replaySandbox(7L)
        val prompt = s.alerts.last()
        val id = prompt.alertId!!
        val before = p.openAlerts().size
        val answer = p.answerAlert(id, false)
        assertEquals(id, answer.answeredAlertId)
        assertEquals(false, answer.answeredLegit)
        assertEquals(null, answer.alertId)
        assertEquals(before - 1, p.openAlerts().size)
        assertTrue(p.openAlerts().none { it.id == id })
        assertThrows<TacitException.NoSuchAlert> { runBlocking { p.answerAlert(id, true) } }
        // The alert prompt and the answer are both in the exported ledger.
        val ledger = p.exportLedger().lines().filter { it.isNotBlank() }
        assertEquals(s.alerts.size + 1, ledger.size)
        assertEquals(ledger.size.toLong(), p.verifyLedger())
        p.close()
    }

    @Test
    fun presenterTurnsRepliesIntoBubbles() = runBlocking<Unit> {
        val p = sandboxProfile()
        val presenter = ChatPresenter.create(ProfileBackend(p))
        var s = presenter.send(balance)
        assertEquals(listOf(Author.USER, Author.ASSISTANT), s.bubbles.map { it.author })
        val answer = s.bubbles.last()
        assertTrue(answer.text.contains("$"))
        assertFalse(answer.platformText!!.any { it.isDigit() })
        s = presenter.setLevel(DisclosureLevel.FULL)
        s = presenter.send(balance)
        assertTrue(s.bubbles.last().platformText!!.any { it.isDigit() })
        assertTrue(presenter.togglePlatformView().showPlatformView)
        s = presenter.checkAlerts()
        // Every open alert becomes one "Was this you?" bubble with buttons; tapping one answers it.
        val alertBubble = s.bubbles.firstOrNull { it.alertId != null && it.buttons.isNotEmpty() }
        if (alertBubble != null) {
            s = presenter.tap(alertBubble.id, alertBubble.buttons.first())
            assertTrue(s.bubbles.first { it.id == alertBubble.id }.buttons.isEmpty())
            assertEquals(Author.ASSISTANT, s.bubbles.last().author)
        }
        p.wipe()
        s = presenter.send(balance)
        assertEquals(Author.SYSTEM, s.bubbles.last().author)
        assertEquals("The profile is closed.", s.bubbles.last().text)
        p.close()
    }

    companion object {
        val TINY_OFX = """
            OFXHEADER:100
            DATA:OFXSGML
            VERSION:102
            SECURITY:NONE
            ENCODING:USASCII
            CHARSET:1252
            COMPRESSION:NONE
            OLDFILEUID:NONE
            NEWFILEUID:NONE

            <OFX>
            <SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>
            <DTSERVER>20261101120000<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>
            <BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
            <STMTRS><CURDEF>USD
            <BANKACCTFROM><BANKID>021000021<ACCTID>5550001234<ACCTTYPE>CHECKING</BANKACCTFROM>
            <BANKTRANLIST><DTSTART>20261001<DTEND>20261101
            <STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261015120000<TRNAMT>-12.34<FITID>T1<NAME>COFFEE SHOP</STMTTRN>
            <STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261020120000<TRNAMT>1000.00<FITID>T2<NAME>PAYROLL</STMTTRN>
            </BANKTRANLIST>
            <LEDGERBAL><BALAMT>987.66<DTASOF>20261101120000</LEDGERBAL>
            </STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
        """.trimIndent() + "\n"
    }
}
