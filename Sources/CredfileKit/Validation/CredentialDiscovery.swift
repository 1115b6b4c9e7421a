#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The files below explicit PATHs that `validate` looks at (files, or directories walked);
/// without PATHs, `Repository.credentialFiles(paths:)` takes `credentials/`.
public enum CredentialDiscovery {
    /// The files `validate PATH …` checks, and what it reports about the entries that are not
    /// credentials. A PATH given on the command line is the user's own choice and may be a
    /// link (to a directory, say); what is found *below* it is never followed.
    public static func files(for paths: [String], workingDirectory: URL) throws
        -> (files: [CredentialFile], diagnostics: [Diagnostic])
    {
        let roots = paths.map { URL(fileURLWithPath: $0, relativeTo: workingDirectory).standardizedFileURL }
        let base = workingDirectory.standardizedFileURL.path + "/"
        var files: [CredentialFile] = []
        var diagnostics: [Diagnostic] = []
        for root in roots {
            guard let status = FileStatus(path: root.path) else {
                throw CredfileError(.io, "no such file or directory", path: display(root.path, base: base))
            }
            if status.isDirectory {
                let scan = scan(root)
                files += scan.yamlFiles.map { CredentialFile(path: $0, displayPath: display($0, base: base)) }
                diagnostics += scan.diagnostics(base: base)
            } else if case .regular = FileIO.kind(atPath: root.path) {
                files.append(CredentialFile(url: root, displayPath: display(root.path, base: base)))
            } else {
                // A named file that is a link or a FIFO: reported, not opened (a FIFO would block).
                let finding = CredentialScan.Finding(path: root.path, problem: .notRegular(FileIO.kind(atPath: root.path)))
                diagnostics.append(finding.diagnostic(base: base))
            }
        }
        return (files.sorted { $0.displayPath < $1.displayPath }, diagnostics)
    }

    /// Walks `root` with `lstat`, never following a link: a link, FIFO, socket or device
    /// below it is a finding, and so is a file that is not a credential. Hidden entries are
    /// walked too — a plaintext `.old.yaml` must not pass unseen (issue 12). Works on path
    /// strings: a URL per entry costs more than validating the file (10,000 files).
    ///
    /// `liveTemporaries`: skip the temporaries of a credfile that is writing right now (a
    /// concurrent `validate` on a working tree). The git tiers pass false: a committed
    /// temporary is never a live write, and a pid in a hostile file name proves nothing.
    public static func scan(_ root: URL, liveTemporaries: Bool = true) -> CredentialScan {
        var result = CredentialScan()
        var pending = [(root.standardizedFileURL.path, false)]
        while let (dir, hiddenDirectory) = pending.popLast() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for name in names where name != ".git" {
                let path = dir + "/" + name
                let hidden = hiddenDirectory || name.hasPrefix(".")
                switch FileIO.kind(atPath: path) {
                case .missing:
                    continue  // removed since the listing (a temporary renamed into place)
                case .directory:
                    pending.append((path, hidden))
                case .regular(let size):
                    result.classify(path, name: name, hidden: hidden, size: size, liveTemporaries: liveTemporaries)
                case let other:
                    result.findings.append(.init(path: path, problem: .notRegular(other)))
                }
            }
        }
        result.yamlFiles.sort()
        result.credentials.sort()
        result.findings.sort { $0.path < $1.path }
        return result
    }

    /// The same classification as `scan`, over the index (`validate --staged`) instead of the
    /// working tree: git stores a link as mode 120000 (its blob is the target, not a file) and
    /// a submodule as 160000, so the hook sees exactly what the working-tree walk sees.
    /// Paths are `top` + the index path; `pathspec` is `credentials/` relative to `top`.
    public static func scan(index entries: [Git.IndexEntry], under pathspec: String, top: String) -> CredentialScan {
        var result = CredentialScan()
        for entry in entries {
            let path = top + entry.path
            guard entry.isFile else {
                result.findings.append(.init(path: path, problem: .notRegular(entry.mode == "120000" ? .symbolicLink : .other)))
                continue
            }
            let relative = entry.path.hasPrefix(pathspec + "/") ? entry.path.dropFirst(pathspec.count + 1) : Substring(entry.path)
            let components = relative.split(separator: "/")
            let hidden = components.contains { $0.hasPrefix(".") }
            let size = entry.sha == Git.IndexEntry.emptyBlob ? 0 : 1
            result.classify(path, name: String(components.last ?? ""), hidden: hidden, size: size, liveTemporaries: false)
        }
        result.yamlFiles.sort()
        result.credentials.sort()
        result.findings.sort { $0.path < $1.path }
        return result
    }

    /// Whether `name` is one a credential file can have, or a YAML file mistaken for one.
    static func isYAML(_ name: String) -> Bool { name.hasSuffix(".yaml") || name.hasSuffix(".yml") }

    /// Relative to the working directory (`base`, ending in `/`) when below it, else absolute.
    static func display(_ path: String, base: String) -> String {
        path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}

