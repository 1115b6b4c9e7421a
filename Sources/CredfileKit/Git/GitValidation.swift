#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
internal import CredfileYAML

/// `validate --staged` / `--against REF`: validates what is about to be committed (the index,
/// not the working tree, so an unstaged fix cannot hide a staged problem) or the working tree,
/// and enforces name immutability against `REF` (HEAD by default).
public struct GitValidation: Sendable {
    /// The repository; its schemas must come from the source validated (the index for `staged`).
    public var repository: Repository
    /// The base to compare with; nil = HEAD when it exists.
    public var against: String?
    /// Validate the index instead of the working tree.
    public var staged: Bool

    public init(repository: Repository, against: String?, staged: Bool) {
        self.repository = repository
        self.against = against
        self.staged = staged
    }

    /// Validates with `validator` and adds the immutability findings.
    public func run(_ validator: RepositoryValidator) throws -> ValidationReport {
        var report = try validate(validator)
        if staged { try hintUnstaged(&report) }
        return report
    }

    /// A file whose staged copy is bad while its working-tree copy was fixed (encrypted, edited)
    /// after `git add`: the hint to fix it would loop ("already encrypted"), so the first
    /// finding on such a file says what is really wrong (issue 16).
    private func hintUnstaged(_ report: inout ValidationReport) throws {
        let (top, pathspec) = try location()
        let differing = try Git(directory: URL(fileURLWithPath: top)).unstagedChanges(under: pathspec)
        let base = repository.workingDirectory.path + "/"
        for path in differing {
            let display = CredentialDiscovery.display(top + path, base: base)
            guard let i = report.diagnostics.firstIndex(where: { $0.path == display && $0.severity == .error }) else { continue }
            report.diagnostics[i].hints.append(
                "the staged copy differs from the working tree: 'git add \(display)' to commit the working-tree version")
        }
    }

    /// The top level (with a final slash) and credentials/ relative to it.
    private func location() throws -> (top: String, pathspec: String) {
        let top = try Git(directory: repository.workingDirectory).topLevel().standardizedFileURL.path + "/"
        // After deleting the last credential the directory is gone from the working tree, but
        // the change must still be checked: fall back to the top level's credentials/.
        let credentials = repository.credentialsDirectory?.standardizedFileURL.path ?? (top + "credentials")
        return (top, credentials.hasPrefix(top) ? String(credentials.dropFirst(top.count)) : credentials)
    }

    private func validate(_ validator: RepositoryValidator) throws -> ValidationReport {
        let (top, pathspec) = try location()
        // git runs at the top level, so every path it prints and takes is top-relative.
        let git = Git(directory: URL(fileURLWithPath: top))
        let base = repository.workingDirectory.path + "/"
        let display = { (path: String) in CredentialDiscovery.display(top + path, base: base) }
        let ref = against ?? "HEAD"
        // What is below credentials/ — links, FIFOs, misplaced files, hidden and `.yml` YAML —
        // is judged the same way in every tier: the index for the hook, the working tree (as
        // checked out) for `--against`, so a file the hook refuses cannot pass CI (issue 12).
        let entries = try git.stagedEntries(under: pathspec)
        let scan = currentScan(entries, pathspec: pathspec, top: top)
        let found = scan.diagnostics(base: base) + directoryLink(entries, pathspec: pathspec, top: top, base: base)
        guard git.hasCommit(ref) else {
            if against != nil { throw CredfileError(.usage, "'\(ref)' is not a commit") }
            let current = try currentFiles(git, scan: scan, pathspec: pathspec, top: top, display: display)
            var report = validator.validate(current.map(\.file))
            report.diagnostics = found + report.diagnostics
            return report
        }
        // One diff covers the credentials and the policy (schemas/, .sops.yaml).
        let all = try git.changes(from: ref, staged: staged, under: [pathspec] + policyPaths(top: top))
        let underCredentials = { (change: Git.Change) in Self.paths(change).allSatisfy { $0.hasPrefix(pathspec + "/") } }
        let changes = all.filter { Self.isCredential($0) && underCredentials($0) }
        let context = Context(git: git, top: top, pathspec: pathspec, display: display, ref: ref, changes: changes)
        // A staged change to the schemas or `.sops.yaml` can make unchanged credentials invalid:
        // then everything is validated, not only the changed files. (A README added below
        // credentials/ is not policy: it is a finding of the scan.)
        let policyChanged = all.contains { !underCredentials($0) }
        if staged && !policyChanged {
            var report = try incremental(context, validator, scan: scan)
            report.diagnostics = found + report.diagnostics
            return report
        }
        let current = try currentFiles(git, scan: scan, pathspec: pathspec, top: top, display: display)
        let (report, documents) = validator.validateKeepingDocuments(current.map(\.file))
        var result = report
        result.diagnostics = found + result.diagnostics
        result.diagnostics += try history(
            context, current: current, documents: documents, validator: validator, policyChanged: policyChanged)
        return result
    }

