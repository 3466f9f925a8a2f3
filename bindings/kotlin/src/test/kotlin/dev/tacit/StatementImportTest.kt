package dev.tacit

import java.io.File
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/**
 * Statement files that name no account (CSV, QIF): `importStatement` throws the typed
 * `NeedsAccount`, the host asks the person and calls `importStatementWith` with that account;
 * a CSV mapping given with the account is saved in the vault and used again.
 */
class StatementImportTest {
    @TempDir
    lateinit var dir: File

    private fun fixture(name: String): ByteArray =
        File("../../tests/fixtures/statements", name).readBytes()

    private fun account(name: String, map: String? = null) =
        StatementChoices(account = name, csvMap = map, currency = null, dayFirst = null)

    @Test
    fun csvNeedsTheAccountThePersonChooses() {
        val p = TacitProfile.open(File(dir, "p.db").absolutePath, KeystoreAesGcmWrapper.fromNewKeystore(dir))
        // Actual Budget's test file (MIT): date, amount, payee, notes; four rows.
        val csv = fixture("third_party/actual/data-payee-memo.csv")
        val e = assertThrows<TacitException.NeedsAccount> { p.importStatement(csv) }
        assertEquals("CSV", e.format)
        val s = p.importStatementWith(csv, account("Everyday"))
        assertEquals(4uL, s.received)
        assertEquals(4uL, s.inserted)
        assertEquals(0uL, p.importStatementWith(csv, account("Everyday")).inserted)

        // A QIF file without !Account is asked about the same way.
        val qif = fixture("third_party/actual/tracking-number.qif")
        assertEquals("QIF", assertThrows<TacitException.NeedsAccount> { p.importStatement(qif) }.format)
        assertEquals(2uL, p.importStatementWith(qif, account("Checking")).inserted)
        p.closeProfile()
    }

    @Test
    fun aMappingIsSavedForTheAccount() {
        val p = TacitProfile.open(File(dir, "p.db").absolutePath, KeystoreAesGcmWrapper.fromNewKeystore(dir))
        val csv = fixture("no-header.csv")
        val refused = assertThrows<TacitException.StatementRefused> { p.importStatementWith(csv, account("Cash")) }
        assertEquals("needs_mapping", refused.reason)
        assertEquals(3uL, p.importStatementWith(csv, account("Cash", "date=0,description=1,amount=2")).inserted)
        val again = p.importStatementWith(csv, account("Cash"))
        assertEquals(0uL, again.inserted)
        assertEquals(3uL, again.unchanged)
        assertThrows<TacitException.InvalidInput> {
            p.importStatementWith(csv, StatementChoices(account = "Cash", csvMap = null, currency = "EURO", dayFirst = null))
        }
        p.closeProfile()
    }
}
