package dev.tacit.android

import android.app.Application
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import dev.tacit.DisclosureLevel
import dev.tacit.TacitException
import dev.tacit.TacitProfile
import dev.tacit.demo.ButtonModel
import dev.tacit.demo.ChatPresenter
import dev.tacit.demo.ChatState
import dev.tacit.demo.ProfileBackend
import dev.tacit.openProfileAsync
import java.io.File
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext

/** Owns the profile and the shared [ChatPresenter]; every Tacit call runs on Dispatchers.IO. */
class ChatViewModel(app: Application) : AndroidViewModel(app) {
    private val _state = MutableStateFlow(ChatState())
    val state: StateFlow<ChatState> = _state
    private val _status = MutableStateFlow("Opening your encrypted profile…")
    val status: StateFlow<String> = _status

    private var profile: TacitProfile? = null
    private var presenter: ChatPresenter? = null
    private val lock = Mutex() // the presenter's state is not thread-safe; Tacit itself is

    init {
        viewModelScope.launch {
            try {
                val path = File(app.filesDir, "tacit.db").absolutePath
                val p = openProfileAsync(path, KeystoreKeyWrapper(app))
                withContext(Dispatchers.IO) {
                    p.setLocale(java.util.Locale.getDefault().toLanguageTag())
                    p.setUtcOffsetMinutes(java.util.TimeZone.getDefault().getOffset(System.currentTimeMillis()) / 60_000)
                    // Demo data: a year of the sandbox bank replayed as weekly syncs, so the
                    // on-device fraud engine raises alerts. A real app imports OFX or syncs.
                    val s = p.replaySandbox(7uL)
                    _status.value = "Sandbox bank: ${s.accounts} accounts, ${s.inserted} transactions, " +
                        "${s.alerts.size} fraud alerts (all on this phone only)"
                }
                profile = p
                presenter = ChatPresenter.create(ProfileBackend(p))
                // Replayed alerts were raised in the past (their buttons expired): ask about the
                // newest open one again with fresh buttons. After a real import or sync, use
                // presenter.showAlerts(summary.alerts) instead.
                update { it.checkAlerts(limit = 1) }
            } catch (e: TacitException) {
                _status.value = ChatPresenter.messageFor(e)
            }
        }
    }

    fun send(text: String) = update { it.send(text) }
    fun tap(bubbleId: Int, button: ButtonModel) = update { it.tap(bubbleId, button) }
    fun setLevel(level: DisclosureLevel) = update { it.setLevel(level) }
    fun togglePlatformView() = update { it.togglePlatformView() }

    private fun update(action: (ChatPresenter) -> ChatState) {
        viewModelScope.launch {
            val p = presenter ?: return@launch
            _state.value = lock.withLock { withContext(Dispatchers.IO) { action(p) } }
        }
    }

    override fun onCleared() {
        profile?.let { p -> runCatching { p.closeProfile() }; p.destroy() }
    }
}