    /// The entries below credentials/ as this tier sees them: the index (`--staged`), or the
    /// working tree walked without following links (`--against`). Temporaries are never
    /// excused here: a pid in a committed file's name proves nothing.
    private func currentScan(_ entries: [Git.IndexEntry], pathspec: String, top: String) -> CredentialScan {
        staged
            ? CredentialDiscovery.scan(index: entries, under: pathspec, top: top)
            : CredentialDiscovery.scan(URL(fileURLWithPath: top + pathspec), liveTemporaries: false)
    }

    /// `credentials` itself committed as a link (mode 120000): a user may link the directory in
    /// a working tree, but a link in git makes a checkout read credentials from wherever the
    /// branch author pointed it.
    private func directoryLink(_ entries: [Git.IndexEntry], pathspec: String, top: String, base: String) -> [Diagnostic] {
        guard staged == false, let entry = entries.first(where: { $0.path == pathspec && !$0.isFile }) else { return [] }
        // (With --staged the index scan already reports it as an entry.)
        return [CredentialScan.Finding(path: top + entry.path, problem: .notRegular(.symbolicLink)).diagnostic(base: base)]
    }

    /// The repository's policy files (its `schemas/` and `.sops.yaml`), top-relative: a change
    /// to them can make unchanged credentials invalid.
    private func policyPaths(top: String) -> [String] {
        let root = repository.root.standardizedFileURL.path + "/"
        let prefix = root.hasPrefix(top) ? String(root.dropFirst(top.count)) : ""
        return [prefix + "schemas", prefix + ".sops.yaml"]
    }

    /// Every weakening of the schemas or `.sops.yaml` from `ref` to the version validated (the
    /// index for `--staged`, the working tree for `--against`).
    private func policyFindings(_ c: Context, schemas: SchemaSet, config current: SOPSConfig?) throws -> [Diagnostic] {
        let (base, _) = try TreeSource.commit(c.ref).schemas(root: repository.root, workingDirectory: repository.workingDirectory)
        let config = policyPaths(top: c.top)[1]
        let old = try c.git.files(at: c.ref, under: config).first { $0.path == config }
        let url = URL(fileURLWithPath: c.top + config)
        let baseConfig = old.flatMap { try? SOPSConfig(bytes: $0.contents, url: url) }
        return PolicyChanges.diagnostics(base: base, current: schemas)
            + PolicyChanges.diagnostics(base: baseConfig, current: current, path: c.display(config))
    }

    /// The root's `.sops.yaml` as the validated source holds it (the index for `--staged`).
    /// A broken one is reported by the commands that read it; here it counts as absent.
    private func sopsConfig(_ c: Context) throws -> SOPSConfig? {
        let config = policyPaths(top: c.top)[1]
        let url = URL(fileURLWithPath: c.top + config)
        let bytes: [UInt8]? = staged
            ? try c.git.stagedFiles(under: config).first { $0.path == config }?.contents
            : (try? FileIO.read(url))
        return bytes.flatMap { try? SOPSConfig(bytes: $0, url: url) }
    }

