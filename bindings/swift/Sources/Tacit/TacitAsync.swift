// Hand-written, beside the generated Tacit.swift (which scripts/generate-bindings.sh owns):
// task cancellation that reaches the Rust work, and a sync as an AsyncSequence.
//
// uniffi's generated `async` functions await the Rust future until it completes and do not
// observe Swift task cancellation. These wrappers pass the task's cancellation to a
// `CancelHandle`: the sync then stops at its next request boundary, abandons the request in
// flight and stores nothing of the unfinished connection (see docs/integrating.md).
// Not compiled on the Linux machine this repository is developed on (no Swift toolchain).

import Foundation

/// What a running sync reports, in order: progress after each request, each new alert, the summary.
public enum SyncEvent: Sendable {
    case progress(SyncProgressInfo)
    case alert(ChatReply)
    case finished(SyncSummary)
}

/// Forwards progress to a closure (called on Tacit's threads).
final class ProgressForwarder: SyncProgressListener, @unchecked Sendable {
    private let onEvent: @Sendable (SyncProgressInfo) -> Void
    init(_ onEvent: @escaping @Sendable (SyncProgressInfo) -> Void) { self.onEvent = onEvent }
    func onProgress(progress: SyncProgressInfo) throws { onEvent(progress) }
}

extension TacitProfile {
    /// `sync`, cancelled with the calling task: cancelling the task stops the Rust work.
    public func syncCancellable(days: Int32 = 90, userInitiated: Bool = true,
                                listener: SyncProgressListener? = nil) async throws -> SyncSummary {
        let handle = CancelHandle()
        return try await withTaskCancellationHandler {
            try await self.sync(days: days, userInitiated: userInitiated, listener: listener, cancel: handle)
        } onCancel: {
            handle.cancel()
        }
    }

    /// The sync as an `AsyncThrowingStream` of `SyncEvent`s. Iterating starts it; ending the
    /// iteration early (or cancelling the iterating task) cancels the sync.
    public func syncEvents(days: Int32 = 90, userInitiated: Bool = true) -> AsyncThrowingStream<SyncEvent, Error> {
        AsyncThrowingStream(bufferingPolicy: .unbounded) { continuation in
            let task = Task {
                do {
                    let forwarder = ProgressForwarder { continuation.yield(.progress($0)) }
                    let summary = try await self.syncCancellable(days: days, userInitiated: userInitiated,
                                                                 listener: forwarder)
                    for imported in summary.imports {
                        for alert in imported.alerts { continuation.yield(.alert(alert)) }
                    }
                    continuation.yield(.finished(summary))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

extension ChatReply {
    /// The YES ("it was me") button of an alert, by kind rather than by its localised label.
    public var yesButton: QuickReplyButton? { quickReplies.first { $0.kind == .yes } }
    /// The NO ("it wasn't me") button of an alert.
    public var noButton: QuickReplyButton? { quickReplies.first { $0.kind == .no } }
}
