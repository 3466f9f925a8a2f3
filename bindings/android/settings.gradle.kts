// The Tacit Android library (AAR), a Gradle build of its own: `./gradlew :tacit:assembleRelease`
// or `:tacit:publishToMavenLocal`. Not built on the Linux machine this repository is developed
// on (no Android SDK there): written for Android Studio / a CI with the SDK and NDK.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}
dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}
rootProject.name = "tacit-android"
include(":tacit")
