// swift-tools-version:6.1
import PackageDescription

/// Settings every lyapsweep target shares: Swift 6 language mode and explicit existentials.
let commonSwiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "lyapsweep",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lyapsweep", targets: ["lyapsweep"]),
        .library(name: "Dynamics", targets: ["Dynamics"]),
        .library(name: "Analysis", targets: ["Analysis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
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

        // MARK: Numerics (no I/O beyond reading bundled datasets, no globals)
        .target(
            name: "Dynamics",
            resources: [.copy("Resources/iris.csv"), .copy("Resources/digits.csv")],
            // The ensemble kernel is SIMD code that runs ~500× slower unoptimised; debug builds (and so
            // `swift test` and its end-to-end sweeps) optimise this one module anyway.
            swiftSettings: commonSwiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(
            name: "Analysis",
            swiftSettings: commonSwiftSettings
        ),

        // MARK: Sweeps, tasks and their results
        .target(
            name: "Sweep",
            dependencies: ["Dynamics", "Analysis", "TOMLKit"],
            swiftSettings: commonSwiftSettings
        ),
        .target(
            name: "Store",
            dependencies: ["Sweep", "Analysis", "Dynamics", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: commonSwiftSettings
        ),
        .target(
            name: "Report",
            dependencies: ["Sweep", "Analysis"],
            swiftSettings: commonSwiftSettings
        ),

        // MARK: The distributed runtime
        .target(
            name: "Wire",
            dependencies: ["Sweep", "Dynamics", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Proto"],
            swiftSettings: commonSwiftSettings
        ),
        .target(
            name: "Coordinator",
            dependencies: ["Sweep", "Store", "Wire", "ZeroMQ", "Analysis", .product(name: "Logging", package: "swift-log")],
            swiftSettings: commonSwiftSettings
        ),
        .target(
            name: "Worker",
            dependencies: ["Sweep", "Wire", "ZeroMQ", .product(name: "Logging", package: "swift-log")],
            swiftSettings: commonSwiftSettings
        ),

        // MARK: The command-line tool
        .executableTarget(
            name: "lyapsweep",
            dependencies: [
                "Dynamics", "Analysis", "Sweep", "Report", "Store", "Coordinator", "Worker", "Wire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: commonSwiftSettings
        ),

        // MARK: Tests
        .testTarget(name: "DynamicsTests", dependencies: ["Dynamics", "Analysis"], swiftSettings: commonSwiftSettings),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis"], swiftSettings: commonSwiftSettings),
        .testTarget(name: "SweepTests", dependencies: ["Sweep", "Report", "Analysis", "Dynamics"], swiftSettings: commonSwiftSettings),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"], swiftSettings: commonSwiftSettings),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["lyapsweep", "Sweep", "Store", "Wire", "ZeroMQ"],
            swiftSettings: commonSwiftSettings
        ),
        .testTarget(name: "WireTests", dependencies: ["Wire"], swiftSettings: commonSwiftSettings),
        .testTarget(
            name: "ReportTests",
            dependencies: ["Report", "Store", "Sweep", "Analysis", "Dynamics"],
            swiftSettings: commonSwiftSettings
        ),
    ]
)
