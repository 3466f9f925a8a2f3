package dev.tacit.android

import android.content.Context
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.security.keystore.UserNotAuthenticatedException
import dev.tacit.KeyWrapper
import dev.tacit.TacitException
import java.security.KeyStore
import java.security.SecureRandom
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * Wraps Tacit's data key with a non-exportable AES-256-GCM key in the AndroidKeyStore.
 *
 * Blob format: keyId[8] | iv[12] | ciphertext+tag. The key id is random, created with the
 * key and kept in SharedPreferences, so `unwrap` can tell a blob made under another key
 * (`WrongKey`: e.g. the key was deleted and re-created) from a damaged one (`Tampered`).
 * The IV is chosen by the keystore (randomized encryption is required for GCM keys).
 */
class KeystoreKeyWrapper(
    context: Context,
    private val alias: String = "tacit-wrapping-key",
    private val requireUserAuth: Boolean = false,
) : KeyWrapper {
    private val prefs = context.getSharedPreferences("tacit-keystore", Context.MODE_PRIVATE)

    override fun scheme(): String = "android-keystore-aesgcm.v1"

    override fun wrap(dataKey: ByteArray): ByteArray = keystoreCall {
        val (key, id) = keyAndId(create = true)
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.ENCRYPT_MODE, key)
        cipher.updateAAD(AAD)
        val ct = cipher.doFinal(dataKey)
        id + cipher.iv + ct
    }

    override fun unwrap(wrapped: ByteArray): ByteArray = keystoreCall {
        if (wrapped.size < ID_LEN + IV_LEN + 16) throw TacitException.Tampered()
        val (key, id) = keyAndId(create = false)
        if (!wrapped.copyOfRange(0, ID_LEN).contentEquals(id)) throw TacitException.WrongKey()
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.DECRYPT_MODE, key, GCMParameterSpec(128, wrapped, ID_LEN, IV_LEN))
        cipher.updateAAD(AAD)
        try {
            cipher.doFinal(wrapped, ID_LEN + IV_LEN, wrapped.size - ID_LEN - IV_LEN)
        } catch (e: AEADBadTagException) {
            throw TacitException.Tampered()
        }
    }

    /** Maps keystore failures onto Tacit's stable errors (the host message is never sent). */
    private inline fun <T> keystoreCall(block: () -> T): T = try {
        block()
    } catch (e: TacitException) {
        throw e
    } catch (e: UserNotAuthenticatedException) {
        throw TacitException.KeyUnavailable()
    } catch (e: KeyPermanentlyInvalidatedException) {
        // Biometrics changed: the key is gone for good; the vault cannot be opened with it.
        throw TacitException.WrongKey()
    } catch (e: Exception) {
        throw TacitException.KeyUnavailable()
    }

    private fun keyAndId(create: Boolean): Pair<SecretKey, ByteArray> {
        val ks = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }
        val existing = ks.getKey(alias, null) as SecretKey?
        val storedId = prefs.getString(alias, null)?.let { hex -> ByteArray(ID_LEN) { hex.substring(it * 2, it * 2 + 2).toInt(16).toByte() } }
        if (existing != null && storedId != null) return existing to storedId
        if (!create) throw TacitException.WrongKey() // no key any more: a blob cannot match
        val id = ByteArray(ID_LEN).also { SecureRandom().nextBytes(it) }
        val spec = KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setKeySize(256)
            .setRandomizedEncryptionRequired(true)
            .apply {
                if (requireUserAuth) {
                    setUserAuthenticationRequired(true)
                    setUserAuthenticationParameters(300, KeyProperties.AUTH_BIOMETRIC_STRONG or KeyProperties.AUTH_DEVICE_CREDENTIAL)
                }
            }
            .build()
        val key = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, ANDROID_KEYSTORE).apply { init(spec) }.generateKey()
        prefs.edit().putString(alias, id.joinToString("") { "%02x".format(it) }).apply()
        return key to id
    }

    private companion object {
        const val ANDROID_KEYSTORE = "AndroidKeyStore"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val ID_LEN = 8
        const val IV_LEN = 12
        val AAD = "tacit.data-key.v1".toByteArray()
    }
}
