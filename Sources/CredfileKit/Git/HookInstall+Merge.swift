#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension HookInstall {
    /// The `.gitattributes` line that routes credentials to the merge driver.
    static let mergeAttribute = "credentials/*.yaml merge=credfile"

    /// `credfile hook install --merge` (and `init --merge`): adds `credentials/*.yaml
    /// merge=credfile` to `.gitattributes` and sets `merge.credfile.name` and `.driver` in the
    /// repository's config. Touches no hook, so it works beside the pre-commit framework;
    /// idempotent. Returns what was done, one line per action.
    public func installMergeDriver() throws -> [String] {
        let git = Git(directory: workingDirectory)
        let top = try git.topLevel()
        var done: [String] = []
        if try Self.appendAttribute(Self.mergeAttribute, in: top) { done.append("added '\(Self.mergeAttribute)' to .gitattributes") }
        // git runs the driver through the shell: the bare name when credfile is on PATH
        // (portable), else this binary's absolute path. %O %A %B %P: base, ours (the result
        // goes there), theirs, and the path for messages.
        let program = Self.onPath("credfile") ? "credfile" : "'\(executable.replacing("'", with: "'\\''"))'"
        let command = "\(program) merge-driver %O %A %B %P"
        try git.run(["config", "merge.credfile.name", "credfile field-by-field credential merge"])
        try git.run(["config", "merge.credfile.driver", command])
        done.append("set merge.credfile.driver = \(command)")
        return done
    }

    /// Whether `top` is in a git work tree that has no credfile merge driver configured yet.
    public static func mergeDriverMissing(in directory: URL) -> Bool {
        let git = Git(directory: directory)
        guard (try? git.topLevel()) != nil else { return false }
        return (try? git.run(["config", "--get", "merge.credfile.driver"])) == nil
    }

    /// Appends `line` to `.gitattributes` at `top` unless it is there; true when it was added.
    static func appendAttribute(_ line: String, in top: URL) throws -> Bool {
        let attributes = top.appendingPathComponent(".gitattributes")
        let existing = FileManager.default.contents(atPath: attributes.path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        guard !existing.split(separator: "\n").contains(Substring(line)) else { return false }
        let text = existing + (existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n") + line + "\n"
        try FileIO.writeAtomically(Array(text.utf8), to: attributes, newFileMode: 0o644)
        return true
    }
}
