public import Foundation
public import Testing

/// Finds the real peer tools (`sops`, `age`, `age-keygen`, the venv's `python`) that interop
/// tests run against.
///
/// The rule (DEVELOPERS.md, DESIGN.md §5): a test that needs a peer **fails under `CI=true`**
/// when the peer is missing, and elsewhere is skipped with a printed reason. Use it as
///
///     @Test(.enabled(if: PeerTool.runnable("sops"), PeerTool.skipReason("sops")))
///     func …() throws { let sops = try PeerTool.require("sops") … }
///
/// so that under CI the test is enabled and `require` fails it. Spelled `@Test(PeerTool.needs("sops"))`,
/// which also gives the skip its reason: the missing tool and how to install it.
public enum PeerTool {
    /// True under `CI=true`: missing peers are failures, not skips.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The package root (the folder holding Package.swift), found from this source file.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// Where `.ci/run` installs the Python peers (git-ignored virtual environment).
    public static var venvBin: URL { packageRoot.appendingPathComponent(".venv/bin") }

    /// The absolute path of `name`: the venv first, then `PATH`.
    public static func path(_ name: String) -> String? {
        var dirs = [venvBin.path]
        dirs += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for dir in dirs {
            let candidate = (dir as NSString).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether the python in the venv can import `module` (pyrage, dotenv, yaml …).
    public static func pythonHas(_ module: String) -> Bool {
        guard let python = path("python3") else { return false }
        let result = try? Subprocess.run(python, ["-c", "import \(module)"])
        return result?.status == 0
    }

    /// The condition for `.enabled(if:)`: run when the tool exists, and always under CI.
    public static func runnable(_ name: String) -> Bool { isCI || path(name) != nil }

    /// The path of `name`, or a thrown failure naming the missing peer (which under CI fails
    /// the test, as it must).
    public static func require(_ name: String) throws -> String {
        guard let found = path(name) else { throw MissingPeer(name: name) }
        return found
    }

    /// A peer tool that is not installed.
    public struct MissingPeer: Error, CustomStringConvertible {
        public var name: String
        public var description: String {
            "peer tool '\(name)' is not installed; run .ci/run (or install it) — required under CI=true"
        }
    }

    /// Why a peer-dependent test is skipped, so a skip is never silent: the missing tool and
    /// how to install it.
    public static func skipNote(_ name: String) -> String {
        "peer tool '\(name)' not found (.venv/bin or PATH); install it with \(installHint(name)); under CI=true this is a failure"
    }

    /// How `name` is installed (scripts/install-peers does all of it).
    public static func installHint(_ name: String) -> String {
        switch name {
        case "sops", "python3", "check-jsonschema", "yamllint", "pre-commit", "moto_server":
            "scripts/install-peers (into .venv, from .ci/requirements.txt)"
        case "age-keygen": "apt-get install age (or scripts/install-peers)"
        case "node": "apt-get install nodejs (or scripts/install-peers)"
        default: "apt-get install \(name) (or scripts/install-peers)"
        }
    }

    /// The trait for a test that needs the peer tools `names`: enabled when all are found, and
    /// always under CI (where `require` then fails it); otherwise skipped with `skipNote`.
    public static func needs(_ names: String...) -> ConditionTrait {
        let missing = names.first { path($0) == nil }
        return .enabled(if: isCI || missing == nil, Comment(rawValue: skipNote(missing ?? names[0])))
    }

    /// The trait for a test that needs the venv's python to import `module`.
    public static func needsPython(_ module: String) -> ConditionTrait {
        let found = pythonHas(module)
        return .enabled(
            if: isCI || found,
            Comment(rawValue: "python module '\(module)' not importable by .venv/bin/python3; install it with scripts/install-peers (.ci/requirements.txt); under CI=true this is a failure"))
    }
}