    /// Who can read, and who wrote, each changed credential. The sops MAC proves only that
    /// the writer had the data key — and anyone can make a new data key and wrap it for the
    /// public recipients. So a branch could replace a credential wholesale (another host, a
    /// recipient of its own that later reads every secret a key holder `set`s). Two checks:
    /// - key-less: a changed credential must be wrapped for exactly the recipients of its
    ///   `.sops.yaml` creation rule (an extra one is someone else who can read it);
    /// - with a key (`--decrypt`): a changed credential whose data key is new must hold the
    ///   same values (that is `credfile rotate`); a new data key *and* new values is a file
    ///   made from scratch, which a key-less author can do.
    private func ownership(
        _ c: Context, base: [String: [UInt8]], config: SOPSConfig?, current: [(path: String, file: CredentialFile)],
        documents: [SOPSDocument?], validator: RepositoryValidator
    ) -> [Diagnostic] {
        let changed = Set(c.changes.compactMap(Self.currentPath))
        var result: [Diagnostic] = []
        var modified: [(path: String, document: SOPSDocument)] = []
        for ((path, file), document) in zip(current, documents) where changed.contains(path) {
            guard let document, let metadata = document.metadata else { continue }
            if let config, let rule = try? config.rule(for: file.url), !rule.age.isEmpty || !rule.kms.isEmpty,
                Set(metadata.recipientNames) != Set(rule.recipientNames)
            {
                result.append(recipientsMismatch(document, rule: rule, path: file.displayPath))
            }
            modified.append((path, document))
        }
        if validator.options.decrypt { result += replacements(base: base, modified, keys: validator.options.keys) }
        return result
    }

    private func recipientsMismatch(_ document: SOPSDocument, rule: SOPSConfig.CreationRule, path: String) -> Diagnostic {
        let have = Set(document.metadata?.recipientNames ?? []), want = Set(rule.recipientNames)
        // Recipients are public keys: naming them is what a reviewer needs.
        let parts = [have.subtracting(want).isEmpty ? nil : "not in .sops.yaml: \(have.subtracting(want).sorted().joined(separator: ", "))",
                     want.subtracting(have).isEmpty ? nil : "missing: \(want.subtracting(have).sorted().joined(separator: ", "))"]
        return Diagnostic(
            .error, code: .sopsRecipientsMismatch,
            "the credential is encrypted for other recipients than its .sops.yaml creation rule (\(parts.compactMap { $0 }.joined(separator: "; ")))",
            path: path, at: document.metadata?.kms.first?.arnPosition ?? document.metadata?.age.first?.recipientPosition,
            hints: ["'credfile recipients add|rm RECIPIENT' changes .sops.yaml and every credential together"])
    }

    /// With the key: the changed credentials that were made anew rather than changed.
    private func replacements(base: [String: [UInt8]], _ modified: [(path: String, document: SOPSDocument)], keys: KeyRing)
        -> [Diagnostic]
    {
        modified.compactMap { path, document in
            guard let old = base[path], let before = try? SOPSDocument(bytes: old, path: path).decrypt(keys: keys, verifyMAC: false),
                let now = try? document.decrypt(keys: keys, verifyMAC: false), before.dataKey != now.dataKey,
                before.topLevelValues != now.topLevelValues
            else { return nil }
            return Diagnostic(
                .error, code: .sopsReplaced,
                "the credential was made anew: a new data key and changed values (a rotation keeps the values); anyone with the public recipients can write such a file",
                path: document.path, at: document.yaml.root.range.start,
                hints: ["change values with 'credfile set' (same data key) and rotate in a separate change"])
        }
    }

    /// What the steps share.
    struct Context {
        var git: Git
        var top: String
        var pathspec: String
        var display: (String) -> String
        var ref: String
        var changes: [Git.Change]
    }

