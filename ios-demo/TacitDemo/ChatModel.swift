// The chat presenter of the iOS demo: the Swift twin of
// bindings/kotlin/src/demo/kotlin/dev/tacit/demo/ChatPresenter.kt (same bubbles, same rules).
// Every Tacit call is `async` and runs on Tacit's own threads: nothing blocks the main actor,
// which only updates the published state.
//
// The vault file: excluded from iCloud/iTunes backup (its data key is wrapped by a Keychain
// key that is ThisDeviceOnly, so a restored copy could not be opened anyway) and protected
// with `completeUntilFirstUserAuthentication`. The trade-off: `complete` would also protect
// it while the phone is locked, but then the background refresh (BackgroundSync.swift) could
// not open the vault while the phone is locked, which is when it usually runs; after the first
// unlock since boot the file key stays available, and the Keychain key's own accessibility
// (AfterFirstUnlockThisDeviceOnly) matches it.

import Foundation
import Tacit

struct ButtonModel: Hashable {
    let label: String
    let token: String
}

enum Author { case user, assistant, system }

struct Bubble: Identifiable {
    let id: Int
    let author: Author
    /// What the user sees on the device.
    let text: String
    /// What the messaging platform receives (nil for user and system bubbles).
    var platformText: String? = nil
    var buttons: [ButtonModel] = []
    var alertId: String? = nil
}

@MainActor
final class ChatModel: ObservableObject {
    @Published private(set) var bubbles: [Bubble] = []
    @Published var showPlatformView = false
    @Published private(set) var level: DisclosureLevel = .minimal
    @Published private(set) var status = "Opening your encrypted profile…"

    private var profile: TacitProfile?
    private var nextId = 0
    private var alertsShown = Set<String>()

    /// The vault's path, prepared as described at the top of this file.
    static func vaultURL() throws -> URL {
        var dir = try FileManager.default.url(for: .applicationSupportDirectory, in: .userDomainMask,
                                              appropriateFor: nil, create: true)
        dir.appendPathComponent("Tacit", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true,
                                                attributes: [.protectionKey: FileProtectionType.completeUntilFirstUserAuthentication])
        var values = URLResourceValues()
        values.isExcludedFromBackup = true  // the folder: the vault, its -wal and -shm files
        try dir.setResourceValues(values)
        return dir.appendingPathComponent("tacit.db")
    }

    func start() async {
        do {
            let path = try Self.vaultURL().path
            let p = try await openProfile(path: path, wrapper: KeychainKeyWrapper(), generationStore: KeychainGenerationStore())
            try await p.setLocale(tag: Locale.current.identifier)
            try await p.setUtcOffsetMinutes(minutes: Int32(TimeZone.current.secondsFromGMT() / 60))
            // Demo data: a year of the sandbox bank replayed as weekly syncs, so the
            // on-device fraud engine raises alerts. A real app imports statements or syncs.
            let summary = try await p.replaySandbox(seed: 7)
            profile = p
            level = try await p.disclosure()
            status = "Sandbox bank: \(summary.accounts) accounts, \(summary.inserted) transactions, \(summary.alerts.count) fraud alerts (all on this phone only)"
            // Replayed alerts were raised in the past (their buttons expired): ask about the
            // newest open one again with fresh buttons. After a real import or sync, show
            // summary.alerts as they are instead.
            await checkAlerts(limit: 1)
        } catch {
            status = Self.message(for: error)
        }
    }

    func send(_ text: String) async {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty, let p = profile else { return }
        add(Bubble(id: next(), author: .user, text: t))
        await respond { try await p.handleMessage(text: t) }
    }

    func tap(bubbleId: Int, button: ButtonModel) async {
        guard let p = profile, let i = bubbles.firstIndex(where: { $0.id == bubbleId }),
              bubbles[i].buttons.contains(button) else { return }
        bubbles[i].buttons = []
        add(Bubble(id: next(), author: .user, text: button.label))
        await respond { try await p.onQuickReply(token: button.token) }
    }

    /// Asks again, with fresh quick replies, about the newest `limit` open alerts not asked
    /// about in this session.
    func checkAlerts(limit: Int = Int.max) async {
        guard let p = profile else { return }
        do {
            let open = try await p.openAlerts()
            let fresh = open.filter { $0.status == .open && !alertsShown.contains($0.id) }.suffix(limit)
            for alert in fresh {
                alertsShown.insert(alert.id)
                await respond(alertId: alert.id) { try await p.raiseAlert(alertId: alert.id) }
            }
        } catch {
            add(Bubble(id: next(), author: .system, text: Self.message(for: error)))
        }
    }

    func setLevel(_ newLevel: DisclosureLevel) async {
        guard let p = profile else { return }
        do {
            try await p.setDisclosure(level: newLevel)
            level = newLevel
        } catch {
            add(Bubble(id: next(), author: .system, text: Self.message(for: error)))
        }
    }

    private func respond(alertId: String? = nil, _ call: () async throws -> ChatReply) async {
        do {
            let r = try await call()
            add(Bubble(id: next(), author: .assistant, text: r.localText, platformText: r.platformText,
                       buttons: r.quickReplies.map { ButtonModel(label: $0.label, token: $0.token) },
                       alertId: alertId))
        } catch {
            add(Bubble(id: next(), author: .system, text: Self.message(for: error)))
        }
    }

    private func next() -> Int { defer { nextId += 1 }; return nextId }
    private func add(_ b: Bubble) { bubbles.append(b) }

    /// A user-facing line for each error (Tacit errors carry no personal data either).
    static func message(for error: Error) -> String {
        guard let e = error as? TacitError else { return "Something went wrong. Please try again." }
        switch e {
        case .QuickReplyExpired(_): return "That button has expired. Please ask again."
        case .QuickReplyUnknown(_): return "That button was already used."
        case .NoSuchAlert(_): return "That alert was already answered."
        case .EgressBlocked(_): return "I couldn't send that reply safely, so I sent nothing."
        case .KeyUnavailable(_): return "Unlock your phone to read your bank data."
        case .WrongKey(_), .Tampered(_), .Corrupt(_), .Rollback(_), .LedgerBroken(_): return "Your local data can't be opened safely."
        case .Closed(_): return "The profile is closed."
        case .StatementRefused(_): return "That statement file couldn't be read."
        default: return "Something went wrong. Please try again."
        }
    }
}
