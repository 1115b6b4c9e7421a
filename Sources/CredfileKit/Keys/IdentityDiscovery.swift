public import CredfileAge
internal import CredfilePOSIX
public import Foundation

/// Finds age identities exactly where sops looks (DESIGN.md §2.5, sops-format.md §4.3):
/// `SOPS_AGE_KEY`, `SOPS_AGE_KEY_FILE`, `SOPS_AGE_KEY_CMD`, then
/// `$XDG_CONFIG_HOME/sops/age/keys.txt` (default `~/.config/sops/age/keys.txt`). Like sops it
/// loads all of them and tries each. `--identity FILE` replaces the search.
public struct IdentityDiscovery: Sendable {
    public var environment: [String: String]
    /// `--identity` files; when non-empty, nothing else is consulted.
    public var explicitFiles: [String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, explicitFiles: [String] = []) {
        self.environment = environment
        self.explicitFiles = explicitFiles
    }

    /// Whether the environment variable `name` holds a key or leads to one, so `credfile exec`
    /// keeps it from the deployed program: `SOPS_AGE_KEY`, `SOPS_AGE_KEY_FILE`,
    /// `SOPS_AGE_KEY_CMD` (read here), sops's `SOPS_AGE_SSH_PRIVATE_KEY_FILE`, and any later
    /// `SOPS_*` variable with `KEY` in its name. Recipients (`SOPS_AGE_RECIPIENTS`), fingerprints
    /// and KMS identifiers are public, or useless without other credentials, and stay. credfile
    /// reads no variable of its own (`--identity` is an option).
    public static func isKeyVariable(_ name: String) -> Bool {
        name.hasPrefix("SOPS_") && name.contains("KEY")
    }

    /// Every identity found. Parse errors name the source, never its contents.
    public func identities() throws -> [AgeIdentity] {
        if !explicitFiles.isEmpty { return try explicitFiles.flatMap { try fromFile($0) } }
        var found: [AgeIdentity] = []
        if let text = environment["SOPS_AGE_KEY"], !text.isEmpty {
            found += try parse(text, source: "SOPS_AGE_KEY")
        }
        if let file = environment["SOPS_AGE_KEY_FILE"], !file.isEmpty { found += try fromFile(file) }
        if let command = environment["SOPS_AGE_KEY_CMD"], !command.isEmpty { found += try fromCommand(command) }
        let fallback = defaultKeyFile()
        if FileManager.default.fileExists(atPath: fallback) { found += try fromFile(fallback) }
        return found
    }

    /// `$XDG_CONFIG_HOME/sops/age/keys.txt`, else `$HOME/.config/sops/age/keys.txt`.
    public func defaultKeyFile() -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        return base + "/sops/age/keys.txt"
    }

    /// Identity files that others can read, as ssh warns about private keys: the files this
    /// discovery would read (`--identity`, `SOPS_AGE_KEY_FILE`, the default keys.txt) whose mode
    /// grants group or other any access. Messages name the file, never its contents.
    public func permissionWarnings() -> [String] {
        var files = explicitFiles
        if files.isEmpty {
            if let file = environment["SOPS_AGE_KEY_FILE"], !file.isEmpty { files.append(file) }
            files.append(defaultKeyFile())
        }
        return files.compactMap { path in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0
            else { return nil }
            return "identity file \(path) is readable by others (mode \(String(mode, radix: 8))); run: chmod 600 \(path)"
        }
    }

    private func fromFile(_ path: String) throws -> [AgeIdentity] {
        let bytes = try FileIO.read(URL(fileURLWithPath: path))
        return try parse(String(decoding: bytes, as: UTF8.self), source: path)
    }

    private func fromCommand(_ command: String) throws -> [AgeIdentity] {
        let result: ChildProcess.Result
        do {
            result = try ChildProcess("/bin/sh", ["-c", command]).run()
        } catch {
            throw CredfileError(.noIdentity, "SOPS_AGE_KEY_CMD could not be started")
        }
        guard result.termination == .exited(0) else {
            throw CredfileError(.noIdentity, "SOPS_AGE_KEY_CMD exited with status \(result.termination.shellStatus)")
        }
        return try parse(String(decoding: result.stdout, as: UTF8.self), source: "SOPS_AGE_KEY_CMD")
    }

    private func parse(_ text: String, source: String) throws -> [AgeIdentity] {
        do {
            return try AgeKeyFile.parseIdentities(text)
        } catch let error as AgeError {
            throw CredfileError(.noIdentity, "cannot read identities from \(source): \(error.message)")
        }
    }
}