    /// Everything judged against `ref`: names, downgrades and replays; the policy (when it
    /// changed); who can read and who wrote each changed credential. The base side of the
    /// changed credentials and the current `.sops.yaml` are each read once for all of them.
    private func history(
        _ c: Context, current: [(path: String, file: CredentialFile)], documents: [SOPSDocument?],
        validator: RepositoryValidator, policyChanged: Bool
    ) throws -> [Diagnostic] {
        let needed = Set(c.changes.flatMap(Self.basePaths))
        let base = Dictionary(try c.git.files(at: c.ref, under: c.pathspec, only: needed).map { ($0.path, $0.contents) }) { a, _ in a }
        let config = try sopsConfig(c)
        return try immutability(c, base: base, current: current, documents: documents)
            + (policyChanged ? try policyFindings(c, schemas: validator.schemas, config: config) : [])
            + ownership(c, base: base, config: config, current: current, documents: documents, validator: validator)
    }

    /// The immutability findings of `changes` against the base side. The current side comes
    /// from validation's own parse (`documents`, in `current`'s order).
    private func immutability(
        _ c: Context, base: [String: [UInt8]], current: [(path: String, file: CredentialFile)], documents: [SOPSDocument?]
    ) throws -> [Diagnostic] {
        let before = base.reduce(into: [String: Immutability.Snapshot]()) { $0[$1.key] = Immutability.Snapshot(display: c.display($1.key), bytes: $1.value) }
        let now = Dictionary(try zip(current, documents).map { entry, document in
            // Only a file that did not parse as a sops file is read again, for its bare YAML name.
            let snapshot = try document.map { Immutability.Snapshot(display: entry.file.displayPath, document: $0) }
                ?? Immutability.Snapshot(display: entry.file.displayPath, bytes: entry.file.read())
            return (entry.path, snapshot)
        }) { a, _ in a }
        return Immutability.diagnostics(changes: c.changes, base: before, current: now)
    }

    /// The pre-commit case: the committed files were validated when they were committed, so
    /// only the staged changes are validated in full; the rules that span files compare them
    /// with the rest through names (a committed file's name is its file name) and through
    /// `git grep` on their wrapped keys, without reading every blob.
    private func incremental(_ c: Context, _ validator: RepositoryValidator, scan: CredentialScan) throws -> ValidationReport {
        // Only what the scan calls YAML (regular files, `.yaml`/`.yml`) is read as a credential.
        let yaml = Set(scan.yamlFiles.map { String($0.dropFirst(c.top.count)) })
        let changed = Set(c.changes.compactMap(Self.currentPath)).intersection(yaml)
        let entries = scan.credentials.map { String($0.dropFirst(c.top.count)) }
        let current = try c.git.stagedFiles(under: c.pathspec, only: changed).map {
            ($0.path, CredentialFile(path: c.top + $0.path, displayPath: c.display($0.path), contents: $0.contents))
        }
        var (report, documents) = validator.validateKeepingDocuments(current.map(\.1))
        report.fileCount = entries.count
        let others = entries.filter { !changed.contains($0) }
        // Every changed file's wrap pieces in one `git grep` (one process in the common case
        // of no hit); each file is searched on its own only when some committed file matched.
        // A modified file is searched too: overwriting an existing credential with a copy of
        // another is a copy just as a new file is.
        let pieces = documents.compactMap { $0?.metadata }.flatMap { Self.uniqueWrapTexts($0).map(\.0) }
        let sharing = pieces.isEmpty ? [] : try c.git.stagedFiles(containingAny: pieces, under: c.pathspec).filter { !changed.contains($0) }
        for ((path, file), document) in zip(current, documents) {
            guard let document else { continue }
            report.diagnostics += try crossFile(document, file, path: path, others: others, searchKeys: !sharing.isEmpty, c)
        }
        report.diagnostics += try history(
            c, current: current.map { (path: $0.0, file: $0.1) }, documents: documents, validator: validator, policyChanged: false)
        return report
    }

