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
            swiftSettings: commonSwiftSettings
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
            name: "Report",
            dependencies: ["Sweep", "Analysis"],
            swiftSettings: commonSwiftSettings
        ),

        // MARK: The command-line tool
        .executableTarget(
            name: "lyapsweep",
            dependencies: [
                "Dynamics", "Analysis", "Sweep", "Report",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: commonSwiftSettings
        ),

        // MARK: Tests
        .testTarget(name: "DynamicsTests", dependencies: ["Dynamics"], swiftSettings: commonSwiftSettings),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis"], swiftSettings: commonSwiftSettings),
        .testTarget(name: "SweepTests", dependencies: ["Sweep", "Report"], swiftSettings: commonSwiftSettings),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"], swiftSettings: commonSwiftSettings),
    ]
)
