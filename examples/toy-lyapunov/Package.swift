// swift-tools-version:6.2
import PackageDescription

// A package that uses lyapsweep's numerical libraries by version, as any other package would.
// `examples/run.sh` makes the tagged clone this URL points to and builds and runs the example.
let package = Package(
    name: "toy-lyapunov",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "file:///tmp/lyapsweep-example/lyapsweep", from: "0.1.0"),
    ],
    targets: [
        .executableTarget(
            name: "toy-lyapunov",
            dependencies: [
                .product(name: "Dynamics", package: "lyapsweep"),
                .product(name: "Analysis", package: "lyapsweep"),
            ]
        ),
    ]
)