    /// Prefix collisions and shared data keys between one changed file and the committed rest
    /// (`searchKeys`: when the combined search found a committed file with a changed file's key).
    private func crossFile(
        _ document: SOPSDocument, _ file: CredentialFile, path: String, others: [String], searchKeys: Bool, _ c: Context
    ) throws -> [Diagnostic] {
        var result: [Diagnostic] = []
        if let node = document.yaml.root["name"], let name = node.scalar?.value, CredentialName.isValid(name) {
            for other in others {
                let otherName = String(other.split(separator: "/").last!.dropLast(5))
                if otherName != name, CredentialName.environmentPrefix(otherName) == CredentialName.environmentPrefix(name) {
                    result.append(RepositoryValidator.prefixCollision(
                        name: name, at: node.range.start, path: file.displayPath, otherName: otherName, otherPath: c.display(other)))
                }
            }
        }
        guard searchKeys, let metadata = document.metadata else { return result }
        for (text, position) in Self.uniqueWrapTexts(metadata) {
            let sharing = try c.git.stagedFiles(containingAny: [text], under: c.pathspec).filter { $0 != path }
            if let other = sharing.first {
                result.append(RepositoryValidator.sharedKey(file, at: position, with: c.display(other)))
                break
            }
        }
        return result
    }

    /// A piece of each wrapped data key that no other wrap shares, to `git grep` for: an age
    /// stanza's second armor line is all ephemeral share and wrapped key; a KMS blob starts
    /// with the key's own id (the same in every file of that key) and ends with the encrypted
    /// data key and its tag, so its last 64 characters. A KMS-only copy is caught as an age one.
    static func uniqueWrapTexts(_ metadata: SOPSMetadata) -> [(String, SourcePosition?)] {
        let age: [(String, SourcePosition?)] = metadata.age.compactMap { key in
            // Lines as the armor reader takes them (CRLF ends one, blank lines are skipped): a
            // copy re-armored with CRLF (a quoted scalar's `\r\n`, one Character to Swift, so
            // `split(separator: "\n")` saw a single line) still decrypts with credfile and sops.
            let lines = Self.armorLines(key.enc)
            return lines.count > 2 ? (lines[2], key.encPosition) : nil
        }
        let kms: [(String, SourcePosition?)] = metadata.kms.compactMap { key in
            key.enc.count >= 128 && !key.enc.contains("\n") ? (String(key.enc.suffix(64)), key.encPosition) : nil
        }
        return age + kms
    }

    /// `text`'s non-blank lines, split at any newline (CRLF as one). An ASCII armor (every
    /// real one) is split as bytes, which gives the same lines: Character-wise splitting
    /// (grapheme breaking) of each file's armor was 18 % of key-less `validate` (issue 17).
    static func armorLines(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            return text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }.map(String.init)
        }
        // ASCII newlines are \n, \v, \f and \r; its whitespace is those, space and tab.
        let newline: (UInt8) -> Bool = { (0x0A...0x0D).contains($0) }
        return bytes.split(whereSeparator: newline)
            .filter { !$0.allSatisfy { newline($0) || $0 == 0x20 || $0 == 0x09 } }
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every path a change names.
    private static func paths(_ change: Git.Change) -> [String] {
        switch change {
        case .added(let p), .deleted(let p), .modified(let p): [p]
        case .renamed(let from, let to): [from, to]
        }
    }

    /// The path a change leaves in the index (nil for a deletion).
    private static func currentPath(_ change: Git.Change) -> String? {
        switch change {
        case .added(let p), .modified(let p): p
        case .renamed(_, let to): to
        case .deleted: nil
        }
    }

    /// The staged blobs, or the working-tree files, that the scan calls YAML: hidden and
    /// `.yml` ones included, links and FIFOs never.
    private func currentFiles(_ git: Git, scan: CredentialScan, pathspec: String, top: String, display: (String) -> String) throws
        -> [(path: String, file: CredentialFile)]
    {
        let paths = scan.yamlFiles.map { String($0.dropFirst(top.count)) }
        if staged {
            return try git.stagedFiles(under: pathspec, only: Set(paths)).map { entry in
                (entry.path, CredentialFile(path: top + entry.path, displayPath: display(entry.path), contents: entry.contents))
            }
        }
        return paths.map { path in (path, CredentialFile(path: top + path, displayPath: display(path))) }
    }

    private static func isCredential(_ change: Git.Change) -> Bool {
        switch change {
        case .added(let p), .deleted(let p), .modified(let p): CredentialDiscovery.isYAML(p)
        case .renamed(let from, let to): CredentialDiscovery.isYAML(from) || CredentialDiscovery.isYAML(to)
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