/// What a walk below a directory of credentials found (`CredentialDiscovery.scan`).
///
/// One walk serves every command, so `validate`, the git tiers, `list` and the authoring
/// commands agree on what is a credential: a regular `NAME.yaml` outside hidden directories.
/// Everything else below `credentials/` is reported by `validate` — a hostile branch cannot
/// hide a plaintext secret in a file the checks skip.
public struct CredentialScan: Sendable {
    /// Every regular `*.yaml` and `*.yml` file, hidden ones included: what `validate` checks.
    public var yamlFiles: [String] = []
    /// The credentials the other commands manage: regular, not hidden, named `*.yaml`.
    public var credentials: [String] = []
    /// The entries that are not credentials.
    public var findings: [Finding] = []

    /// One entry that is not a credential.
    public struct Finding: Sendable {
        /// The absolute path.
        public var path: String
        public var problem: Problem

        /// The diagnostic `validate` reports (paths relative to `base`, ending in `/`).
        public func diagnostic(base: String) -> Diagnostic {
            let shown = CredentialDiscovery.display(path, base: base)
            switch problem {
            case .notRegular(let kind):
                return Diagnostic(
                    .error, code: .fileNotRegular,
                    "\(kind.phrase); credentials must be regular files (links are never followed, nothing is read through them)",
                    path: shown, hints: ["replace it with the file itself, or remove it"])
            case .misplaced(let why, let hint):
                return Diagnostic(.error, code: .fileMisplaced, why, path: shown, hints: [hint])
            }
        }
    }

    /// Why an entry is not a credential.
    public enum Problem: Sendable, Equatable {
        /// A symbolic link, FIFO, socket or device (what `lstat` saw).
        case notRegular(FileIO.Kind)
        /// A regular file that is not a credential: why, and what to do.
        case misplaced(String, hint: String)
    }

    /// The findings as `validate` reports them.
    public func diagnostics(base: String) -> [Diagnostic] { findings.map { $0.diagnostic(base: base) } }

    /// Sorts one regular file into credentials, YAML files to check, and findings.
    mutating func classify(_ path: String, name: String, hidden: Bool, size: Int, liveTemporaries: Bool) {
        if CredentialDiscovery.isYAML(name) {
            // Checked as a credential in any case: a plaintext secret in it is still reported.
            yamlFiles.append(path)
            if hidden {
                findings.append(.init(path: path, problem: .misplaced(
                    "a hidden file is not a credential: credfile never reads it by name",
                    hint: "name it NAME.yaml outside hidden directories, or remove it")))
            } else if name.hasSuffix(".yml") {
                findings.append(.init(path: path, problem: .misplaced(
                    "credentials are named NAME.yaml; credfile never reads a .yml file by name",
                    hint: "rename it to .yaml (a new file), or remove it")))
            } else {
                credentials.append(path)
            }
        } else if FileIO.temporaryOwner(name) != nil {
            if liveTemporaries && FileIO.isLiveTemporary(name) { return }
            findings.append(.init(path: path, problem: .misplaced(
                "a temporary left behind by a credfile that was killed mid-write",
                hint: "the next credfile command that changes credentials removes it; never commit it")))
        } else if name == ".gitkeep" && size == 0 {
            return  // keeps an empty directory in git, and an empty file holds nothing
        } else {
            findings.append(.init(path: path, problem: .misplaced(
                "not a credential: only NAME.yaml files belong below credentials/",
                hint: "move it out of credentials/ (a README belongs next to the directory, not in it)")))
        }
    }
}
