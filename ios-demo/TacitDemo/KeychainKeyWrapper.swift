// Wraps Tacit's data key with a random AES-256 key kept in the Keychain, accessible only when
// the device is unlocked and never migrated to another device or backup
// (kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly: the background refresh runs while the phone is locked; never synced, never in backups). Blob: keyId[8] | CryptoKit combined
// (nonce | ciphertext | tag). The random key id lets unwrap tell another key (WrongKey) from
// a damaged blob (Tampered). For hardware binding, replace the AES key with a Secure Enclave
// P-256 key and SecKeyCreateEncryptedData(.eciesEncryptionCofactorVariableIVX963SHA256AESGCM).

import CryptoKit
import Foundation
import Security
import Tacit

final class KeychainKeyWrapper: KeyWrapper, @unchecked Sendable {
    private let service = "dev.tacit.demo.wrapping-key"
    private let account = "v1"
    private let aad = Data("tacit.data-key.v1".utf8)
    private let idLength = 8
    private let lock = NSLock()

    func scheme() throws -> String { "ios-keychain-aesgcm.v1" }

    func wrap(dataKey: Data) throws -> Data {
        let (key, id) = try keyAndId(create: true)
        do {
            guard let combined = try AES.GCM.seal(dataKey, using: key, authenticating: aad).combined else {
                throw HostError.KeyUnavailable(message: "keychain unavailable")
            }
            return id + combined
        } catch let e as HostError {
            throw e
        } catch {
            throw HostError.KeyUnavailable(message: "keychain unavailable")
        }
    }

    func unwrap(wrapped: Data) throws -> Data {
        guard wrapped.count > idLength + 12 + 16 else { throw HostError.Tampered(message: "bad tag") }
        let (key, id) = try keyAndId(create: false)
        guard wrapped.prefix(idLength) == id else { throw HostError.WrongKey(message: "another key") }
        do {
            let box = try AES.GCM.SealedBox(combined: wrapped.dropFirst(idLength))
            return try AES.GCM.open(box, using: key, authenticating: aad)
        } catch {
            throw HostError.Tampered(message: "bad tag")
        }
    }

    /// The stored key and id (id | key in one Keychain item), created on first wrap.
    private func keyAndId(create: Bool) throws -> (SymmetricKey, Data) {
        lock.lock()
        defer { lock.unlock() }
        let query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: account,
            kSecReturnData as String: true,
        ]
        var item: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &item)
        if status == errSecSuccess, let blob = item as? Data, blob.count == idLength + 32 {
            return (SymmetricKey(data: blob.suffix(32)), blob.prefix(idLength))
        }
        if status == errSecInteractionNotAllowed { throw HostError.KeyUnavailable(message: "keychain unavailable") } // locked
        guard status == errSecItemNotFound else { throw HostError.KeyUnavailable(message: "keychain unavailable") }
        guard create else { throw HostError.WrongKey(message: "another key") } // the key is gone: no blob can match
        var bytes = Data(count: idLength + 32)
        let rc = bytes.withUnsafeMutableBytes { SecRandomCopyBytes(kSecRandomDefault, idLength + 32, $0.baseAddress!) }
        guard rc == errSecSuccess else { throw HostError.KeyUnavailable(message: "keychain unavailable") }
        let add: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: account,
            kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
            kSecValueData as String: bytes,
        ]
        guard SecItemAdd(add as CFDictionary, nil) == errSecSuccess else { throw HostError.KeyUnavailable(message: "keychain unavailable") }
        return (SymmetricKey(data: bytes.suffix(32)), bytes.prefix(idLength))
    }
}
