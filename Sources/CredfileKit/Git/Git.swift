internal import CredfilePOSIX
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The few git operations credfile needs, through the `git` command (no libgit2): what is
/// staged, what a ref holds, and what changed between them. Blobs are read with one
/// `git cat-file --batch` per call, so a repository of thousands of credentials costs a
/// handful of processes.
public struct Git: Sendable {
    /// The directory git runs in.
    public var directory: URL

    public init(directory: URL) { self.directory = directory }

    /// One entry of a change list (`git diff --name-status -M`).
    public enum Change: Sendable, Equatable {
        case added(String)
        case deleted(String)
        case modified(String)
        case renamed(from: String, to: String)
    }

    /// The repository's top-level directory.
    public func topLevel() throws -> URL {
        let out = try run(["rev-parse", "--show-toplevel"])
        return URL(fileURLWithPath: String(decoding: out, as: UTF8.self).trimmingWhitespace)
    }

    /// Whether `ref` names a commit (false for HEAD in a repository without commits).
    public func hasCommit(_ ref: String) -> Bool {
        (try? run(["rev-parse", "--verify", "--quiet", "\(ref)^{commit}"])) != nil
    }

    /// Paths (relative to the top level) and contents of the staged blobs under `pathspec`.
    public func stagedFiles(under pathspec: String, only paths: Set<String>? = nil) throws
        -> [(path: String, contents: [UInt8])]
    {
        try blobs(stagedEntries(under: pathspec).filter { $0.isFile && paths?.contains($0.path) ?? true }.map { ($0.sha, $0.path) })
    }

    /// One entry of the index: its mode says what git will check out.
    public struct IndexEntry: Sendable, Equatable {
        /// `100644`, `100755` (files), `120000` (a symbolic link), `160000` (a submodule).
        public var mode: String
        public var sha: String
        public var path: String

        /// A regular file (the only thing a credential can be); a link's blob is its target.
        public var isFile: Bool { mode == "100644" || mode == "100755" }

        /// The id of the empty blob (an empty `.gitkeep`).
        public static let emptyBlob = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    }

    /// The staged paths under `pathspec` with their modes and blob ids, without reading any blob.
    public func stagedEntries(under pathspec: String) throws -> [IndexEntry] {
        let listing = try run(["ls-files", "--stage", "-z", "--", pathspec])
        // "<mode> <sha> <stage>\t<path>\0"
        return tabbedRecords(listing).compactMap { fields, path -> IndexEntry? in
            guard fields.count == 3 else { return nil }
            return IndexEntry(mode: fields[0], sha: fields[1], path: path)
        }
    }

    /// The staged files under `pathspec` that contain any of `texts` (`git grep --cached -F`): git
    /// searches the index with its own threads, far faster than reading every blob here.
    public func stagedFiles(containingAny texts: [String], under pathspec: String) throws -> [String] {
        let result: ChildProcess.Result
        do {
            result = try ChildProcess(
                "git", ["grep", "--cached", "-z", "-l", "-F"] + texts.flatMap { ["-e", $0] } + ["--", pathspec],
                directory: directory.path
            ).run()
        } catch {
            throw gitError("grep", "git cannot be run")
        }
        // Exit status 1 means "no match", not a failure.
        guard result.termination == .exited(0) || result.termination == .exited(1) else { throw gitError("grep", "failed") }
        return records(result.stdout).filter { !$0.isEmpty }
    }

    /// Paths and contents of the files under `pathspec` in the tree of `ref`.
    public func files(at ref: String, under pathspec: String, only paths: Set<String>? = nil) throws
        -> [(path: String, contents: [UInt8])]
    {
        let listing = try run(["ls-tree", "-r", "-z", ref, "--", pathspec])
        // "<mode> blob <sha>\t<path>\0"
        let entries = tabbedRecords(listing).compactMap { fields, path -> (String, String)? in
            // Regular files only: a link's blob is its target, not a credential's text.
            guard fields.count == 3, fields[1] == "blob", fields[0] != "120000", paths?.contains(path) ?? true else { return nil }
            return (fields[2], path)
        }
        return try blobs(entries)
    }

    /// The paths under `pathspec` whose working-tree file differs from the staged blob (edited
    /// or re-encrypted after `git add`). Blobs are compared, not their textconv forms.
    public func unstagedChanges(under pathspec: String) throws -> Set<String> {
        let out = try run(["diff", "--name-only", "-z", "--no-textconv", "--no-ext-diff", "--", pathspec])
        return Set(records(out).filter { !$0.isEmpty })
    }

    /// What changed under `pathspec` from `ref` to the index (`staged`) or the working tree,
    /// with git's rename detection.
    public func changes(from ref: String, staged: Bool, under pathspecs: [String]) throws -> [Change] {
        let out = try run(["diff", "--name-status", "-z", "-M"] + (staged ? ["--cached"] : []) + [ref, "--"] + pathspecs)
        var fields = records(out)[...]
        var changes: [Change] = []
        while let status = fields.popFirst() {
            guard let path = fields.popFirst() else { break }
            switch status.first {
            case "A": changes.append(.added(path))
            case "D": changes.append(.deleted(path))
            case "R":
                guard let to = fields.popFirst() else { break }
                changes.append(.renamed(from: path, to: to))
            case "C":
                guard let to = fields.popFirst() else { break }
                changes.append(.added(to))
            default: changes.append(.modified(path))
            }
        }
        return changes
    }

