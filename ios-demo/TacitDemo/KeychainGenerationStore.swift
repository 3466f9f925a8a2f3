// Tacit's rollback guard on iOS: the last write generation of each vault, kept OUTSIDE the
// vault file, in the Keychain (kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly: readable by
// the background refresh while the phone is locked; never synced, never in backups, so a
// restored backup of the app's files cannot bring an older record back with an older vault).
// One generic-password item per vault, named by the hex of the vault id; the value is the
// generation as 8 big-endian bytes. A Keychain failure throws HostError.KeyUnavailable: the
// open then fails with TacitError.KeyUnavailable (retry after unlock) instead of opening
// unchecked. Not compiled here (no Xcode on this machine).

import Foundation
import Security
import Tacit

final class KeychainGenerationStore: GenerationStore, @unchecked Sendable {
    private let service: String
    private let lock = NSLock()

    init(service: String = "dev.tacit.demo.generations") {
        self.service = service
    }

    func lastSeen(vaultId: Data) throws -> Int64? {
        try lock.withLock {
            let query: [String: Any] = [
                kSecClass as String: kSecClassGenericPassword,
                kSecAttrService as String: service,
                kSecAttrAccount as String: Self.hex(vaultId),
                kSecReturnData as String: true,
            ]
            var item: CFTypeRef?
            let status = SecItemCopyMatching(query as CFDictionary, &item)
            if status == errSecItemNotFound { return nil }
            guard status == errSecSuccess, let data = item as? Data, data.count == 8 else {
                throw HostError.KeyUnavailable(message: "keychain unavailable")
            }
            return data.reduce(Int64(0)) { ($0 << 8) | Int64($1) }
        }
    }

    func record(vaultId: Data, generation: Int64) throws {
        try lock.withLock {
            var be = generation.bigEndian
            let value = Data(bytes: &be, count: 8)
            let match: [String: Any] = [
                kSecClass as String: kSecClassGenericPassword,
                kSecAttrService as String: service,
                kSecAttrAccount as String: Self.hex(vaultId),
            ]
            let update = SecItemUpdate(match as CFDictionary, [kSecValueData as String: value] as CFDictionary)
            if update == errSecSuccess { return }
            guard update == errSecItemNotFound else { throw HostError.KeyUnavailable(message: "keychain unavailable") }
            var add = match
            add[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
            add[kSecValueData as String] = value
            guard SecItemAdd(add as CFDictionary, nil) == errSecSuccess else {
                throw HostError.KeyUnavailable(message: "keychain unavailable")
            }
        }
    }

    /// Forgets every record (the reset path, with the vault and its key).
    func reset() {
        let query: [String: Any] = [kSecClass as String: kSecClassGenericPassword, kSecAttrService as String: service]
        SecItemDelete(query as CFDictionary)
    }

    private static func hex(_ d: Data) -> String { d.map { String(format: "%02x", $0) }.joined() }
}
