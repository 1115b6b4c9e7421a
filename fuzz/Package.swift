// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for every parser of untrusted text (issue 8). Built only by `fuzz/run`,
// with `--sanitize fuzzer --sanitize address`: libFuzzer supplies `main`, so these executables
// cannot link in a normal build, which is why they live outside the main package.
let targets = ["FuzzYAML", "FuzzENC", "FuzzAge", "FuzzKeys", "FuzzSchema", "FuzzValidate", "FuzzConfig", "FuzzRegex"]

let package = Package(
    name: "credfile-fuzz",
    dependencies: [.package(name: "credfile", path: "..")],
    targets: targets.map { name in
        .executableTarget(
            name: name,
            // The regex target fuzzes the engine alone, without the SOPS layer around it.
            dependencies: name == "FuzzRegex"
                ? [.product(name: "LinearRegex", package: "credfile")]
                : [
                    .product(name: "CredfileYAML", package: "credfile"),
                    .product(name: "CredfileAge", package: "credfile"),
                    .product(name: "CredfileKit", package: "credfile"),
                ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    }
)
