package example

import dev.tacit.DisclosureLevel
import dev.tacit.HostException
import dev.tacit.KeyWrapper
import dev.tacit.QuickReplyKind
import dev.tacit.TacitException
import dev.tacit.openProfile
import dev.tacit.yesButton
import java.io.File
import java.nio.file.Files
import java.security.SecureRandom
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import kotlin.system.exitProcess
import kotlinx.coroutines.runBlocking

/**
 * Wraps Tacit's data key with AES-256-GCM under a key of the app's keystore (here a key in
 * memory; on Android an AndroidKeyStore key, on a server an HSM or KMS key). The blob starts
 * with a random key id so that unwrap can tell another key (WrongKey) from a damaged blob.
 */
class AesGcmKeyWrapper(private val key: SecretKey) : KeyWrapper {
    private val rng = SecureRandom()
    private val keyId = ByteArray(8).also { rng.nextBytes(it) }

    override fun scheme() = "quickstart-aes256gcm"

    override fun wrap(dataKey: ByteArray): ByteArray {
        val iv = ByteArray(12).also { rng.nextBytes(it) }
        val c = Cipher.getInstance("AES/GCM/NoPadding").apply { init(Cipher.ENCRYPT_MODE, key, GCMParameterSpec(128, iv)) }
        return keyId + iv + c.doFinal(dataKey)
    }

    override fun unwrap(wrapped: ByteArray): ByteArray {
        if (wrapped.size < 8 + 12 + 16) throw HostException.Tampered("too short")
        if (!wrapped.copyOf(8).contentEquals(keyId)) throw HostException.WrongKey("another key")
        val c = Cipher.getInstance("AES/GCM/NoPadding").apply { init(Cipher.DECRYPT_MODE, key, GCMParameterSpec(128, wrapped, 8, 12)) }
        return try {
            c.doFinal(wrapped, 20, wrapped.size - 20)
        } catch (e: AEADBadTagException) {
            throw HostException.Tampered("tag")
        }
    }
}

fun main() = runBlocking {
    val dir = Files.createTempDirectory("tacit-quickstart").toFile()
    val key = KeyGenerator.getInstance("AES").apply { init(256) }.generateKey()
    val profile = openProfile(File(dir, "tacit.db").path, AesGcmKeyWrapper(key))
    profile.use { p ->
        // The sandbox bank's year, replayed as weekly syncs so the fraud engine raises alerts.
        val replay = p.replaySandbox(7L)
        println("stored ${replay.inserted} transactions in ${replay.accounts} accounts; ${replay.alerts.size} alert(s)")
        p.setDisclosure(DisclosureLevel.SUMMARY)
        for (q in listOf("what's my balance?", "how much did I spend on groceries last month?", "show my recent transactions")) {
            val r = p.handleMessage(q)
            println("you> $q\n  phone    | ${r.localText.lines().first()}\n  platform | ${r.platformText}  (${r.intent})")
        }
        // Answer the latest alert through its YES button, found by kind, not by its label.
        val alert = replay.alerts.lastOrNull() ?: run { println("no alert raised"); exitProcess(1) }
        val yes = alert.yesButton ?: run { println("the alert has no YES button"); exitProcess(1) }
        check(yes.kind == QuickReplyKind.YES)
        val answer = p.onQuickReply(yes.token)
        println("alert ${alert.alertId} answered: legit=${answer.answeredLegit}")
        check(answer.answeredAlertId == alert.alertId && answer.answeredLegit == true)
        val ledger = p.exportLedger().lines().filter { it.isNotBlank() }
        println("ledger: ${ledger.size} entries released to the platform")
        check(ledger.size == replay.alerts.size + 3 + 1)
    }
    // use {} closed the vault: a later call is the typed Closed, not an untyped crash.
    try {
        profile.disclosure()
        println("a call after close did not throw"); exitProcess(1)
    } catch (e: TacitException.Closed) {
        println("after close: ${e.message}")
    }
    dir.deleteRecursively()
    println("quickstart=ok")
}
