// swift-tools-version: 6.1
// The SwiftGraph comparison of Benchmarks/graph (kept out of the main package so its build
// doesn't pay for it): loads the same edge list into SwiftGraph's WeightedGraph and runs
// PageRank and SCC written against its adjacency (SwiftGraph 4 has neither built in).
// The folder is not called `swiftgraph`: SwiftPM takes a root package's identity from its folder
// name, which would clash with the identity of the SwiftGraph dependency.
import PackageDescription

let package = Package(
    name: "swiftgraph-bench",
    dependencies: [.package(url: "https://github.com/davecom/SwiftGraph", from: "4.0.0")],
    targets: [
        .executableTarget(
            name: "swiftgraph-bench",
            dependencies: [.product(name: "SwiftGraph", package: "SwiftGraph")],
            path: "Sources/SwiftGraphBench",
            swiftSettings: [.swiftLanguageMode(.v5)]
        )
    ]
)
