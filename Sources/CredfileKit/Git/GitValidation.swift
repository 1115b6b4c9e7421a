public import Foundation

/// `validate --staged` / `--against REF`: validates what is about to be committed (the index,
/// not the working tree, so an unstaged fix cannot hide a staged problem) or the working tree,
/// and enforces name immutability against `REF` (HEAD by default).
public struct GitValidation: Sendable {
    public var workingDirectory: URL
    /// The base to compare with; nil = HEAD when it exists.
    public var against: String?
    /// Validate the index instead of the working tree.
    public var staged: Bool

    public init(workingDirectory: URL, against: String?, staged: Bool) {
        self.workingDirectory = workingDirectory
        self.against = against
        self.staged = staged
    }

    /// Validates with `validator` and adds the immutability findings.
    public func run(_ validator: RepositoryValidator) throws -> ValidationReport {
        let git = Git(directory: workingDirectory)
        let top = try git.topLevel().standardizedFileURL.path + "/"
        // After deleting the last credential the directory is gone from the working tree, but
        // the change must still be checked: fall back to the top level's credentials/.
        let credentials = ((try? CredentialDiscovery.credentialsDirectory(from: workingDirectory))?.standardizedFileURL.path)
            ?? (top + "credentials")
        let pathspec = credentials.hasPrefix(top) ? String(credentials.dropFirst(top.count)) : credentials
        let base = workingDirectory.standardizedFileURL.path + "/"
        let display = { (path: String) in CredentialDiscovery.display(top + path, base: base) }
        let current = try currentFiles(git, pathspec: pathspec, top: top, display: display)
        var report = validator.validate(current.map(\.file))
        let ref = against ?? "HEAD"
        guard git.hasCommit(ref) else {
            if against != nil { throw CredfileError(.usage, "'\(ref)' is not a commit") }
            return report
        }
        let changes = try git.changes(from: ref, staged: staged, under: pathspec).filter(Self.isCredential)
        let needed = Set(changes.flatMap(Self.basePaths))
        let baseFiles = try git.files(at: ref, under: pathspec, only: needed)
        let before = Dictionary(baseFiles.map { ($0.path, Immutability.Snapshot(display: display($0.path), bytes: $0.contents)) }) { a, _ in a }
        let now = Dictionary(try current.map { ($0.path, Immutability.Snapshot(display: $0.file.displayPath, bytes: try $0.file.read())) }) { a, _ in a }
        report.diagnostics += Immutability.diagnostics(changes: changes, base: before, current: now)
        return report
    }

    /// The staged blobs, or the working-tree files, under the credentials directory.
    private func currentFiles(_ git: Git, pathspec: String, top: String, display: (String) -> String) throws
        -> [(path: String, file: CredentialFile)]
    {
        if staged {
            return try git.stagedFiles(under: pathspec).filter { $0.path.hasSuffix(".yaml") }.map { entry in
                (entry.path, CredentialFile(url: URL(fileURLWithPath: top + entry.path), displayPath: display(entry.path), contents: entry.contents))
            }
        }
        return CredentialDiscovery.yamlFiles(in: URL(fileURLWithPath: top + pathspec)).sorted { $0.path < $1.path }.map { url in
            let path = String(url.path.dropFirst(top.count))
            return (path, CredentialFile(url: url, displayPath: display(path)))
        }
    }

    private static func isCredential(_ change: Git.Change) -> Bool {
        switch change {
        case .added(let p), .deleted(let p), .modified(let p): p.hasSuffix(".yaml")
        case .renamed(let from, let to): from.hasSuffix(".yaml") || to.hasSuffix(".yaml")
        }
    }

    /// The base-side paths a change needs to be judged.
    private static func basePaths(_ change: Git.Change) -> [String] {
        switch change {
        case .added: []
        case .deleted(let p), .modified(let p): [p]
        case .renamed(let from, _): [from]
        }
    }
}
