package dev.tacit.android

import android.content.Context
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import dev.tacit.GenerationStore
import dev.tacit.HostException
import java.security.KeyStore
import java.security.MessageDigest
import javax.crypto.KeyGenerator
import javax.crypto.Mac
import javax.crypto.SecretKey

/**
 * Tacit's rollback guard on Android: the last write generation of each vault, kept OUTSIDE the
 * vault file in SharedPreferences, each value authenticated with a non-exportable HMAC-SHA256
 * key in the AndroidKeyStore (so the number cannot be edited down without the MAC failing).
 *
 * Value format: "<generation>:<hex HMAC(vaultId | generation)>". A value whose MAC fails throws
 * `HostException.Tampered` (the open then fails with `TacitException.Tampered`), never
 * "nothing seen"; a Keystore failure fails it with `KeyUnavailable`. The preferences file is excluded from
 * cloud backup and device transfer like the vault (res/xml/data_extraction_rules.xml).
 *
 * Limits: someone who can replace the app's private files can also put back an older
 * preferences file (with its then-valid MAC) or delete it; that is beyond what an app can stop
 * without a server. The guard catches a vault restored on its own (a backup, a file swapped in).
 */
class KeystoreGenerationStore(context: Context, private val alias: String = DEFAULT_ALIAS) : GenerationStore {
    private val prefs = context.getSharedPreferences(PREFS, Context.MODE_PRIVATE)

    override fun lastSeen(vaultId: ByteArray): Long? = keystoreCall {
        val stored = prefs.getString(name(vaultId), null) ?: return@keystoreCall null
        val (number, mac) = stored.split(':', limit = 2).takeIf { it.size == 2 }
            ?: throw HostException.Tampered("rollback record damaged")
        val generation = number.toLongOrNull() ?: throw HostException.Tampered("rollback record damaged")
        val expected = mac(vaultId, generation)
        if (!MessageDigest.isEqual(expected.toByteArray(), mac.toByteArray())) {
            throw HostException.Tampered("rollback record failed authentication")
        }
        generation
    }

    override fun record(vaultId: ByteArray, generation: Long) = keystoreCall {
        // commit(), not apply(): the record must be on disk before the next open reads it.
        prefs.edit().putString(name(vaultId), "$generation:${mac(vaultId, generation)}").commit()
        Unit
    }

    private fun name(vaultId: ByteArray) = vaultId.toHex()

    private fun mac(vaultId: ByteArray, generation: Long): String {
        val m = Mac.getInstance("HmacSHA256")
        m.init(key())
        m.update(vaultId)
        m.update(generation.toString().toByteArray())
        return m.doFinal().toHex()
    }

    private fun key(): SecretKey {
        val ks = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }
        (ks.getKey(alias, null) as SecretKey?)?.let { return it }
        val spec = KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_SIGN or KeyProperties.PURPOSE_VERIFY)
            .setDigests(KeyProperties.DIGEST_SHA256)
            .build()
        return KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_HMAC_SHA256, ANDROID_KEYSTORE)
            .apply { init(spec) }
            .generateKey()
    }

    /** Keystore failures are "unavailable now" (the open fails with KeyUnavailable; retry). */
    private inline fun <T> keystoreCall(block: () -> T): T = try {
        block()
    } catch (e: HostException) {
        throw e
    } catch (e: Exception) {
        throw HostException.KeyUnavailable("keystore unavailable")
    }

    private fun ByteArray.toHex() = joinToString("") { "%02x".format(it) }

    companion object {
        /** Forgets every record and the MAC key (the reset path, with the vault's own key). */
        fun reset(context: Context, alias: String = DEFAULT_ALIAS) {
            KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }.deleteEntry(alias)
            context.getSharedPreferences(PREFS, Context.MODE_PRIVATE).edit().clear().commit()
        }

        const val DEFAULT_ALIAS = "tacit-generation-mac"
        private const val PREFS = "tacit-generations"
        private const val ANDROID_KEYSTORE = "AndroidKeyStore"
    }
}
