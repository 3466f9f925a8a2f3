import SwiftUI
import Tacit

struct ChatView: View {
    @StateObject private var model = ChatModel()
    @State private var input = ""

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            Text(model.status).font(.caption).foregroundStyle(.secondary)
            Picker("Platform may see", selection: Binding(get: { model.level }, set: { l in Task { await model.setLevel(l) } })) {
                Text("minimal").tag(DisclosureLevel.minimal)
                Text("summary").tag(DisclosureLevel.summary)
                Text("full").tag(DisclosureLevel.full)
            }
            .pickerStyle(.segmented)
            Toggle("Show what the platform receives", isOn: $model.showPlatformView)
            ScrollViewReader { proxy in
                ScrollView {
                    LazyVStack(spacing: 6) {
                        ForEach(model.bubbles) { b in BubbleView(bubble: b, showPlatform: model.showPlatformView, model: model).id(b.id) }
                    }
                }
                .onChange(of: model.bubbles.count) { _ in
                    if let last = model.bubbles.last { proxy.scrollTo(last.id, anchor: .bottom) }
                }
            }
            HStack {
                TextField("What's my balance?", text: $input).textFieldStyle(.roundedBorder)
                Button("Send") {
                    let t = input
                    input = ""
                    Task { await model.send(t) }
                }
                .disabled(input.trimmingCharacters(in: .whitespaces).isEmpty)
            }
        }
        .padding()
        .task { await model.start() }
    }
}

struct BubbleView: View {
    let bubble: Bubble
    let showPlatform: Bool
    let model: ChatModel

    private var color: Color {
        switch bubble.author {
        case .user: return Color.blue.opacity(0.2)
        case .assistant: return bubble.alertId != nil ? Color.orange.opacity(0.25) : Color.gray.opacity(0.15)
        case .system: return Color.red.opacity(0.2)
        }
    }

    var body: some View {
        VStack(alignment: bubble.author == .user ? .trailing : .leading, spacing: 4) {
            HStack(alignment: .top, spacing: 6) {
                VStack(alignment: .leading) {
                    if showPlatform && bubble.platformText != nil { Text("You see").font(.caption2) }
                    Text(bubble.text)
                }
                .padding(10).background(color).clipShape(RoundedRectangle(cornerRadius: 12))
                if showPlatform, let platform = bubble.platformText {
                    VStack(alignment: .leading) {
                        Text("Platform receives").font(.caption2)
                        Text(platform)
                    }
                    .padding(10).background(Color.green.opacity(0.15)).clipShape(RoundedRectangle(cornerRadius: 12))
                }
            }
            if !bubble.buttons.isEmpty {
                HStack {
                    ForEach(bubble.buttons, id: \.self) { btn in
                        Button(btn.label) { Task { await model.tap(bubbleId: bubble.id, button: btn) } }
                            .buttonStyle(.bordered)
                    }
                }
            }
        }
        .frame(maxWidth: .infinity, alignment: bubble.author == .user ? .trailing : .leading)
    }
}
