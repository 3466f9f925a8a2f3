package dev.tacit

import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.channelFlow
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.map

/*
 * Hand-written, beside the generated bindings (src/main/kotlin/dev/tacit/tacit.kt, which
 * scripts/generate-bindings.sh owns and never edits by hand): Flow views of a sync.
 */

/** What a running sync reports, in this order: progress after each request, each new alert, the summary. */
sealed interface SyncEvent {
    /** A request (date chunk) completed. */
    data class Progress(val info: SyncProgressInfo) : SyncEvent

    /** A new fraud alert ("Was this you?"), ready to show and send; its YES / NO buttons have a [QuickReplyKind]. */
    class Alert(val reply: ChatReply) : SyncEvent {
        override fun toString(): String = "Alert($reply)"
    }

    /** The sync finished. */
    class Finished(val summary: SyncSummary) : SyncEvent {
        override fun toString(): String = "Finished($summary)"
    }
}

/**
 * Syncs every linked connection (see [TacitProfile.sync]) as a cold [Flow] of [SyncEvent]s.
 * Collecting starts the sync; cancelling the collector cancels the sync at its next request
 * boundary, and nothing of an unfinished connection is stored. Errors are thrown to the
 * collector as [TacitException].
 */
fun TacitProfile.syncEvents(days: Int = 90, userInitiated: Boolean = true): Flow<SyncEvent> = channelFlow {
    val listener = object : SyncProgressListener {
        // Called on Tacit's threads, one request after another: the unlimited buffer keeps them all, in order.
        override fun onProgress(progress: SyncProgressInfo) {
            trySend(SyncEvent.Progress(progress))
        }
    }
    val summary = sync(days, userInitiated, listener, null)
    for (import in summary.imports) for (alert in import.alerts) send(SyncEvent.Alert(alert))
    send(SyncEvent.Finished(summary))
}.buffer(Channel.UNLIMITED)

/** Only the progress of [syncEvents]. */
fun TacitProfile.syncProgress(days: Int = 90, userInitiated: Boolean = true): Flow<SyncProgressInfo> =
    syncEvents(days, userInitiated).filterIsInstance<SyncEvent.Progress>().map { it.info }

/** Only the new alerts of [syncEvents]. */
fun Flow<SyncEvent>.newAlerts(): Flow<ChatReply> = filterIsInstance<SyncEvent.Alert>().map { it.reply }

/** The YES ("it was me") button of an alert, found by kind, not by its localised label. */
val ChatReply.yesButton: QuickReplyButton? get() = quickReplies.firstOrNull { it.kind == QuickReplyKind.YES }

/** The NO ("it wasn't me") button of an alert. */
val ChatReply.noButton: QuickReplyButton? get() = quickReplies.firstOrNull { it.kind == QuickReplyKind.NO }
