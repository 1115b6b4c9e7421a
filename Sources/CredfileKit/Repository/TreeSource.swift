#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Which version of a repository's files a command reads: the working tree, the git index
/// (what is about to be committed), or a commit. `validate`, `validate --staged` and
/// `validate --against REF` run the same checks over different sources, and each source
/// supplies its own schemas too: a staged schema change is judged with the staged
/// credentials, not with whatever the working tree holds.
public enum TreeSource: Sendable, Equatable {
    /// The files on disk.
    case workingTree
    /// The git index.
    case index
    /// The tree of a commit (any revision git accepts).
    case commit(String)

    /// The schemas of `root` as this source holds them (`schemas/*.yaml`, not recursive),
    /// or the built-in types when it has no `schemas/`. Paths in diagnostics are relative to
    /// `workingDirectory` when below it.
    func schemas(root: URL, workingDirectory: URL) throws -> (SchemaSet, [Diagnostic]) {
        let base = workingDirectory.path + "/"
        switch self {
        case .workingTree:
            let directory = root.appendingPathComponent("schemas")
            guard Repository.isDirectory(directory) else { return (.builtIn, []) }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
                .filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }.sorted()
            // git keeps no empty directories, so "schemas/ without a schema" must mean the same
            // in every source: the built-in types.
            guard !names.isEmpty else { return (.builtIn, []) }
            return SchemaSet.load(names.map { name in
                let file = directory.appendingPathComponent(name).path
                return (CredentialDiscovery.display(file, base: base), FileManager.default.contents(atPath: file).map { [UInt8]($0) })
            })
        case .index, .commit:
            let top = try Git(directory: root).topLevel().standardizedFileURL.path + "/"
            // git runs at the top level, so every path it prints and takes is top-relative.
            let git = Git(directory: URL(fileURLWithPath: top))
            let rootPath = root.standardizedFileURL.path + "/"
            let prefix = rootPath.hasPrefix(top) ? String(rootPath.dropFirst(top.count)) : ""
            let pathspec = prefix + "schemas"
            let blobs: [(path: String, contents: [UInt8])]
            if case .commit(let ref) = self {
                blobs = git.hasCommit(ref) ? try git.files(at: ref, under: pathspec) : []
            } else {
                blobs = try git.stagedFiles(under: pathspec)
            }
            let files = blobs.filter { blob in
                let name = String(blob.path.dropFirst(pathspec.count + 1))
                return !name.contains("/") && name.hasSuffix(".yaml") && !name.hasPrefix(".")
            }.sorted { $0.path < $1.path }
            guard !files.isEmpty else { return (.builtIn, []) }
            return SchemaSet.load(files.map { (CredentialDiscovery.display(top + $0.path, base: base), $0.contents) })
        }
    }
}
