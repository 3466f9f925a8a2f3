// XCTests of the Tacit Swift bindings, mirroring bindings/kotlin/src/test/kotlin/dev/tacit.
// The wrapper keeps its key in memory (CryptoKit AES-GCM) so the tests need no Keychain
// entitlement; an app would keep the key in the Keychain or the Secure Enclave.
//
// Run on a Mac: scripts/build-xcframework.sh && (cd bindings/swift && swift test)
// Updated to the suspend-first API of issue 16 but NOT compiled here (no Swift toolchain on
// the Linux development machine).

import CryptoKit
import Foundation
import XCTest

@testable import Tacit

/// AES-256-GCM under an in-memory key. Format: keyId[8] | CryptoKit's combined
/// nonce | ciphertext | tag. The random key id lets unwrap tell another key (`WrongKey`) from
/// a damaged blob (`Tampered`).
final class InMemoryAesGcmWrapper: KeyWrapper, @unchecked Sendable {
    private let key = SymmetricKey(size: .bits256)
    private let keyId = Data((0..<8).map { _ in UInt8.random(in: 0...255) })
    private let aad = Data("tacit.data-key.v1".utf8)
    private let lock = NSLock()
    private var _calls = 0

    var calls: Int {
        lock.lock()
        defer { lock.unlock() }
        return _calls
    }

    private func count() {
        lock.lock()
        _calls += 1
        lock.unlock()
    }

    func scheme() throws -> String { "test-memory-aes256gcm" }

    func wrap(dataKey: Data) throws -> Data {
        count()
        guard let combined = try AES.GCM.seal(dataKey, using: key, authenticating: aad).combined else {
            throw HostError.KeyUnavailable(message: "seal failed")
        }
        return keyId + combined
    }

    func unwrap(wrapped: Data) throws -> Data {
        count()
        guard wrapped.count > 8 + 12 + 16 else { throw HostError.Tampered(message: "too short") }
        guard wrapped.prefix(8) == keyId else { throw HostError.WrongKey(message: "another key") }
        do {
            let box = try AES.GCM.SealedBox(combined: wrapped.dropFirst(8))
            return try AES.GCM.open(box, using: key, authenticating: aad)
        } catch {
            throw HostError.Tampered(message: "bad tag")
        }
    }
}

struct HostFailure: Error {}

/// Throws on every call, as a locked keychain or a buggy host would.
final class ThrowingWrapper: KeyWrapper, @unchecked Sendable {
    private let error: Error
    init(_ error: Error) { self.error = error }
    func scheme() throws -> String { "test-throwing" }
    func wrap(dataKey: Data) throws -> Data { throw error }
    func unwrap(wrapped: Data) throws -> Data { throw error }
}

/// Wraps correctly but unwraps to bytes that are not a key.
final class GarbageWrapper: KeyWrapper, @unchecked Sendable {
    private let inner = InMemoryAesGcmWrapper()
    func scheme() throws -> String { "test-garbage" }
    func wrap(dataKey: Data) throws -> Data { try inner.wrap(dataKey: dataKey) }
    func unwrap(wrapped: Data) throws -> Data { Data([1, 2, 3]) }
}

/// "Wraps" by returning the key in clear: works, but is unfit.
final class IdentityWrapper: KeyWrapper, @unchecked Sendable {
    private let schemeName: String
    private let schemeFails: Bool
    init(scheme: String = "test-identity", schemeFails: Bool = false) {
        schemeName = scheme
        self.schemeFails = schemeFails
    }
    func scheme() throws -> String {
        if schemeFails { throw HostFailure() }
        return schemeName
    }
    func wrap(dataKey: Data) throws -> Data { dataKey }
    func unwrap(wrapped: Data) throws -> Data { wrapped }
}

