import CredfileTestSupport
import Foundation
import Testing

/// A temporary credfile repository with a fresh test identity, driving the real binary.
final class Workspace {
    let dir: TemporaryDirectory
    let identityFile: URL
    let recipient: String

    init() throws {
        dir = try TemporaryDirectory("credfile-cli")
        identityFile = dir.file("test-identity.txt")
        let result = try CLI.run(["keygen", "-o", identityFile.path], in: dir.url)
        guard result.status == 0 else { throw Failure("keygen failed: \(result.err)") }
        recipient = result.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs credfile here, with the test identity as sops would find it.
    func credfile(_ args: [String], identity: Bool = true, timeout: Double = 900) throws -> Subprocess.Result {
        try CLI.run(
            args, in: dir.url, environment: identity ? ["SOPS_AGE_KEY_FILE": identityFile.path] : [:], timeout: timeout)
    }

    /// Runs the real sops here with the test identity.
    func sops(_ args: [String]) throws -> Subprocess.Result {
        try Subprocess.run(
            try PeerTool.require("sops"), args, environment: ["SOPS_AGE_KEY_FILE": identityFile.path],
            currentDirectory: dir.url)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL { try dir.write(name, text) }

    func read(_ name: String) throws -> String { try String(contentsOf: dir.file(name), encoding: .utf8) }

    /// Encrypts `text` as `name` with credfile and returns the file's text.
    @discardableResult
    func encrypt(_ name: String, _ text: String, regex: String, extra: [String] = []) throws -> String {
        try write(name, text)
        let result = try credfile(["encrypt", "--age", recipient, "--encrypted-regex", regex] + extra + [name])
        guard result.status == 0 else { throw Failure("encrypt failed (\(result.status)): \(result.err)") }
        return try read(name)
    }
}

/// Parses YAML/JSON output with the venv's python (PyYAML), as an independent reader.
enum PythonYAML {
    static func load(_ text: String) throws -> [String: String] {
        let python = try PeerTool.require("python3")
        let script = "import sys,yaml,json; d=yaml.safe_load(sys.stdin.read()); print(json.dumps({k:str(v) for k,v in d.items()}))"
        let result = try Subprocess.run(python, ["-c", script], stdin: Data(text.utf8))
        guard result.status == 0 else { throw Workspace.Failure("python: \(result.err)") }
        return try JSONDecoder().decode([String: String].self, from: result.stdout)
    }
}
