// swift-tools-version:6.0
import PackageDescription

// Kernels are compiled with optimisation even in debug builds: the engine is
// unusably slow at -O0, and the tests run the real model. No fused multiply-add
// unless a kernel asks for one: compilers fuse `a * b + c` on AArch64 (which
// always has FMA) but not on baseline x86-64, and the float steps (calibration,
// quantizing inputs) must round alike on both so that arm64 and amd64 give the
// same bytes.
let kernelFlags: [CSetting] = [.unsafeFlags(["-O3", "-fno-math-errno", "-ffp-contract=off"])]

// GStreamer's headers, for the C target that loads GStreamer at run time. Not a system-library
// target: SwiftPM would link what pkg-config names, making libgstreamer a dependency of every
// install, and a V4L2-only install must not need it (GStreamer is dlopen'ed when a gst:,
// rtsp: or libcamera: source is used). "-I=" is relative to the sysroot of a cross build
// (arm64), the plain -I the native build's; glibconfig.h lives under the multiarch triple.
let gstreamerHeaders: [CSetting] = [
    .unsafeFlags(
        ["/usr/include/gstreamer-1.0", "/usr/include/glib-2.0", "/usr/lib/aarch64-linux-gnu/glib-2.0/include",
         "/usr/lib/x86_64-linux-gnu/glib-2.0/include"].flatMap { ["-I=\($0)"] }
            + ["/usr/include/gstreamer-1.0", "/usr/include/glib-2.0", "/usr/lib/x86_64-linux-gnu/glib-2.0/include",
               "/usr/lib/aarch64-linux-gnu/glib-2.0/include"].flatMap { ["-I\($0)"] }),
]

