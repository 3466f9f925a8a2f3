package dev.tacit

import java.io.File
import java.security.KeyStore
import java.security.SecureRandom
import java.util.concurrent.atomic.AtomicInteger
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * A host key wrapper as an app would write one: AES-256-GCM under a key kept in a keystore.
 * Here the keystore is a JDK PKCS12 file (on Android it would be the AndroidKeyStore, where
 * the key never leaves secure hardware). Format: keyId[8] | iv[12] | ciphertext+tag.
 *
 * The key id lets unwrap tell a different key (`WrongKey`) from a damaged blob (`Tampered`):
 * AES-GCM alone cannot. Here it is a hash of the (exportable, test-only) key; an Android app
 * keeps a random id next to its non-exportable key instead (see android-demo).
 */
class KeystoreAesGcmWrapper(private val key: SecretKey) : KeyWrapper {
    private val keyId: ByteArray =
        java.security.MessageDigest.getInstance("SHA-256").digest("tacit.key-id".toByteArray() + key.encoded).copyOf(KEY_ID_LEN)

    val calls = AtomicInteger()

    override fun scheme(): String = "test-pkcs12-aes256gcm"

    override fun wrap(dataKey: ByteArray): ByteArray {
        calls.incrementAndGet()
        val iv = ByteArray(IV_LEN).also { RNG.nextBytes(it) }
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.ENCRYPT_MODE, key, GCMParameterSpec(128, iv))
        cipher.updateAAD(AAD)
        return keyId + iv + cipher.doFinal(dataKey)
    }

    override fun unwrap(wrapped: ByteArray): ByteArray {
        calls.incrementAndGet()
        if (wrapped.size < KEY_ID_LEN + IV_LEN + 16) throw HostException.Tampered("wrapped key failed authentication")
        if (!wrapped.copyOf(KEY_ID_LEN).contentEquals(keyId)) throw HostException.WrongKey("another key")
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.DECRYPT_MODE, key, GCMParameterSpec(128, wrapped, KEY_ID_LEN, IV_LEN))
        cipher.updateAAD(AAD)
        try {
            return cipher.doFinal(wrapped, KEY_ID_LEN + IV_LEN, wrapped.size - KEY_ID_LEN - IV_LEN)
        } catch (e: AEADBadTagException) {
            throw HostException.Tampered("wrapped key failed authentication")
        }
    }

    companion object {
        private const val KEY_ID_LEN = 8
        private const val IV_LEN = 12
        private val AAD = "tacit.data-key.v1".toByteArray()
        private val RNG = SecureRandom()
        private const val ALIAS = "tacit-wrapping-key"

        /** Creates a PKCS12 keystore file holding a fresh AES-256 key, reloads it from disk. */
        fun fromNewKeystore(dir: File, name: String = "tacit-test"): KeystoreAesGcmWrapper {
            val password = "test-only-store-password".toCharArray()
            val file = File(dir, "$name.p12")
            val ks = KeyStore.getInstance("PKCS12")
            ks.load(null, password)
            val key = KeyGenerator.getInstance("AES").apply { init(256) }.generateKey()
            ks.setEntry(ALIAS, KeyStore.SecretKeyEntry(key), KeyStore.PasswordProtection(password))
            file.outputStream().use { ks.store(it, password) }

            val loaded = KeyStore.getInstance("PKCS12")
            file.inputStream().use { loaded.load(it, password) }
            return KeystoreAesGcmWrapper(loaded.getKey(ALIAS, password) as SecretKey)
        }
    }
}

/** Throws on every call, as a locked keystore or a buggy host would. */
class ThrowingWrapper(private val toThrow: () -> Throwable) : KeyWrapper {
    override fun scheme(): String = "test-throwing"
    override fun wrap(dataKey: ByteArray): ByteArray = throw toThrow()
    override fun unwrap(wrapped: ByteArray): ByteArray = throw toThrow()
}

/** Wraps correctly but unwraps to a few random bytes that are not a key. */
class GarbageWrapper(private val inner: KeyWrapper) : KeyWrapper {
    override fun scheme(): String = "test-garbage"
    override fun wrap(dataKey: ByteArray): ByteArray = inner.wrap(dataKey)
    override fun unwrap(wrapped: ByteArray): ByteArray = byteArrayOf(1, 2, 3)
}

/** "Wraps" by returning the key in clear: works, but is unfit. */
class IdentityWrapper : KeyWrapper {
    override fun scheme(): String = "test-identity"
    override fun wrap(dataKey: ByteArray): ByteArray = dataKey.copyOf()
    override fun unwrap(wrapped: ByteArray): ByteArray = wrapped.copyOf()
}
