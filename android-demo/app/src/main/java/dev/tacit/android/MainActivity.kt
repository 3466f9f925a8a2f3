package dev.tacit.android

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.viewModels
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.Spacer
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.lazy.rememberLazyListState
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.material3.Button
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import dev.tacit.DisclosureLevel
import dev.tacit.demo.Author
import dev.tacit.demo.Bubble

class MainActivity : ComponentActivity() {
    private val vm: ChatViewModel by viewModels()

    override fun onCreate(savedInstanceState: Bundle?) {
        // Target SDK 35 draws edge to edge: the screen pads itself by the system bars, the
        // cutout and the keyboard (safeDrawingPadding) so no bubble sits under the status bar.
        enableEdgeToEdge()
        super.onCreate(savedInstanceState)
        setContent { MaterialTheme { ChatScreen(vm) } }
    }
}

@Composable
fun ChatScreen(vm: ChatViewModel) {
    val state by vm.state.collectAsStateWithLifecycle()
    val status by vm.status.collectAsStateWithLifecycle()
    val needsReset by vm.needsReset.collectAsStateWithLifecycle()
    var input by remember { mutableStateOf("") }
    val listState = rememberLazyListState()
    LaunchedEffect(state.bubbles.size) {
        if (state.bubbles.isNotEmpty()) listState.animateScrollToItem(state.bubbles.size - 1)
    }

    Column(Modifier.fillMaxSize().safeDrawingPadding().padding(8.dp)) {
        Text(status, style = MaterialTheme.typography.labelMedium)
        if (needsReset) {
            // WrongKey / KeyUnavailable for good: the only way on is a new vault (and linking again).
            Button(onClick = { vm.resetAndRelink() }) { Text("Delete this chat's bank data and start again") }
        }
        Row(verticalAlignment = Alignment.CenterVertically) {
            Text("Platform may see:", style = MaterialTheme.typography.labelLarge)
            DisclosureLevel.entries.forEach { level ->
                FilterChip(
                    selected = state.level == level,
                    onClick = { vm.setLevel(level) },
                    label = { Text(level.name.lowercase()) },
                    modifier = Modifier.padding(horizontal = 2.dp),
                )
            }
        }
        Row(verticalAlignment = Alignment.CenterVertically) {
            Switch(checked = state.showPlatformView, onCheckedChange = { vm.togglePlatformView() })
            Spacer(Modifier.padding(4.dp))
            Text("Show what the platform receives")
        }
        LazyColumn(Modifier.weight(1f).fillMaxWidth(), state = listState, verticalArrangement = Arrangement.spacedBy(6.dp)) {
            items(state.bubbles, key = { it.id }) { b -> BubbleView(b, state.showPlatformView, vm) }
        }
        Row(verticalAlignment = Alignment.CenterVertically) {
            OutlinedTextField(value = input, onValueChange = { input = it }, modifier = Modifier.weight(1f), placeholder = { Text("What's my balance?") })
            Button(onClick = { vm.send(input); input = "" }, enabled = input.isNotBlank(), modifier = Modifier.padding(start = 6.dp)) { Text("Send") }
        }
    }
}

@Composable
fun BubbleView(b: Bubble, showPlatform: Boolean, vm: ChatViewModel) {
    val mine = b.author == Author.USER
    val color = when (b.author) {
        Author.USER -> Color(0xFFD0E8FF)
        Author.ASSISTANT -> if (b.isAlert) Color(0xFFFFE0B2) else Color(0xFFEFEFEF)
        Author.SYSTEM -> Color(0xFFFFCDD2)
    }
    Column(Modifier.fillMaxWidth(), horizontalAlignment = if (mine) Alignment.End else Alignment.Start) {
        Row(horizontalArrangement = Arrangement.spacedBy(6.dp)) {
            Column(Modifier.widthIn(max = 280.dp).background(color, RoundedCornerShape(12.dp)).padding(10.dp)) {
                if (showPlatform && b.platformText != null) Text("You see", style = MaterialTheme.typography.labelSmall)
                Text(b.text)
            }
            if (showPlatform && b.platformText != null) {
                Column(Modifier.widthIn(max = 200.dp).background(Color(0xFFE8F5E9), RoundedCornerShape(12.dp)).padding(10.dp)) {
                    Text("Platform receives", style = MaterialTheme.typography.labelSmall)
                    Text(b.platformText!!)
                }
            }
        }
        if (b.buttons.isNotEmpty()) {
            Row(horizontalArrangement = Arrangement.spacedBy(6.dp), modifier = Modifier.padding(top = 4.dp)) {
                b.buttons.forEach { btn -> OutlinedButton(onClick = { vm.tap(b.id, btn) }) { Text(btn.label) } }
            }
        }
    }
}