    /// Reads blobs by id, never more than `FileIO.readLimit` bytes of one (issue 12): their sizes
    /// first (`git cat-file --batch-check`), then the contents of those within the YAML
    /// loader's limit (`--batch`). A larger blob is not read: it stands as `FileIO.readLimit`
    /// bytes, which the loader refuses as `yaml.too-large` exactly as it refuses a working-tree
    /// file read up to the cap, so a 100 MB blob costs 1 MiB, not 200 MB.
    private func blobs(_ entries: [(sha: String, path: String)]) throws -> [(path: String, contents: [UInt8])] {
        guard !entries.isEmpty else { return [] }
        let sizes = try blobSizes(entries.map(\.sha))
        let small = entries.filter { (sizes[$0.sha] ?? .max) < FileIO.readLimit }
        var contents: [String: [UInt8]] = [:]
        if !small.isEmpty {
            let input = Array(Set(small.map(\.sha))).joined(separator: "\n") + "\n"
            let out = [UInt8](try run(["cat-file", "--batch"], stdin: Data(input.utf8)))
            var i = 0
            while i < out.count {
                // "<sha> blob <size>\n<contents>\n"
                guard let newline = out[i...].firstIndex(of: UInt8(ascii: "\n")) else { break }
                let header = String(decoding: out[i..<newline], as: UTF8.self).split(separator: " ")
                guard header.count == 3, let size = Int(header[2]), size < FileIO.readLimit, newline + 1 + size <= out.count else {
                    throw gitError("cat-file", "unexpected output")
                }
                let start = newline + 1
                contents[String(header[0])] = Array(out[start..<(start + size)])
                i = start + size + 1
            }
        }
        return try entries.map { entry in
            guard let size = sizes[entry.sha] else { throw gitError("cat-file", "\(entry.sha) is missing") }
            if size >= FileIO.readLimit { return (entry.path, Self.overLimit) }
            guard let bytes = contents[entry.sha] else { throw gitError("cat-file", "unexpected output") }
            return (entry.path, bytes)
        }
    }

    /// What an over-large blob stands as: one byte more than the loader accepts.
    static let overLimit = [UInt8](repeating: UInt8(ascii: " "), count: FileIO.readLimit)

    /// Each blob's size in bytes (`git cat-file --batch-check`); a missing object has none.
    /// (`git ls-tree -l` would give the sizes of a ref's blobs too, but not the index's.)
    private func blobSizes(_ shas: [String]) throws -> [String: Int] {
        let out = try run(["cat-file", "--batch-check"], stdin: Data((shas.joined(separator: "\n") + "\n").utf8))
        var sizes: [String: Int] = [:]
        for line in [UInt8](out).split(separator: UInt8(ascii: "\n")) {
            // "<sha> blob <size>", or "<sha> missing" (split as bytes: see `records`)
            let fields = line.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
            if fields.count == 3, fields[1] == "blob", let size = Int(fields[2]) { sizes[fields[0]] = size }
        }
        return sizes
    }

    /// The NUL-terminated records of a `-z` listing. Split as bytes, not as `Data` or
    /// `String`: `Data`'s generic `split` and String's Character-wise `firstIndex`/`split`
    /// (grapheme breaking) were 60 % of `validate --staged`'s own instructions at 1,000
    /// credentials (issue 17's hook target).
    private func records(_ data: Data) -> [String] {
        [UInt8](data).split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `<field> <field> …\t<path>` records (`ls-files --stage`, `ls-tree`): the fields and the
    /// path, split as bytes (see `records`). A path may hold spaces and tabs; a field never does.
    private func tabbedRecords(_ data: Data) -> [(fields: [String], path: String)] {
        [UInt8](data).split(separator: 0).compactMap { record in
            guard let tab = record.firstIndex(of: UInt8(ascii: "\t")) else { return nil }
            let fields = record[..<tab].split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
            return (fields, String(decoding: record[(tab + 1)...], as: UTF8.self))
        }
    }

    /// Runs git; a non-zero exit is an error carrying git's first line of stderr.
    ///
    /// `git` is looked up on PATH by `ChildProcess` itself, as `/usr/bin/env git` did, without
    /// the extra exec of `env` on every call.
    @discardableResult
    func run(_ arguments: [String], stdin: Data? = nil) throws -> Data {
        let result: ChildProcess.Result
        do {
            result = try ChildProcess(
                "git", arguments, directory: directory.path, standardInput: stdin.map { .bytes($0) } ?? .null
            ).run()
        } catch {
            throw gitError(arguments[0], "git cannot be run")
        }
        guard result.termination == .exited(0) else {
            let line = String(decoding: result.stderr, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            throw gitError(arguments[0], line)
        }
        return result.stdout
    }

    private func gitError(_ command: String, _ detail: String) -> CredfileError {
        CredfileError(.io, "git \(command) failed: \(detail.prefix(200))")
    }
}
