// swift-tools-version:6.2
import PackageDescription

/// Settings every lyapsweep target shares: Swift 6 language mode and explicit existentials.
let commonSwiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// `-target-cpu cpu` for a kernel variant on x86-64 (a later `-Xswiftc -target-cpu` on the command line wins);
/// nothing elsewhere.
func kernelTarget(_ cpu: String) -> [SwiftSetting] {
    #if arch(x86_64)
    return [.unsafeFlags(["-target-cpu", cpu])]
    #else
    return []
    #endif
}

let package = Package(
    name: "lyapsweep",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lyapsweep", targets: ["lyapsweep"]),
        .library(name: "Dynamics", targets: ["Dynamics"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "RandomStreams", targets: ["RandomStreams"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // MARK: ZeroMQ (the only unsafe code of the project)
        .systemLibrary(
            name: "CZeroMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),
        .target(
            name: "ZeroMQ",
            dependencies: ["CZeroMQ"],
            swiftSettings: commonSwiftSettings
        ),

        // zlib, for gzip-compressed IDX datasets (the system's libz, as every Linux has it).
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),

        // MARK: Numerics (no I/O beyond reading bundled datasets, no globals)
        .target(
            name: "RandomStreams",
            swiftSettings: commonSwiftSettings
        ),
        .target(
            name: "Dynamics",
            dependencies: [
                "RandomStreams", "CZlib", "CCPUFeatures", "DynamicsKernelInterface",
                "DynamicsKernelAVX512", "DynamicsKernelAVX2", "DynamicsKernelPortable",
            ],
            resources: [.copy("Resources/iris.csv"), .copy("Resources/digits.csv")],
            // Debug builds (and so `swift test` and its end-to-end sweeps) optimise this module anyway: the
            // plain oracle and the kernel's drivers run ~100× slower unoptimised. No `-target-cpu`: the
            // instruction set is the kernel variants' business, chosen at run time.
            swiftSettings: commonSwiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // The lockstep kernel's hot loop, Sources/DynamicsKernel (no target of its own), compiled once per
        // variant: each variant's directory links to it (`Shared`) and adds its lane width (`Width.swift`).
        // Dynamics.KernelVariant picks one at start-up from cpuid (CCPUFeatures), or LYAPSWEEP_KERNEL. All
        // give the same bits; without hardware fused multiply-add (portable on x86-64) every `fma` is a library
        // call, tens of times slower (docs/PERFORMANCE.md). Off x86-64 all three are the portable code.
        .target(name: "CCPUFeatures"),
        .target(name: "DynamicsKernelInterface", swiftSettings: commonSwiftSettings),
        .target(
            name: "DynamicsKernelAVX512",
            dependencies: ["DynamicsKernelInterface"],
            swiftSettings: commonSwiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
                + kernelTarget("skylake-avx512")
        ),
        .target(
            name: "DynamicsKernelAVX2",
            dependencies: ["DynamicsKernelInterface"],
            swiftSettings: commonSwiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
                + kernelTarget("haswell")
        ),
        .target(
            name: "DynamicsKernelPortable",
            dependencies: ["DynamicsKernelInterface"],
            swiftSettings: commonSwiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(
            name: "Analysis",
            dependencies: ["RandomStreams"],
            swiftSettings: commonSwiftSettings
        ),
        .target(
            name: "Diagnostics",
            dependencies: ["Dynamics", "Analysis"],
            swiftSettings: commonSwiftSettings
        ),

        // MARK: Sweeps, tasks and their results
        .target(
            name: "Sweep",
            dependencies: ["Dynamics", "Analysis", "Diagnostics", "RandomStreams", "TOMLKit"],
            swiftSettings: commonSwiftSettings
        ),
        .target(
            name: "Store",
            dependencies: ["Sweep", "Analysis", "Dynamics", "Diagnostics", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: commonSwiftSettings
        ),
        .target(
            name: "Report",
            dependencies: ["Sweep", "Analysis", "Diagnostics"],
            swiftSettings: commonSwiftSettings
        ),

        // MARK: The distributed runtime
        .target(
            name: "Wire",
            dependencies: ["Sweep", "Dynamics", "Diagnostics", "Analysis", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Proto"],
            swiftSettings: commonSwiftSettings
        ),
        .target(
            name: "Coordinator",
            dependencies: [
                "Sweep", "Store", "Wire", "ZeroMQ", "Analysis",
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: commonSwiftSettings
        ),
        .target(
            name: "Worker",
            dependencies: ["Sweep", "Dynamics", "Wire", "ZeroMQ", .product(name: "Logging", package: "swift-log")],
            swiftSettings: commonSwiftSettings
        ),

        // MARK: Watching a sweep: the web dashboard, its JSON API and /metrics
        .target(
            name: "Dashboard",
            dependencies: [
                "Coordinator", "Sweep", "Analysis", "Report",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: commonSwiftSettings
        ),

        // MARK: Running sweeps: sessions, local worker processes, status, reports, benchmarks
        .target(
            name: "Runtime",
            dependencies: [
                "Sweep", "Store", "Report", "Coordinator", "Worker", "Wire", "ZeroMQ", "Dashboard", "Dynamics",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: commonSwiftSettings,
            plugins: ["BuildInfoPlugin"]
        ),
        .plugin(name: "BuildInfoPlugin", capability: .buildTool()),
        .target(
            name: "LoadTest",
            dependencies: [
                "Sweep", "Wire", "ZeroMQ", "Dynamics", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: commonSwiftSettings
        ),
        .target(
            name: "Benchmarks",
            dependencies: ["Dynamics", "Sweep", "Wire"],
            swiftSettings: commonSwiftSettings
        ),

        // MARK: The command-line tool: options and commands over Runtime
        .executableTarget(
            name: "lyapsweep",
            dependencies: [
                "Analysis", "Sweep", "Report", "Store", "Coordinator", "Worker", "Wire", "Dashboard", "Runtime", "Benchmarks", "LoadTest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: commonSwiftSettings
        ),

        // MARK: Fuzzing the parsers of untrusted input (fuzz/README.md; `make fuzz` builds it with libFuzzer)
        .executableTarget(
            name: "LyapsweepFuzz",
            dependencies: ["Sweep", "Dynamics", "Wire", "TOMLKit"],
            path: "fuzz/Sources/LyapsweepFuzz",
            swiftSettings: commonSwiftSettings
        ),

        // MARK: Tests
        .target(name: "TestSupport", dependencies: ["Dynamics", "RandomStreams"], path: "Tests/TestSupport", swiftSettings: commonSwiftSettings),
        .testTarget(name: "RandomStreamsTests", dependencies: ["RandomStreams", "TestSupport"], swiftSettings: commonSwiftSettings),
        .testTarget(name: "DynamicsTests", dependencies: ["Dynamics", "DynamicsKernelInterface", "DynamicsKernelPortable", "Analysis", "RandomStreams", "TestSupport"], swiftSettings: commonSwiftSettings),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "RandomStreams", "TestSupport"], swiftSettings: commonSwiftSettings),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "Dynamics", "RandomStreams", "TestSupport"], swiftSettings: commonSwiftSettings),
        .testTarget(name: "SweepTests", dependencies: ["Sweep", "Report", "Analysis", "Dynamics", "Diagnostics", "TestSupport"], swiftSettings: commonSwiftSettings),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "Coordinator"], swiftSettings: commonSwiftSettings),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"], swiftSettings: commonSwiftSettings),
        .testTarget(name: "CoordinatorTests", dependencies: ["Coordinator"], swiftSettings: commonSwiftSettings),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["lyapsweep", "Dynamics", "Sweep", "Store", "Wire", "ZeroMQ", "TestSupport"],
            swiftSettings: commonSwiftSettings
        ),
        .testTarget(
            name: "DashboardTests",
            dependencies: [
                "Dashboard", "Coordinator", "Sweep", "Analysis", "Report",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: commonSwiftSettings
        ),
        .testTarget(name: "WireTests", dependencies: ["Wire", "Diagnostics", "Analysis", "RandomStreams"], swiftSettings: commonSwiftSettings),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Sweep", "Analysis", "Dynamics", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: commonSwiftSettings),
        .testTarget(name: "WorkerTests", dependencies: ["Worker", "Wire", "Sweep", "Dynamics", "ZeroMQ", .product(name: "Logging", package: "swift-log")], swiftSettings: commonSwiftSettings),
        .testTarget(
            name: "ReportTests",
            dependencies: ["Report", "Store", "Sweep", "Analysis", "Dynamics", "Diagnostics", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: commonSwiftSettings
        ),
    ]
)
