import SwiftUI

@main
struct TacitDemoApp: App {
    var body: some Scene {
        WindowGroup { ChatView() }
    }
}
