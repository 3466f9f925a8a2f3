plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
    id("org.jetbrains.kotlin.plugin.compose")
}

android {
    namespace = "dev.tacit.android"
    compileSdk = 35

    defaultConfig {
        applicationId = "dev.tacit.android"
        minSdk = 28
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        ndk {
            // What scripts/build-android-libs.sh builds into src/main/jniLibs.
            abiFilters += listOf("arm64-v8a", "armeabi-v7a", "x86_64")
        }
    }

    buildTypes {
        release {
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    kotlinOptions {
        jvmTarget = "17"
    }
    buildFeatures {
        compose = true
    }

    sourceSets["main"].apply {
        // The generated uniffi bindings (dev/tacit/tacit.kt) and the presenter shared with the
        // Maven test suite (dev/tacit/demo/ChatPresenter.kt): compiled from the repo, not copied.
        java.srcDir("../../bindings/kotlin/src/main/kotlin")
        java.srcDir("../../bindings/kotlin/src/ext/kotlin")
        java.srcDir("../../bindings/kotlin/src/demo/kotlin")
        // libtacit_ffi.so per ABI, from scripts/build-android-libs.sh.
        jniLibs.srcDir("src/main/jniLibs")
    }
}

dependencies {
    // JNA for Android: the @aar carries libjnidispatch.so for every ABI.
    implementation("net.java.dev.jna:jna:5.18.1@aar")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.10.1")

    implementation(platform("androidx.compose:compose-bom:2024.12.01"))
    implementation("androidx.compose.ui:ui")
    implementation("androidx.compose.material3:material3")
    implementation("androidx.compose.ui:ui-tooling-preview")
    implementation("androidx.activity:activity-compose:1.9.3")
    implementation("androidx.lifecycle:lifecycle-viewmodel-compose:2.8.7")
    implementation("androidx.lifecycle:lifecycle-runtime-compose:2.8.7")
    debugImplementation("androidx.compose.ui:ui-tooling")
}