/// A host GenerationStore in memory (the iOS demo keeps it in the Keychain).
final class MemoryGenerationStore: GenerationStore, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var seen: [Data: Int64] = [:]
    func lastSeen(vaultId: Data) throws -> Int64? { lock.withLock { seen[vaultId] } }
    func record(vaultId: Data, generation: Int64) throws {
        lock.withLock { seen[vaultId] = max(seen[vaultId] ?? 0, generation) }
    }
}

final class ProgressRecorder: ProgressListener, @unchecked Sendable {
    private let lock = NSLock()
    private var _seen: [[Int32]] = []
    var seen: [[Int32]] {
        lock.lock()
        defer { lock.unlock() }
        return _seen
    }
    func onProgress(done: Int32, total: Int32) throws {
        lock.lock()
        _seen.append([done, total])
        lock.unlock()
    }
}

/// The case name of a flat `TacitError` ("WrongKey"), whatever its fixed message.
func caseName(_ e: TacitError) -> String {
    String(String(describing: e).prefix { $0 != "(" })
}

func assertThrowsTacit(
    _ expected: String, file: StaticString = #filePath, line: UInt = #line,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        XCTFail("expected \(expected), nothing thrown", file: file, line: line)
    } catch let e as TacitError {
        XCTAssertEqual(caseName(e), expected, file: file, line: line)
    } catch {
        XCTFail("expected \(expected), got \(error)", file: file, line: line)
    }
}

final class TacitTests: XCTestCase {
    func testCoreVersionIsSemver() async {
        XCTAssertNotNil(coreVersion().range(of: #"^\d+\.\d+\.\d+"#, options: .regularExpression))
    }

    func testInMemoryWrapperPassesSelfTest() async throws {
        let w = InMemoryAesGcmWrapper()
        let ok = try await verifyKeyWrapper(wrapper: w)
        XCTAssertTrue(ok)
        XCTAssertEqual(w.calls, 3)  // wrap, unwrap, unwrap of a tampered blob
    }

    func testHostSwiftErrorBecomesKeyUnavailable() async {
        await assertThrowsTacit("KeyUnavailable") { _ = try await verifyKeyWrapper(wrapper: ThrowingWrapper(HostFailure())) }
    }

    func testHostTacitErrorKeepsItsMeaning() async {
        await assertThrowsTacit("WrongKey") { _ = try await verifyKeyWrapper(wrapper: ThrowingWrapper(HostError.WrongKey(message: "another key"))) }
        await assertThrowsTacit("Tampered") { _ = try await verifyKeyWrapper(wrapper: ThrowingWrapper(HostError.Tampered(message: "bad tag"))) }
    }

    func testHostErrorInsideSchemeIsHostCallback() async {
        await assertThrowsTacit("HostCallback") {
            _ = try await verifyKeyWrapper(wrapper: IdentityWrapper(schemeFails: true))
        }
    }

    func testInvalidSchemeIsInvalidInput() async {
        await assertThrowsTacit("InvalidInput") {
            _ = try await verifyKeyWrapper(wrapper: IdentityWrapper(scheme: "Not A Scheme!"))
        }
    }

    func testGarbageFromHostIsATypedError() async {
        await assertThrowsTacit("Corrupt") { _ = try await verifyKeyWrapper(wrapper: GarbageWrapper()) }
    }

    func testClearTextWrapperFailsSelfTest() async throws {
        let ok = try await verifyKeyWrapper(wrapper: IdentityWrapper())
        XCTAssertFalse(ok)
    }

    func testAsyncSelfTestWithDefaultsAndProgress() async throws {
        let w = InMemoryAesGcmWrapper()
        let ok = try await selfTest(wrapper: w)
        XCTAssertTrue(ok)

        let recorder = ProgressRecorder()
        let ok4 = try await selfTest(wrapper: w, rounds: 4, listener: recorder)
        XCTAssertTrue(ok4)
        XCTAssertEqual(recorder.seen, [[1, 4], [2, 4], [3, 4], [4, 4]])
    }

    func testAsyncSelfTestCancelsAndValidates() async {
        let cancel = CancelHandle()
        XCTAssertFalse(cancel.isCancelled())
        cancel.cancel()
        XCTAssertTrue(cancel.isCancelled())
        await assertThrowsTacit("Cancelled") {
            _ = try await selfTest(wrapper: InMemoryAesGcmWrapper(), rounds: 10, cancel: cancel)
        }
        await assertThrowsTacit("InvalidInput") {
            _ = try await selfTest(wrapper: InMemoryAesGcmWrapper(), rounds: 0)
        }
    }

    func testSixtyFourTasksAtOnce() async throws {
        let w = InMemoryAesGcmWrapper()
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 1...64 {
                if i % 2 == 0 {
                    group.addTask { try await selfTest(wrapper: w, rounds: 2) }
                } else {
                    group.addTask { try await verifyKeyWrapper(wrapper: w) }
                }
            }
            var all: [Bool] = []
            for try await r in group { all.append(r) }
            return all
        }
        XCTAssertEqual(results.count, 64)
        XCTAssertTrue(results.allSatisfy { $0 })
        // 32 async calls x 2 rounds x 3 host calls + 32 sync calls x 3 host calls
        XCTAssertEqual(w.calls, 32 * 2 * 3 + 32 * 3)
    }
}

/// The profile API, mirroring bindings/kotlin/src/test/kotlin/dev/tacit/ProfileTest.kt.
final class ProfileTests: XCTestCase {
    private var dir: URL!
    private var path: String { dir.appendingPathComponent("profile.db").path }
    private let balance = "what's my balance?"

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    /// Alert messages the last `sandboxProfile()` load raised (the sandbox year ends today, so
    /// its last week's episode may raise one; each is in the ledger).
    private var loadedAlerts = 0

