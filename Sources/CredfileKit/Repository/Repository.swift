#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A repository of credentials, discovered once per command from a start directory: its root,
/// its `credentials/`, the schemas in effect (with their diagnostics), the `.sops.yaml` sops
/// would read, and the lock that serialises changes.
///
/// Every command starts here instead of re-deriving these facts: before, the root was found
/// four ways, and a `.sops.yaml` in a subdirectory made `validate` read the parent's
/// `credentials/` against the built-in schemas (issue 11, problem 1).
///
/// The rules:
/// - `credentials/` is the nearest one at or above the start directory, and its parent is the
///   root; without one, the root is the nearest directory with `schemas/` or `.sops.yaml`
///   (where `credfile init` would have put them), else the start directory itself.
/// - The schemas are the root's `schemas/*.yaml` as the chosen `TreeSource` holds them, or the
///   built-in types when that source has no `schemas/`.
/// - `.sops.yaml` is searched from the start directory upwards, exactly as sops 3.11 does.
public struct Repository: Sendable {
    /// Where the command started; diagnostics show paths relative to it.
    public let workingDirectory: URL
    /// The directory that holds `credentials/`, `schemas/` and (usually) `.sops.yaml`.
    public let root: URL
    /// The `credentials/` directory; nil when there is none yet.
    public let credentialsDirectory: URL?
    /// Which version of the files the schemas were read from.
    public let source: TreeSource
    /// The types in effect; a broken schema file is left out and remembered (`SchemaSet.broken`).
    public let schemas: SchemaSet
    /// The problems of the schema files, reported by `validate` and `schema list`.
    public let schemaDiagnostics: [Diagnostic]
    /// The `.sops.yaml` sops would use from here; nil when there is none.
    public let sopsConfigURL: URL?

    /// Discovers the repository around `start` (the working directory, or `-C DIR`), reading
    /// the schemas from `source`.
    public static func discover(from start: URL, source: TreeSource = .workingTree) throws -> Repository {
        let start = start.standardizedFileURL
        let credentials = Self.nearest(from: start) { Self.isDirectory($0.appendingPathComponent("credentials")) }
            .map { $0.appendingPathComponent("credentials") }
        let root = credentials?.deletingLastPathComponent()
            ?? Self.nearest(from: start) {
                Self.isDirectory($0.appendingPathComponent("schemas")) || Self.exists($0.appendingPathComponent(".sops.yaml"))
            }
            ?? start
        let sops = Self.nearest(from: start) { Self.exists($0.appendingPathComponent(".sops.yaml")) }
            .map { $0.appendingPathComponent(".sops.yaml") }
        let (schemas, diagnostics) = try source.schemas(root: root, workingDirectory: start)
        return Repository(
            workingDirectory: start, root: root, credentialsDirectory: credentials, source: source, schemas: schemas,
            schemaDiagnostics: diagnostics, sopsConfigURL: sops)
    }

    /// `credentials/`, which the authoring commands need.
    public func requireCredentialsDirectory() throws -> URL {
        guard let credentialsDirectory else {
            throw CredfileError(.usage, "no credentials/ directory here or above", hints: ["run 'credfile init' first"])
        }
        return credentialsDirectory
    }

    /// The lock on `credentials/` every write goes through.
    public func lock() throws -> CredentialLock {
        CredentialLock(directory: try requireCredentialsDirectory(), repository: self)
    }

    /// The file of credential `name`, which must exist: a bad name is a usage error, a
    /// missing file an I/O error (exit 3).
    public func credentialFile(named name: String) throws -> CredentialFile {
        let url = try fileURL(named: name)
        // `lstat`, not `stat`: a link named NAME.yaml is refused, never followed (issue 12).
        switch FileIO.kind(atPath: url.path) {
        case .missing:
            let nearest = Suggestion.hint(for: name, among: credentialNames())
            throw CredfileError(.io, "no credential '\(name)'", path: display(url), hints: [nearest, "see 'credfile list'"].compactMap { $0 })
        case .regular:
            return CredentialFile(url: url, displayPath: display(url))
        case let other:
            throw CredfileError(
                .io, "\(other.phrase); credentials must be regular files (links are never followed)", path: display(url),
                hints: ["replace it with the file itself; 'credfile validate' reports every such entry"])
        }
    }

    /// The names of the credentials in `credentials/` (for "did you mean"); none when it
    /// cannot be read.
    public func credentialNames() -> [String] {
        ((try? scanCredentials(liveTemporaries: false).credentials) ?? []).map {
            String($0.lastPathComponent.dropLast(".yaml".count))
        }
    }

    /// Where credential `name`'s file is (or would be).
    public func fileURL(named name: String) throws -> URL {
        guard CredentialName.isValid(name) else {
            throw CredfileError(
                .usage, "'\(name.prefix(64))' is not a credential name",
                hints: ["names are lowercase slugs: a-z, 0-9, single '-' or '_', starting with a letter"])
        }
        return try requireCredentialsDirectory().appendingPathComponent("\(name).yaml")
    }

    /// Every credential file below `credentials/` (regular `NAME.yaml`, not hidden), sorted
    /// by path. Works on path strings: standardising a URL per file costs more than
    /// validating it (10,000 files).
    public func allCredentialFiles() throws -> [CredentialFile] {
        files(try scanCredentials().credentials)
    }

    /// One walk of `credentials/` that follows no link (`CredentialDiscovery.scan`).
    public func scanCredentials(liveTemporaries: Bool = true) throws -> CredentialScan {
        CredentialDiscovery.scan(try requireCredentialsDirectory(), liveTemporaries: liveTemporaries)
    }

    /// `paths` (absolute, sorted) as files named relative to the working directory.
    func files(_ paths: [String]) -> [CredentialFile] {
        let base = workingDirectory.path + "/"
        return paths.map { CredentialFile(path: $0, displayPath: CredentialDiscovery.display($0, base: base)) }
    }

    /// The files `validate` checks: the PATHs given (files, or directories walked, relative
    /// to the working directory), or else every YAML file below `credentials/` — hidden and
    /// `.yml` ones too; and the findings about every entry that is not a credential (links,
    /// FIFOs, misplaced files), which `validate` reports as errors.
    public func credentialFiles(paths: [String]) throws -> (files: [CredentialFile], diagnostics: [Diagnostic]) {
        guard !paths.isEmpty else {
            guard credentialsDirectory != nil else {
                throw CredfileError(
                    .usage, "no credentials/ directory here or above; pass the files or directories to validate")
            }
            let scan = try scanCredentials()
            return (files(scan.yamlFiles), scan.diagnostics(base: workingDirectory.path + "/"))
        }
        return try CredentialDiscovery.files(for: paths, workingDirectory: workingDirectory)
    }

    /// The creation rules of `.sops.yaml`, when there is one.
    public func sopsConfig() throws -> SOPSConfig? {
        try sopsConfigURL.map { try SOPSConfig(contentsOf: $0) }
    }

    /// `url` relative to the working directory when below it, as messages show it.
    public func display(_ url: URL) -> String {
        CredentialDiscovery.display(url.standardizedFileURL.path, base: workingDirectory.path + "/")
    }

    /// The first of `start` and its ancestors that satisfies `test`.
    static func nearest(from start: URL, _ test: (URL) -> Bool) -> URL? {
        var directory = start
        while true {
            if test(directory) { return directory }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
    }

    public static func isDirectory(_ url: URL) -> Bool {
        FileStatus.isDirectory(url.path)
    }

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }
}
