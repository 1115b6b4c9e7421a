public import Foundation

/// Which files `validate` looks at: the PATHs given (files, or directories searched for
/// `*.yaml`), or else the repository's `credentials/`, found from the working directory upwards.
public enum CredentialDiscovery {
    public static func files(for paths: [String], workingDirectory: URL) throws -> [CredentialFile] {
        let roots = try paths.isEmpty ? [credentialsDirectory(from: workingDirectory)] : paths.map {
            URL(fileURLWithPath: $0, relativeTo: workingDirectory).standardizedFileURL
        }
        var files: [CredentialFile] = []
        for root in roots {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
                throw CredfileError(.io, "no such file or directory", path: display(root, from: workingDirectory))
            }
            let urls = isDirectory.boolValue ? yamlFiles(in: root) : [root]
            files += urls.map { CredentialFile(url: $0, displayPath: display($0, from: workingDirectory)) }
        }
        return files.sorted { $0.displayPath < $1.displayPath }
    }

    /// The nearest `credentials/` directory at or above `directory`.
    public static func credentialsDirectory(from directory: URL) throws -> URL {
        var dir = directory.standardizedFileURL
        while true {
            let candidate = dir.appendingPathComponent("credentials")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
            let parent = dir.deletingLastPathComponent()
            guard parent.path != dir.path else {
                throw CredfileError(
                    .usage, "no credentials/ directory here or above; pass the files or directories to validate")
            }
            dir = parent
        }
    }

    /// `*.yaml` below `root`, skipping hidden files and directories.
    static func yamlFiles(in root: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        return enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "yaml" }.map(\.standardizedFileURL)
    }

    /// Relative to the working directory when below it, else absolute.
    static func display(_ url: URL, from directory: URL) -> String {
        let base = directory.standardizedFileURL.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
