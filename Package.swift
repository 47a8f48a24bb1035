// swift-tools-version: 6.1
import PackageDescription

/// One set of settings for every target, tests included (STYLE.md §2).
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "fundchain",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "fundchain", targets: ["fundchain"]),
        .library(name: "FundChainCore", targets: ["FundChainCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Pure domain: value types, graph engine, analytics, profiles, scoring, matching. No I/O.
        .target(
            name: "FundChainCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Streaming parsers and validators: CSV (later camt.053, MT940) → validated rows.
        .target(
            name: "FundChainIngest",
            dependencies: ["FundChainCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Synthetic regional economy generator (deterministic for a seed).
        .target(
            name: "FundChainSynthetic",
            dependencies: ["FundChainCore"],
            swiftSettings: swiftSettings
        ),
        // PostgreSQL: migrations, COPY bulk load, queries, the managed local cluster.
        .target(
            name: "FundChainStore",
            dependencies: [
                "FundChainCore",
                "FundChainIngest",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // schema.sql compiled into code, through a symlink (scripts/generate says why).
            resources: [.embedInCode("Schema/schema.sql")],
            swiftSettings: swiftSettings
        ),
        // Regulator reports: pure builders (inputs in, report values out) and their renderers
        // (table, CSV, JSON, Markdown, self-contained HTML with inline SVG charts).
        .target(name: "FundChainReports", dependencies: ["FundChainCore"], swiftSettings: swiftSettings),
        // Where the store and the reports meet, so that neither depends on the other: what the
        // reports read from PostgreSQL (ReportStore, WarningStore) and the warning scan job. Only
        // the CLI links it; the server stays on the store alone (CONTRIBUTING.md, "Layout").
        .target(
            name: "FundChainReportStore",
            dependencies: [
                "FundChainCore",
                "FundChainStore",
                "FundChainReports",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The bank scoring service (Hummingbird 2, OpenAPI stubs committed). Thin: no business rules.
        .target(
            name: "FundChainServer",
            dependencies: [
                "FundChainCore",
                "FundChainStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The spec served at GET /openapi.yaml, through a symlink (scripts/generate says why).
            resources: [.embedInCode("openapi.yaml")],
            swiftSettings: swiftSettings
        ),
        // The CLI: parse, call, render. No business rules.
        .executableTarget(
            name: "fundchain",
            dependencies: [
                "FundChainCore",
                "FundChainIngest",
                "FundChainReports",
                "FundChainReportStore",
                "FundChainStore",
                "FundChainServer",
                "FundChainSynthetic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The default card and the starter catalog, through symlinks (scripts/generate says why).
            resources: [.embedInCode("Resources/sme-cashflow-v1.yaml"), .embedInCode("Resources/products")],
            swiftSettings: swiftSettings
        ),
        // Benchmarks/snapshots: writing a build's snapshots (run with Benchmarks/snapshots/run.sh).
        .executableTarget(
            name: "snapshot-bench",
            dependencies: [
                "FundChainCore", "FundChainStore", .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Benchmarks/snapshots/Sources/SnapshotBench",
            swiftSettings: swiftSettings
        ),
        // Benchmarks/products: matching firms to the product catalog (Benchmarks/products/run.sh).
        .executableTarget(
            name: "product-bench",
            dependencies: ["FundChainCore"],
            path: "Benchmarks/products/Sources/ProductBench",
            swiftSettings: swiftSettings
        ),
        // Helpers every test target shares: the test cluster and its template database, the
        // repository root, running the built binary, generated regions (CONTRIBUTING.md, Tests).
        .target(
            name: "FundChainTestSupport",
            dependencies: [
                "FundChainCore", "FundChainStore", "FundChainSynthetic",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/FundChainTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FundChainCoreTests",
            dependencies: ["FundChainCore", "FundChainTestSupport", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Runs the built `fundchain` binary (CLI behaviour end to end).
        .testTarget(
            name: "FundChainCLITests",
            dependencies: ["fundchain", "FundChainTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "FundChainStoreTests",
            dependencies: [
                "FundChainStore", "FundChainIngest", "FundChainSynthetic", "FundChainTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "FundChainReportsTests", dependencies: ["FundChainReports"], swiftSettings: swiftSettings),
        // Database and CLI tests of the report store and the warning scan.
        .testTarget(
            name: "FundChainReportStoreTests",
            dependencies: [
                "FundChainReportStore", "FundChainReports", "FundChainStore", "FundChainCore", "FundChainTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FundChainServerTests",
            dependencies: [
                "FundChainServer", "FundChainStore", "FundChainSynthetic", "FundChainCore", "FundChainIngest",
                "FundChainTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FundChainIngestTests",
            dependencies: ["FundChainIngest", "FundChainTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FundChainSyntheticTests",
            dependencies: ["FundChainSynthetic", "FundChainIngest"],
            swiftSettings: swiftSettings
        ),
    ]
)
