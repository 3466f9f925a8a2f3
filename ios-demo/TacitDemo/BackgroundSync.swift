// Background refresh: a BGAppRefreshTask syncs the linked banks and posts each new fraud
// alert as a local notification, so alerts arrive while the app is closed. Registered at
// launch (TacitDemoApp), scheduled again each time it runs; identifier listed in
// BGTaskSchedulerPermittedIdentifiers (project.yml). Expiration cancels the sync task, and
// TacitAsync.swift turns that into a cancelled Rust sync that stores nothing half-done.
// Not compiled here (no Swift toolchain on the development machine).

import BackgroundTasks
import Foundation
import Tacit
import UserNotifications

enum BackgroundSync {
    static let identifier = "dev.tacit.demo.refresh"

    static func register() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: identifier, using: nil) { task in
            guard let refresh = task as? BGAppRefreshTask else { return task.setTaskCompleted(success: false) }
            handle(refresh)
        }
    }

    static func schedule() {
        let request = BGAppRefreshTaskRequest(identifier: identifier)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 4 * 3600)  // the polite scheduler syncs at most 4 times a day
        try? BGTaskScheduler.shared.submit(request)
    }

    private static func handle(_ task: BGAppRefreshTask) {
        schedule()
        let work = Task {
            do {
                let profile = try await openProfile(path: try ChatModel.vaultURL().path, wrapper: KeychainKeyWrapper(), generationStore: KeychainGenerationStore())
                // Unattended: the polite scheduler may skip it. Cancelled with this task.
                let summary = try await profile.syncCancellable(days: 30, userInitiated: false)
                for alert in summary.imports.flatMap({ $0.alerts }) {
                    let content = UNMutableNotificationContent()
                    content.title = "Was this you?"
                    content.body = alert.localText  // shown on this device only, never sent anywhere
                    let request = UNNotificationRequest(identifier: alert.alertId ?? UUID().uuidString,
                                                        content: content, trigger: nil)
                    try? await UNUserNotificationCenter.current().add(request)
                }
                task.setTaskCompleted(success: true)
            } catch {
                task.setTaskCompleted(success: false)
            }
        }
        task.expirationHandler = { work.cancel() }
    }
}
