// swift-tools-version:6.0
import PackageDescription

// Upcoming features as in swift-openapi-generator (style-anchors §6, §10): every import is
// internal unless marked `public`, so C modules cannot leak into a public signature.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "credfile",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "credfile", targets: ["credfile"]),
        .library(name: "CredfileKit", targets: ["CredfileKit"]),
        // The lower layers as products too, so fuzz/ (a package of its own) can reach their parsers.
        .library(name: "CredfileYAML", targets: ["CredfileYAML"]),
        .library(name: "CredfileAge", targets: ["CredfileAge"]),
        .library(name: "LinearRegex", targets: ["LinearRegex"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // The only two targets that can see C. Each is imported by exactly one Swift target.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        .target(name: "CredfileYAML", dependencies: ["CYAML"], swiftSettings: swiftSettings),
        // Child processes through posix_spawn (not Foundation's Process, which crashed
        // intermittently on this toolchain); Glibc only, its pointer code under POSIX/.
        .target(name: "CredfilePOSIX", swiftSettings: swiftSettings),
        .target(name: "CredfileCrypto", dependencies: ["COpenSSL"], swiftSettings: swiftSettings),
        .target(name: "CredfileAge", dependencies: ["CredfileCrypto"], swiftSettings: swiftSettings),
        // libcurl through dlopen on first use, not linked: commands without network start as
        // fast as before. Builds without libcurl's headers too (the loader then explains).
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // HTTP(S) client over CCurl; its pointer code under Curl/.
        .target(name: "CredfileHTTP", dependencies: ["CCurl"], swiftSettings: swiftSettings),
        // SMTP over CCurl (login check, sending) and the RFC 5322 / MIME message it carries; its
        // own target for its own error type, its pointer code under Curl/.
        .target(name: "CredfileMail", dependencies: ["CCurl"], swiftSettings: swiftSettings),
        // AWS KMS (and STS AssumeRole) for sops `kms` master keys: SigV4, the credential chain.
        .target(name: "CredfileAWS", dependencies: ["CredfileHTTP", "CredfileCrypto", "CredfilePOSIX"], swiftSettings: swiftSettings),
        // The linear-time engine for patterns from untrusted files: pure Swift, no dependencies,
        // so it can be tested and fuzzed on its own.
        .target(name: "LinearRegex", swiftSettings: swiftSettings),
        .target(
            name: "CredfileKit",
            dependencies: [
                "CredfileYAML", "CredfileCrypto", "CredfileAge", "LinearRegex", "CredfilePOSIX", "CredfileAWS", "CredfileHTTP",
                "CredfileMail",
            ],
            // The built-in types, compiled into the binary from the YAML files themselves
            // (embedInCode: no resource bundle to find at run time, so an installed or copied
            // binary cannot lose them); a test holds them equal to the repository's schemas/.
            resources: [
                .embedInCode("Schema/BuiltIn/generic.yaml"),
                .embedInCode("Schema/BuiltIn/msgraph.yaml"),
                .embedInCode("Schema/BuiltIn/smtp.yaml"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "credfile",
            dependencies: [
                "CredfileKit",
                "CredfileYAML",
                "CredfileCrypto",
                "CredfilePOSIX",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // Shared by every test target (swift-format's _SwiftFormatTestSupport): peer-tool
        // discovery with the CI=true rule, a process runner, temporary directories.
        .target(name: "CredfileTestSupport", dependencies: ["CredfilePOSIX"], swiftSettings: swiftSettings),

        .testTarget(name: "CredfilePOSIXTests", dependencies: ["CredfilePOSIX"], swiftSettings: swiftSettings),
        .testTarget(name: "CredfileYAMLTests", dependencies: ["CredfileYAML", "CredfileTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CredfileCryptoTests", dependencies: ["CredfileCrypto", "CredfileTestSupport"], swiftSettings: swiftSettings),
        // HTTPS against a loopback server with a throw-away CA (trustme); AWS against a local moto.
        .testTarget(
            name: "CredfileHTTPTests", dependencies: ["CredfileHTTP", "CredfileTestSupport"], exclude: ["Scripts"],
            swiftSettings: swiftSettings),
        .testTarget(name: "CredfileMailTests", dependencies: ["CredfileMail"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CredfileAWSTests", dependencies: ["CredfileAWS", "CredfileHTTP", "CredfileTestSupport"], exclude: ["Scripts"],
            swiftSettings: swiftSettings),
        .testTarget(name: "LinearRegexTests", dependencies: ["LinearRegex", "CredfileTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CredfileAgeTests",
            dependencies: ["CredfileAge", "CredfileCrypto", "CredfileTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CredfileKitTests",
            dependencies: ["CredfileKit", "CredfileYAML", "CredfileCrypto", "CredfileAge", "CredfilePOSIX", "CredfileTestSupport"],
            // Scripts: the local Entra ID token endpoint of GraphCheckTests (Python, trustme).
            exclude: ["Fixtures", "Scripts"],
            swiftSettings: swiftSettings
        ),
        // End-to-end: runs the built `credfile` binary and the real peer tools (sops, age, pyrage).
        // Also imports the executable's module, for the tables that live only in the CLI
        // (ExitStatus) and are checked against the README.
        .testTarget(
            name: "CredfileCLITests",
            dependencies: ["credfile", "CredfileKit", "CredfileAge", "CredfilePOSIX", "CredfileTestSupport"],
            // Scripts: the local SMTP servers of the check and send-mail tests (aiosmtpd).
            exclude: ["Scripts"],
            swiftSettings: swiftSettings
        ),
    ]
)
