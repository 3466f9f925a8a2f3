package dev.tacit

import java.io.File
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/**
 * Statement files that name no account (CSV, QIF): `importStatement` throws the typed
 * `NeedsAccount` (its message names the format), the host asks the person and calls
 * `importStatementWith` with that account; a CSV mapping given with the account is saved in
 * the vault and used again.
 */
class StatementImportTest {
    @TempDir
    lateinit var dir: File

    private fun fixture(name: String): ByteArray =
        File("../../tests/fixtures/statements", name).readBytes()

    private fun account(name: String, map: String? = null) =
        StatementChoices(account = name, csvMap = map, currency = null, dayFirst = null)

    private suspend fun open() =
        openProfile(File(dir, "p.db").absolutePath, KeystoreAesGcmWrapper.fromNewKeystore(dir))

    @Test
    fun csvNeedsTheAccountThePersonChooses() = runBlocking<Unit> {
        open().use { p ->
            // Actual Budget's test file (MIT): date, amount, payee, notes; four rows.
            val csv = fixture("third_party/actual/data-payee-memo.csv")
            val e = assertThrows<TacitException.NeedsAccount> { runBlocking { p.importStatement(csv) } }
            assertEquals("the CSV file names no account: choose one", e.message)
            val s = p.importStatementWith(csv, account("Everyday"))
            assertEquals(4L, s.received)
            assertEquals(4L, s.inserted)
            assertEquals(0L, p.importStatementWith(csv, account("Everyday")).inserted)

            // A QIF file without !Account is asked about the same way.
            val qif = fixture("third_party/actual/tracking-number.qif")
            val q = assertThrows<TacitException.NeedsAccount> { runBlocking { p.importStatement(qif) } }
            assertEquals("the QIF file names no account: choose one", q.message)
            assertEquals(2L, p.importStatementWith(qif, account("Checking")).inserted)
        }
    }

    @Test
    fun aMappingIsSavedForTheAccount() = runBlocking<Unit> {
        open().use { p ->
            val csv = fixture("no-header.csv")
            val refused = assertThrows<TacitException.StatementRefused> {
                runBlocking { p.importStatementWith(csv, account("Cash")) }
            }
            assertEquals("statement refused: needs_mapping", refused.message)
            assertEquals(3L, p.importStatementWith(csv, account("Cash", "date=0,description=1,amount=2")).inserted)
            val again = p.importStatementWith(csv, account("Cash"))
            assertEquals(0L, again.inserted)
            assertEquals(3L, again.unchanged)
            assertThrows<TacitException.InvalidInput> {
                runBlocking {
                    p.importStatementWith(csv, StatementChoices(account = "Cash", csvMap = null, currency = "EURO", dayFirst = null))
                }
            }
        }
    }
}
