import SwiftUI
import UserNotifications

@main
struct TacitDemoApp: App {
    init() {
        BackgroundSync.register()
        UNUserNotificationCenter.current().requestAuthorization(options: [.alert, .sound]) { _, _ in }
    }

    var body: some Scene {
        WindowGroup { ChatView().onAppear { BackgroundSync.schedule() } }
    }
}