    private func sandboxProfile() async throws -> TacitProfile {
        let p = try await openProfile(path: path, wrapper: InMemoryAesGcmWrapper())
        let s = try await p.loadSandbox(seed: 7)
        XCTAssertGreaterThan(s.inserted, 0)
        loadedAlerts = s.alerts.count
        return p
    }

    func testChatAtMinimalThenFullWithLedger() async throws {
        let p = try await sandboxProfile()
        let level = try await p.disclosure()
        XCTAssertEqual(level, .minimal)
        let r = try await p.handleMessage(text: balance)
        XCTAssertEqual(r.intent, .balance)
        XCTAssertTrue(r.localText.contains("$"))
        XCTAssertFalse(r.platformText.contains { $0.isNumber }, "platform text at minimal has no digits")
        try await p.setDisclosure(level: .full)
        let full = try await p.handleMessage(text: balance)
        XCTAssertNotEqual(full.platformText, r.platformText)
        let lines = try await p.exportLedger().split(separator: "\n")
        XCTAssertEqual(lines.count, 2 + loadedAlerts, "one JSON line per reply or alert sent")
        let entries = try await p.verifyLedger()
        XCTAssertEqual(entries, Int64(2 + loadedAlerts))
        try await p.wipe()
        await assertThrowsTacit("Closed") { _ = try await p.handleMessage(text: self.balance) }
    }

    func testImportsATinyOfxStatement() async throws {
        let ofx = """
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

        """
        let p = try await openProfile(path: path, wrapper: InMemoryAesGcmWrapper())
        let s = try await p.importStatement(bytes: Data(ofx.utf8))
        XCTAssertEqual(s.accounts, 1)
        XCTAssertEqual(s.inserted, 2)
        do {
            _ = try await p.importStatement(bytes: Data("not a statement".utf8))
            XCTFail("expected StatementRefused")
        } catch TacitError.StatementRefused(let message) {
            XCTAssertTrue(message.hasPrefix("statement refused: "), message)
        }
    }

