public import Foundation

/// `credfile hook install`: a plain `.git/hooks/pre-commit` for users without the pre-commit
/// framework, and (with `diff`) the textconv driver so `git diff` shows masked credentials.
public struct HookInstall: Sendable {
    public var workingDirectory: URL
    /// Replace a pre-commit hook credfile did not write.
    public var force = false
    /// Also set `.gitattributes` and `diff.credfile.textconv`.
    public var diff = false
    /// Also set up the merge driver (`installMergeDriver`); a pre-commit hook credfile did
    /// not write (the pre-commit framework's) is then left alone instead of refused.
    public var merge = false
    /// The credfile to call when `credfile` is not on PATH at commit time.
    public var executable: String

    public init(workingDirectory: URL, executable: String) {
        self.workingDirectory = workingDirectory
        self.executable = executable
    }

    static let marker = "# credfile pre-commit hook"

    /// What was done, one line per action, for the user.
    public func run() throws -> [String] {
        let git = Git(directory: workingDirectory)
        let hookPath = String(decoding: try git.run(["rev-parse", "--git-path", "hooks/pre-commit"]), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let hook = URL(fileURLWithPath: hookPath, relativeTo: workingDirectory).standardizedFileURL
        var done: [String] = []
        if merge && !force && Self.foreignHook(at: hook) {
            done.append("left \(hook.path) as it is (not written by credfile)")
        } else {
            done.append(try installHook(at: hook))
        }
        if diff { done += try installDiffDriver(git) }
        if merge { done += try installMergeDriver() }
        return done
    }

    static func foreignHook(at hook: URL) -> Bool {
        FileManager.default.contents(atPath: hook.path).map { !String(decoding: $0, as: UTF8.self).contains(marker) } ?? false
    }

    private func installHook(at hook: URL) throws -> String {
        if let existing = FileManager.default.contents(atPath: hook.path),
            !String(decoding: existing, as: UTF8.self).contains(Self.marker), !force
        {
            throw CredfileError(
                .usage, "a pre-commit hook credfile did not write is already installed", path: hook.path,
                hints: ["add 'credfile validate --staged' to it, or replace it with --force"])
        }
        try FileManager.default.createDirectory(at: hook.deletingLastPathComponent(), withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            \(Self.marker) (written by `credfile hook install`): validates the staged credentials,
            # without a key, and refuses renamed credentials. Bypass once with `git commit --no-verify`.
            if command -v credfile >/dev/null 2>&1; then exec credfile validate --staged; fi
            exec '\(executable.replacingOccurrences(of: "'", with: "'\\''"))' validate --staged

            """
        try FileIO.writeAtomically(Array(script.utf8), to: hook, forceMode: 0o755)
        return "installed \(hook.path)"
    }

    private func installDiffDriver(_ git: Git) throws -> [String] {
        let top = try git.topLevel()
        let attributes = top.appendingPathComponent(".gitattributes")
        let line = "credentials/*.yaml diff=credfile"
        let existing = FileManager.default.contents(atPath: attributes.path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        var done: [String] = []
        if !existing.split(separator: "\n").contains(Substring(line)) {
            let text = existing + (existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n") + line + "\n"
            try FileIO.writeAtomically(Array(text.utf8), to: attributes, newFileMode: 0o644)
            done.append("added '\(line)' to .gitattributes")
        }
        // git runs the driver through the shell at diff time: the bare name when credfile is on
        // PATH (portable), else this binary's absolute path.
        let command = Self.onPath("credfile") ? "credfile textconv"
            : "'\(executable.replacingOccurrences(of: "'", with: "'\\''"))' textconv"
        try git.run(["config", "diff.credfile.textconv", command])
        done.append("set diff.credfile.textconv = \(command)")
        return done
    }

    static func onPath(_ program: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }
}
