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
    private var loadedAlerts = 0uL

    private fun sandboxProfile(w: KeyWrapper = KeystoreAesGcmWrapper.fromNewKeystore(dir)): TacitProfile {
        val p = TacitProfile.open(path, w)
        val s = p.loadSandbox(7uL)
        assertTrue(s.inserted > 0uL && s.accounts > 0uL)
        loadedAlerts = s.alerts.size.toULong()
        return p
    }

    @Test
    fun chatAtMinimalThenFullWithLedger() {
        val p = sandboxProfile()
        assertEquals(DisclosureLevel.MINIMAL, p.disclosure())
        val r = p.handleMessage(balance)
        assertEquals("balance", r.intent)
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
        assertEquals(2uL + loadedAlerts, p.verifyLedger())
        p.closeProfile()
        assertThrows<TacitException.Closed> { p.handleMessage(balance) }
    }

    @Test
    fun settingsPersistAcrossReopen() {
        val w = KeystoreAesGcmWrapper.fromNewKeystore(dir)
        TacitProfile.open(path, w).use { p ->
            p.setLocale("de_DE")
            p.setUtcOffsetMinutes(60)
            p.setDisclosure(DisclosureLevel.SUMMARY)
            p.closeProfile()
        }
        TacitProfile.open(path, w).use { p ->
            assertEquals("de-DE", p.locale())
            assertEquals(DisclosureLevel.SUMMARY, p.disclosure())
            p.closeProfile()
        }
    }

    @Test
    fun importsATinyOfxStatement() {
        val p = TacitProfile.open(path, KeystoreAesGcmWrapper.fromNewKeystore(dir))
        val s = p.importStatement(TINY_OFX.replace("\n", "\r\n").toByteArray(Charsets.US_ASCII))
        assertEquals(1uL, s.accounts)
        assertEquals(2uL, s.received)
        assertEquals(2uL, s.inserted)
        val again = p.importStatement(TINY_OFX.toByteArray(Charsets.US_ASCII))
        assertEquals(0uL, again.inserted)
        p.setDisclosure(DisclosureLevel.FULL)
        assertTrue(p.handleMessage(balance).localText.contains("987.66"))
        val e = assertThrows<TacitException.StatementRefused> { p.importStatement("not a statement".toByteArray()) }
        assertFalse(e.reason.isEmpty())
        p.closeProfile()
    }

    @Test
    fun hostBatchIsValidatedByCore() {
        val p = TacitProfile.open(path, KeystoreAesGcmWrapper.fromNewKeystore(dir))
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
        assertEquals(1uL, s.inserted)
        val e = assertThrows<TacitException.HostBatchRefused> {
            p.pushHostBatch(HostBatch("host", listOf(acct), listOf(txn.copy(id = "x", transactedAt = now + 86_400 * 30)), emptyList()))
        }
        assertFalse(e.reason.contains("COFFEE"))
        assertTrue(p.forgetSource("host") >= 2uL, "the account and its transaction")
        p.closeProfile()
    }

    @Test
    fun anotherKeystoreKeyIsWrongKey() {
        TacitProfile.open(path, KeystoreAesGcmWrapper.fromNewKeystore(dir, "a")).closeProfile()
        val other = KeystoreAesGcmWrapper.fromNewKeystore(dir, "b")
        assertThrows<TacitException.WrongKey> { TacitProfile.open(path, other) }
    }

    @Test
    fun throwingWrapperIsKeyUnavailable() {
        assertThrows<TacitException.KeyUnavailable> {
            TacitProfile.open(path, ThrowingWrapper { IllegalStateException("keystore locked") })
        }
    }

    @Test
    fun asyncFactoryOpens() = runBlocking {
        val p = openProfileAsync(path, KeystoreAesGcmWrapper.fromNewKeystore(dir))
        assertEquals(DisclosureLevel.MINIMAL, p.disclosure())
        // No SimpleFIN connection linked: a sync touches no network and reports nothing.
        // (SyncTest syncs from the loopback SimpleFIN bridge.)
        val progress = object : SyncProgressListener {
            override fun onProgress(progress: SyncProgressInfo) {}
        }
        val s = p.sync(30u, true, progress, CancelHandle())
        assertEquals(0uL, s.connections)
        assertThrows<TacitException.InvalidInput> { runBlocking { p.sync(0u) } }
        assertThrows<TacitException.Sync> { runBlocking { p.linkSimplefin("not a setup token") } }
        p.wipe()
        assertThrows<TacitException.Closed> { p.disclosure() }
        assertFalse(File(path).exists())
    }

    @Test
    fun sixtyFourCoroutinesChatAtOnce() = runBlocking(Dispatchers.IO) {
        val p = sandboxProfile()
        val replies = (1..64).map { async { p.handleMessage(balance) } }.awaitAll()
        assertEquals(64, replies.size)
        assertEquals(1, replies.map { it.localText }.toSet().size, "all 64 answers identical")
        assertEquals(64uL + loadedAlerts, p.verifyLedger())
        p.closeProfile()
    }

    @Test
    fun replayedSandboxRaisesAlertsAnsweredByQuickReply() {
        val p = TacitProfile.open(path, KeystoreAesGcmWrapper.fromNewKeystore(dir))
        val s = p.replaySandbox(7uL)
        assertTrue(s.alerts.isNotEmpty(), "the sandbox year has planted fraud")
        assertEquals(s.alerts.size.toULong(), p.verifyLedger(), "each alert message is in the ledger")
        val open = p.openAlerts()
        assertTrue(open.isNotEmpty() && open.all { it.status == AlertState.OPEN })
        assertTrue(open.all { a -> a.explanations.none { e -> e.contains("$") } })
        // Each "Was this you?" message names its alert, an open one.
        assertTrue(s.alerts.all { r -> r.alertId != null && r.answeredAlertId == null })
        assertTrue(s.alerts.mapNotNull { it.alertId }.all { id -> open.any { it.id == id } })
        // The year ends today: recent activity is current, whatever the date.
        val recent = p.handleMessage("show my recent transactions")
        assertTrue(recent.localText.lines().size >= 3, "recent transactions: ${recent.localText.lines().size} lines")
        val presenter = ChatPresenter(ProfileBackend(p))
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
        assertThrows<TacitException.QuickReplyUnknown> { p.onQuickReply(again.buttons.first().token) }
        p.closeProfile()
    }

    @Test
    fun answerAFraudAlertDirectlyByItsId() {
        val p = TacitProfile.open(path, KeystoreAesGcmWrapper.fromNewKeystore(dir))
        val s = p.replaySandbox(7uL)
        val prompt = s.alerts.last()
        val id = prompt.alertId!!
        val before = p.openAlerts().size
        val answer = p.answerAlert(id, false)
        assertEquals(id, answer.answeredAlertId)
        assertEquals(false, answer.answeredLegit)
        assertEquals(null, answer.alertId)
        assertEquals(before - 1, p.openAlerts().size)
        assertTrue(p.openAlerts().none { it.id == id })
        assertThrows<TacitException.NoSuchAlert> { p.answerAlert(id, true) }
        // The alert prompt and the answer are both in the exported ledger.
        val ledger = p.exportLedger().lines().filter { it.isNotBlank() }
        assertEquals(s.alerts.size + 1, ledger.size)
        assertEquals(ledger.size.toULong(), p.verifyLedger())
        p.closeProfile()
    }

    @Test
    fun presenterTurnsRepliesIntoBubbles() {
        val p = sandboxProfile()
        val presenter = ChatPresenter(ProfileBackend(p))
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
        p.closeProfile()
        s = presenter.send(balance)
        assertEquals(Author.SYSTEM, s.bubbles.last().author)
        assertEquals("The profile is closed.", s.bubbles.last().text)
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
