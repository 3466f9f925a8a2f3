// dev.tacit:tacit-android, the AAR: the uniffi-generated Kotlin (generated here from the very
// library the AAR ships, so the bindings always match it), the hand-written Flow / blocking
// files, libtacit_ffi.so for arm64-v8a, armeabi-v7a and x86_64 built by cargo-ndk at the
// `mobile` profile with 16 KB page alignment, consumer R8 rules for JNA, and JNA's @aar.
import org.gradle.api.tasks.Exec

plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
    id("maven-publish")
}

val repoRoot = rootProject.projectDir.resolve("../..").canonicalFile
val abis = listOf("arm64-v8a", "armeabi-v7a", "x86_64")
val minApi = 28
val devExports = (findProperty("tacit.devExports") as String?)?.toBoolean() ?: false
val jniOut = layout.buildDirectory.dir("rust/jniLibs")
val kotlinOut = layout.buildDirectory.dir("generated/uniffi/kotlin")

android {
    namespace = "dev.tacit"
    compileSdk = 35

    defaultConfig {
        minSdk = minApi
        consumerProguardFiles("consumer-rules.pro")
        ndk { abiFilters += abis }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    kotlinOptions { jvmTarget = "17" }

    sourceSets["main"].apply {
        java.srcDir(kotlinOut)
        java.srcDir(repoRoot.resolve("bindings/kotlin/src/ext/kotlin"))
        jniLibs.srcDir(jniOut)
    }

    publishing {
        singleVariant("release") { withSourcesJar() }
    }
}

/**
 * libtacit_ffi.so per ABI through cargo-ndk. `-z max-page-size=16384` aligns the LOAD
 * segments to 16 KB, which Android 15+ devices with 16 KB pages require (Play requires it
 * for apps targeting Android 15 from November 2025); 4 KB-page devices load it as well.
 * Only the cdylib crate type is built, so the `mobile` profile's fat LTO applies (see
 * scripts/size.sh). Relative relocations are packed (RELR with Android's tags, API 28+), as
 * scripts/size.sh links the library it measures. `--icf=all` folds identical functions
 * (lld; Apple's linker deduplicates them by default for the iOS staticlib), about 26 KB.
 * scripts/remap-paths.sh names dependency sources relative to the registry (no builder's
 * home folder in the library, about 12 KB).
 */
val cargoNdk by tasks.registering(Exec::class) {
    workingDir = repoRoot
    val targets = abis.flatMap { listOf("-t", it) }
    val features = if (devExports) listOf("--features", "dev-exports") else emptyList()
    commandLine(
        listOf("bash", "scripts/remap-paths.sh", "cargo", "ndk") + targets + listOf("--platform", "$minApi", "-o", jniOut.get().asFile.path) +
            listOf("rustc", "-p", "tacit-ffi", "--lib", "--profile", "mobile", "--crate-type", "cdylib") + features +
            listOf(
                "--", "-C", "link-arg=-Wl,-z,max-page-size=16384",
                "-C", "link-arg=-Wl,--pack-dyn-relocs=android+relr",
                "-C", "link-arg=-Wl,--use-android-relr-tags",
                "-C", "link-arg=-Wl,--icf=all",
            ),
    )
    inputs.dir(repoRoot.resolve("core/src"))
    inputs.dir(repoRoot.resolve("bindings/src"))
    inputs.property("devExports", devExports)
    outputs.dir(jniOut)
}

/** The Kotlin bindings, stock uniffi output, generated from the arm64 library just built. */
val uniffiBindings by tasks.registering(Exec::class) {
    dependsOn(cargoNdk)
    workingDir = repoRoot
    val lib = jniOut.get().asFile.resolve("arm64-v8a/libtacit_ffi.so")
    commandLine(
        "cargo", "run", "--quiet", "-p", "uniffi-bindgen", "--", "generate",
        "--language", "kotlin", "--no-format", "--config", repoRoot.resolve("uniffi.toml").path,
        "--out-dir", kotlinOut.get().asFile.path, lib.path,
    )
    outputs.dir(kotlinOut)
}

tasks.named("preBuild") { dependsOn(uniffiBindings) }

dependencies {
    // JNA for Android: the @aar carries libjnidispatch.so for every ABI (not the desktop jar).
    api("net.java.dev.jna:jna:5.18.1@aar")
    api("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.10.1")
}

publishing {
    publications {
        register<MavenPublication>("release") {
            groupId = "dev.tacit"
            artifactId = "tacit-android"
            version = "0.1.0"
            afterEvaluate { from(components["release"]) }
            pom {
                name.set("Tacit for Android")
                description.set("Private banking answers and fraud alerts in chat, computed on the device")
            }
        }
    }
}