// Members of modules a file does not import stay invisible. Without this, TOMLKit's import of
// Foundation lets full Foundation's String(format:) and friends compile anywhere, and the
// release link, which leaves Foundation out (packaging/build-release.sh), fails.
let swiftSettings: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
    name: "yolo-edge",
    products: [
        .executable(name: "yolo-edge", targets: ["YoloEdge"]),
        .library(name: "Infer", targets: ["Infer"]),
        .library(name: "Detect", targets: ["Detect"]),
        .library(name: "Capture", targets: ["Capture"]),
        .library(name: "Quantizer", targets: ["Quantizer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // The direction of every dependency below: YoloEdge -> Daemon -> Detect -> Capture -> Infer
        // -> InferKernels; Quantizer -> Infer; Evaluation -> Detect (docs/architecture.md).

        // Integer micro-kernels (C) with TFLite's integer reference semantics, per operator,
        // one file per tile and ISA, dispatched at run time (cpu/ detects the CPU once).
        .target(name: "InferKernels", cSettings: kernelFlags),
        // Float32 reference loops (C) the quantizer runs its calibration with.
        .target(name: "QuantizerKernels", cSettings: kernelFlags),
        // Process-wide heap allocation counting (bench, tests).
        .target(name: "AllocationCounter"),
        // Named threads of their own (pthreads), for the daemon's loops and the MQTT client.
        .target(name: "DedicatedThreads", swiftSettings: swiftSettings),
        // Skips constructing the C++ standard streams, which nothing uses (see its source).
        .target(name: "NoCxxStandardStreams"),
        // GStreamer, opened with dlopen() on first use (see gstreamerHeaders).
        .target(name: "GStreamerShim", cSettings: gstreamerHeaders),
        // libmosquitto, opened with dlopen() when MQTT is first used (see its header). Not a system
        // library target: that would link it, and load libssl and libcrypto into every process.
        .target(name: "MosquittoShim"),
        .systemLibrary(
            name: "CTurboJPEG", pkgConfig: "libturbojpeg",
            providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(
            name: "CV4L2", pkgConfig: "libv4l2",
            providers: [.apt(["libv4l-dev"])]),
        .systemLibrary(
            name: "CSystemd", pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]),

        // The runtime engine: model loading (.tflite, .yem), graph IR, memory planner, kernels.
        .target(name: "Infer", dependencies: ["InferKernels"], swiftSettings: swiftSettings),
        // The offline converter: ONNX reader, float executor, post-training INT8 quantizer.
        // Only `yolo-edge convert` uses it; the runtime never does.
        .target(name: "Quantizer", dependencies: ["Infer", "QuantizerKernels"], swiftSettings: swiftSettings),
        // Frame sources (V4L2, GStreamer, JPEG files, raw replay) and conversion into the model input.
        .target(name: "Capture", dependencies: ["CTurboJPEG", "CV4L2", "GStreamerShim", "Infer"], swiftSettings: swiftSettings),
        // The YOLOv8 detector: model layout, engine, head, decoding and NMS; the detection record
        // `detect --json` writes and `eval` reads; the rules on detection settings.
        .target(name: "Detect", dependencies: ["Infer", "Capture"], swiftSettings: swiftSettings),
        // Multi-object tracking (ByteTrack) and what tracks do in zones and at lines.
        .target(name: "Track", dependencies: ["Detect"], swiftSettings: swiftSettings),
        // Annotated snapshots: boxes, labels, zones and lines drawn on a frame, encoded as JPEG.
        .target(name: "Snapshot", dependencies: ["Capture", "Detect", "Track"], swiftSettings: swiftSettings),
        // An MQTT client over libmosquitto: its own thread, a bounded outgoing queue, reconnects
        // with capped backoff, a last will; publishing never waits on the broker.
        .target(name: "MQTT", dependencies: ["MosquittoShim", "DedicatedThreads", .product(name: "Logging", package: "swift-log")],
                swiftSettings: swiftSettings),
        // COCO-style detection metrics.
        .target(name: "Evaluation", dependencies: ["Detect"], swiftSettings: swiftSettings),
        // The daemon as a library: config, pipeline and its threads, publisher, systemd, runtime.
        .target(
            name: "Daemon",
            dependencies: [
                "Infer", "Capture", "Detect", "Track", "Snapshot", "MQTT", "CSystemd", "AllocationCounter", "DedicatedThreads",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings),
        // The `yolo-edge` executable: its commands, `bench`, and the socket client of `watch`/`status`.
        .executableTarget(
            name: "YoloEdge",
            dependencies: [
                "Daemon", "Detect", "Infer", "Capture", "Evaluation", "Quantizer", "Snapshot", "Track",
                "AllocationCounter", "NoCxxStandardStreams",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings),
        // Locating ../shared, the reference Python and the binary; running subprocesses.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "InferTests", dependencies: ["Infer", "Capture", "AllocationCounter", "TestSupport"]),
        .testTarget(name: "QuantizerTests", dependencies: ["Quantizer", "Infer", "Detect", "Capture", "TestSupport"]),
        .testTarget(name: "CaptureTests", dependencies: ["Capture", "GStreamerShim", "AllocationCounter", "TestSupport"]),
        .testTarget(name: "DetectTests", dependencies: ["Detect", "Infer", "Capture", "TestSupport"]),
        .testTarget(name: "TrackTests", dependencies: ["Track", "Detect", "AllocationCounter", "TestSupport"]),
        .testTarget(
            name: "SnapshotTests",
            dependencies: ["Snapshot", "Capture", "Detect", "Track", "AllocationCounter", "TestSupport"]),
        .testTarget(name: "MQTTTests", dependencies: ["MQTT", "TestSupport"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Detect", "TestSupport"]),
        // The daemon's tests talk to it through the `watch`/`status` client, which the executable holds.
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "Daemon", "YoloEdge", "Detect", "Infer", "Capture", "Track", "Snapshot", "MQTT", "DedicatedThreads", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .testTarget(
            name: "YoloEdgeTests",
            dependencies: [
                "YoloEdge", "Daemon", "Detect", "Capture", "Snapshot", "Quantizer", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
    ]
)
