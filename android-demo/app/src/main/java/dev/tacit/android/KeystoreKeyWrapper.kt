package dev.tacit.android

import android.content.Context
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.security.keystore.UserNotAuthenticatedException
import dev.tacit.KeyWrapper
import dev.tacit.HostException
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
    private val alias: String = DEFAULT_ALIAS,
    private val requireUserAuth: Boolean = false,
) : KeyWrapper {
    private val prefs = context.getSharedPreferences(PREFS, Context.MODE_PRIVATE)

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
        if (wrapped.size < ID_LEN + IV_LEN + 16) throw HostException.Tampered("wrapped key failed authentication")
        val (key, id) = keyAndId(create = false)
        if (!wrapped.copyOfRange(0, ID_LEN).contentEquals(id)) throw HostException.WrongKey("another key")
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.DECRYPT_MODE, key, GCMParameterSpec(128, wrapped, ID_LEN, IV_LEN))
        cipher.updateAAD(AAD)
        try {
            cipher.doFinal(wrapped, ID_LEN + IV_LEN, wrapped.size - ID_LEN - IV_LEN)
        } catch (e: AEADBadTagException) {
            throw HostException.Tampered("wrapped key failed authentication")
        }
    }

    /** Maps keystore failures onto Tacit's stable errors (the host message is never sent). */
    private inline fun <T> keystoreCall(block: () -> T): T = try {
        block()
    } catch (e: HostException) {
        throw e
    } catch (e: UserNotAuthenticatedException) {
        throw HostException.KeyUnavailable("keystore unavailable")
    } catch (e: KeyPermanentlyInvalidatedException) {
        // Biometrics changed: the key is gone for good; the vault cannot be opened with it.
        throw HostException.WrongKey("another key")
    } catch (e: Exception) {
        throw HostException.KeyUnavailable("keystore unavailable")
    }

    private fun keyAndId(create: Boolean): Pair<SecretKey, ByteArray> {
        val ks = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }
        val existing = ks.getKey(alias, null) as SecretKey?
        val storedId = prefs.getString(alias, null)?.let { hex -> ByteArray(ID_LEN) { hex.substring(it * 2, it * 2 + 2).toInt(16).toByte() } }
        if (existing != null && storedId != null) return existing to storedId
        if (!create) throw HostException.WrongKey("another key") // no key any more: a blob cannot match
        val id = ByteArray(ID_LEN).also { SecureRandom().nextBytes(it) }
        val spec = KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setKeySize(256)
            .setRandomizedEncryptionRequired(true)
            .apply {
                if (requireUserAuth) {
                    setUserAuthenticationRequired(true)
                    if (android.os.Build.VERSION.SDK_INT >= 30) {
                        setUserAuthenticationParameters(300, KeyProperties.AUTH_BIOMETRIC_STRONG or KeyProperties.AUTH_DEVICE_CREDENTIAL)
                    } else {
                        // API 28-29: the older call (deprecated in 30) with the same 5-minute window.
                        @Suppress("DEPRECATION")
                        setUserAuthenticationValidityDurationSeconds(300)
                    }
                }
            }
            .build()
        val key = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, ANDROID_KEYSTORE).apply { init(spec) }.generateKey()
        prefs.edit().putString(alias, id.joinToString("") { "%02x".format(it) }).apply()
        return key to id
    }

    companion object {
        /** Deletes the wrapping key and its id (the recovery path: the vault is deleted too). */
        fun deleteKey(context: android.content.Context, alias: String = DEFAULT_ALIAS) {
            KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }.deleteEntry(alias)
            context.getSharedPreferences(PREFS, android.content.Context.MODE_PRIVATE).edit().remove(alias).apply()
        }

        const val DEFAULT_ALIAS = "tacit-wrapping-key"
        private const val PREFS = "tacit-keystore"
        private const val ANDROID_KEYSTORE = "AndroidKeyStore"
        private const val TRANSFORMATION = "AES/GCM/NoPadding"
        private const val ID_LEN = 8
        private const val IV_LEN = 12
        private val AAD = "tacit.data-key.v1".toByteArray()
    }
}
