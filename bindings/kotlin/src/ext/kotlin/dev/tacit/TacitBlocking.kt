@file:JvmName("TacitBlocking")

package dev.tacit

import kotlinx.coroutines.runBlocking

/*
 * Blocking twins for Java callers, who cannot call `suspend` functions. Each blocks the
 * calling thread until the call ends: never call them on a UI thread. Kotlin code calls the
 * suspend functions instead. Java: `TacitBlocking.openProfileBlocking(path, wrapper)`.
 */

/** [openProfile], blocking. */
@JvmOverloads
fun openProfileBlocking(path: String, wrapper: KeyWrapper, generationStore: GenerationStore? = null): TacitProfile =
    runBlocking { openProfile(path, wrapper, generationStore) }

/** [TacitProfile.handleMessage], blocking. */
fun TacitProfile.handleMessageBlocking(text: String): ChatReply = runBlocking { handleMessage(text) }

/** [TacitProfile.onQuickReply], blocking. */
fun TacitProfile.onQuickReplyBlocking(token: String): ChatReply = runBlocking { onQuickReply(token) }

/** [TacitProfile.importStatement], blocking. */
fun TacitProfile.importStatementBlocking(bytes: ByteArray): ImportSummary = runBlocking { importStatement(bytes) }

/** [TacitProfile.sync], blocking (cancel it with a [CancelHandle]). */
fun TacitProfile.syncBlocking(days: Int = 90, userInitiated: Boolean = true, cancel: CancelHandle? = null): SyncSummary =
    runBlocking { sync(days, userInitiated, null, cancel) }

/** [TacitProfile.exportLedger], blocking. */
fun TacitProfile.exportLedgerBlocking(): String = runBlocking { exportLedger() }