    func testAnotherKeyIsWrongKeyAndThrowingWrapperIsKeyUnavailable() async throws {
        _ = try await openProfile(path: path, wrapper: InMemoryAesGcmWrapper())  // released: closed
        await assertThrowsTacit("WrongKey") { _ = try await openProfile(path: self.path, wrapper: InMemoryAesGcmWrapper()) }
        let other = dir.appendingPathComponent("other.db").path
        await assertThrowsTacit("KeyUnavailable") { _ = try await openProfile(path: other, wrapper: ThrowingWrapper(HostFailure())) }
    }

    func testCloseVaultThenCallsThrowClosed() async throws {
        let p = try await openProfile(path: path, wrapper: InMemoryAesGcmWrapper())
        try await p.setDisclosure(level: .full)
        try await p.closeVault()
        try await p.closeVault()  // closing twice is fine
        do {
            _ = try await p.disclosure()
            XCTFail("expected Closed")
        } catch TacitError.Closed(let message) {
            XCTAssertEqual(message, "the profile was closed or wiped")
        }
    }

    func testRestoringAnOlderCopyWithTheSameStoreIsRollback() async throws {
        let w = InMemoryAesGcmWrapper()
        let store = MemoryGenerationStore()
        let url = URL(fileURLWithPath: path)
        var p = try await openProfile(path: path, wrapper: w, generationStore: store)
        try await p.setDisclosure(level: .summary)
        try await p.closeVault()
        let old = try Data(contentsOf: url)
        p = try await openProfile(path: path, wrapper: w, generationStore: store)
        try await p.setDisclosure(level: .full)
        try await p.closeVault()
        try old.write(to: url)
        for sidecar in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + sidecar) }
        await assertThrowsTacit("Rollback") { _ = try await openProfile(path: self.path, wrapper: w, generationStore: store) }
    }

    func testReplayedAlertsAnsweredByQuickReply() async throws {
        let p = try await openProfile(path: path, wrapper: InMemoryAesGcmWrapper())
        let s = try await p.replaySandbox(seed: 7)
        XCTAssertFalse(s.alerts.isEmpty)
        let open = try await p.openAlerts()
        XCTAssertTrue(open.allSatisfy { $0.status == .open })
        let asked = try await p.raiseAlert(alertId: open.last!.id)
        XCTAssertGreaterThanOrEqual(asked.quickReplies.count, 2)
        let answer = try await p.onQuickReply(token: asked.yesButton!.token)
        XCTAssertNotNil(answer.answeredAlertId)
        let left = try await p.openAlerts()
        XCTAssertEqual(left.count, open.count - 1)
        XCTAssertEqual(s.alerts.last!.quickReplies.map { $0.kind }, [.yes, .no])
        XCTAssertEqual(s.alerts.last!.yesButton, s.alerts.last!.quickReplies[0])
        XCTAssertFalse(String(describing: s.alerts.last!).contains("$"), "no bank datum in description")
        await assertThrowsTacit("QuickReplyUnknown") { _ = try await p.onQuickReply(token: asked.quickReplies[0].token) }
    }

    func testSixtyFourTasksChatAtOnce() async throws {
        let p = try await sandboxProfile()
        let texts = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 1...64 {
                group.addTask { try await p.handleMessage(text: "what's my balance?").localText }
            }
            var all: [String] = []
            for try await t in group { all.append(t) }
            return all
        }
        XCTAssertEqual(texts.count, 64)
        XCTAssertEqual(Set(texts).count, 1, "all 64 answers identical")
    }

    func testAsyncFactoryAndSyncWithoutConnections() async throws {
        let p = try await openProfile(path: path, wrapper: InMemoryAesGcmWrapper())
        let s = try await p.syncCancellable(days: 30)
        XCTAssertEqual(s.connections, 0)
        var events: [SyncEvent] = []
        for try await e in p.syncEvents(days: 30) { events.append(e) }
        guard case .finished(let summary) = events.last else { return XCTFail("no summary") }
        XCTAssertEqual(summary.connections, 0)
        try await p.wipe()
        await assertThrowsTacit("Closed") { _ = try await p.disclosure() }
    }
}
