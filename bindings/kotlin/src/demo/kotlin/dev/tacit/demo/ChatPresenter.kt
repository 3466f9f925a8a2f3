package dev.tacit.demo

import dev.tacit.AlertInfo
import dev.tacit.AlertState
import dev.tacit.ChatReply
import dev.tacit.DisclosureLevel
import dev.tacit.TacitException
import dev.tacit.TacitProfile

/**
 * Presenter logic of the demo chat apps, in plain Kotlin (no Android imports) so that the
 * Maven suite compiles and tests it on a JVM, and the Android app compiles the same file
 * (android-demo/app/build.gradle.kts adds bindings/kotlin/src/demo/kotlin as a source dir).
 *
 * It turns [ChatReply] values into chat bubbles: what the user sees ([Bubble.text], the
 * device-only local text) and what the messaging platform receives ([Bubble.platformText]).
 * Every call suspends on the profile (whose calls run on Tacit's own threads): call it from
 * any coroutine, the main thread included.
 */

/** What the presenter needs from a profile (a fake in unit tests, [ProfileBackend] in apps). */
interface ChatBackend {
    suspend fun handleMessage(text: String): ChatReply
    suspend fun onQuickReply(token: String): ChatReply
    suspend fun openAlerts(): List<AlertInfo>
    suspend fun raiseAlert(alertId: String): ChatReply
    suspend fun setDisclosure(level: DisclosureLevel)
    suspend fun disclosure(): DisclosureLevel
}

/** The real backend: a [TacitProfile]. */
class ProfileBackend(private val profile: TacitProfile) : ChatBackend {
    override suspend fun handleMessage(text: String) = profile.handleMessage(text)
    override suspend fun onQuickReply(token: String) = profile.onQuickReply(token)
    override suspend fun openAlerts() = profile.openAlerts()
    override suspend fun raiseAlert(alertId: String) = profile.raiseAlert(alertId)
    override suspend fun setDisclosure(level: DisclosureLevel) = profile.setDisclosure(level)
    override suspend fun disclosure() = profile.disclosure()
}

/** A tappable quick reply. The token never leaves the device. */
data class ButtonModel(val label: String, val token: String)

/** Who wrote a bubble. */
enum class Author { USER, ASSISTANT, SYSTEM }

/** One chat bubble. */
data class Bubble(
    val id: Int,
    val author: Author,
    /** What the user sees on the device. */
    val text: String,
    /** What the platform receives for this bubble (`null` for user / system bubbles). */
    val platformText: String? = null,
    /** Quick replies still tappable (cleared once one is tapped). */
    val buttons: List<ButtonModel> = emptyList(),
    /** The alert a "Was this you?" question is about (`ChatReply.alertId`). */
    val alertId: String? = null,
    /** A fraud alert question ("Was this you?"). */
    val isAlert: Boolean = alertId != null,
)

/** The whole screen state. */
data class ChatState(
    val bubbles: List<Bubble> = emptyList(),
    /** Show the platform's view next to the user's. */
    val showPlatformView: Boolean = false,
    val level: DisclosureLevel = DisclosureLevel.MINIMAL,
)

class ChatPresenter(private val backend: ChatBackend, level: DisclosureLevel = DisclosureLevel.MINIMAL) {
    var state = ChatState(level = level)
        private set
    private var nextId = 0
    private val alertsShown = mutableSetOf<String>()

    /** The user typed [text]. */
    suspend fun send(text: String): ChatState {
        val t = text.trim()
        if (t.isEmpty()) return state
        add(Bubble(nextId++, Author.USER, t))
        return respond { backend.handleMessage(t) }
    }

    /** The user tapped [button] under bubble [bubbleId]. */
    suspend fun tap(bubbleId: Int, button: ButtonModel): ChatState {
        val bubble = state.bubbles.firstOrNull { it.id == bubbleId } ?: return state
        if (button !in bubble.buttons) return state
        state = state.copy(bubbles = state.bubbles.map { if (it.id == bubbleId) it.copy(buttons = emptyList()) else it })
        add(Bubble(nextId++, Author.USER, button.label))
        return respond { backend.onQuickReply(button.token) }
    }

    /**
     * Shows alert messages an import or sync returned (`ImportSummary.alerts`): they are
     * already released and recorded by core, so they are shown as they are.
     */
    suspend fun showAlerts(alerts: List<ChatReply>): ChatState {
        for (r in alerts) respond(alertId = r.alertId, isAlert = true) { r }
        return state
    }

    /**
     * Asks again, with fresh quick replies, about the newest [limit] open alerts not asked about
     * in this session (after a restart, or when older alert buttons have expired).
     */
    suspend fun checkAlerts(limit: Int = Int.MAX_VALUE): ChatState {
        val open = try {
            backend.openAlerts()
        } catch (e: TacitException) {
            return system(e)
        }
        for (alert in open.filter { it.status == AlertState.OPEN && it.id !in alertsShown }.takeLast(limit)) {
            alertsShown += alert.id
            respond(alert.id) { backend.raiseAlert(alert.id) }
        }
        return state
    }

    /** Changes what the platform may receive. */
    suspend fun setLevel(level: DisclosureLevel): ChatState = try {
        backend.setDisclosure(level)
        state = state.copy(level = level)
        state
    } catch (e: TacitException) {
        system(e)
    }

    fun togglePlatformView(): ChatState {
        state = state.copy(showPlatformView = !state.showPlatformView)
        return state
    }

    private suspend fun respond(alertId: String? = null, isAlert: Boolean = alertId != null, call: suspend () -> ChatReply): ChatState = try {
        val r = call()
        add(
            Bubble(
                id = nextId++,
                author = Author.ASSISTANT,
                text = r.localText,
                platformText = r.platformText,
                buttons = r.quickReplies.map { ButtonModel(it.label, it.token) },
                alertId = alertId ?: r.alertId,
                isAlert = isAlert || r.alertId != null,
            ),
        )
        state
    } catch (e: TacitException) {
        system(e)
    }

    private fun system(e: TacitException): ChatState {
        add(Bubble(nextId++, Author.SYSTEM, messageFor(e)))
        return state
    }

    private fun add(b: Bubble) {
        state = state.copy(bubbles = state.bubbles + b)
    }

    companion object {
        /** A presenter showing the profile's current disclosure level. */
        suspend fun create(backend: ChatBackend): ChatPresenter =
            ChatPresenter(backend, runCatching { backend.disclosure() }.getOrDefault(DisclosureLevel.MINIMAL))

        /** A user-facing line for each error (the errors carry no personal data either). */
        fun messageFor(e: TacitException): String = when (e) {
            is TacitException.QuickReplyExpired -> "That button has expired. Please ask again."
            is TacitException.QuickReplyUnknown -> "That button was already used."
            is TacitException.NoSuchAlert -> "That alert was already answered."
            is TacitException.EgressBlocked -> "I couldn't send that reply safely, so I sent nothing."
            is TacitException.KeyUnavailable -> "Unlock your phone to read your bank data."
            is TacitException.WrongKey, is TacitException.Tampered,
            is TacitException.Corrupt, is TacitException.Rollback,
            is TacitException.LedgerBroken -> "Your local data can't be opened safely."
            is TacitException.Closed -> "The profile is closed."
            is TacitException.StatementRefused -> "That statement file couldn't be read."
            else -> "Something went wrong. Please try again."
        }
    }
}
