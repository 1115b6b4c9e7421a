public import Foundation

/// Which files `validate` looks at: the PATHs given (files, or directories searched for
/// `*.yaml`), or else the repository's `credentials/`, found from the working directory upwards.
public enum CredentialDiscovery {
    public static func files(for paths: [String], workingDirectory: URL) throws -> [CredentialFile] {
        let roots = try paths.isEmpty ? [credentialsDirectory(from: workingDirectory)] : paths.map {
            URL(fileURLWithPath: $0, relativeTo: workingDirectory).standardizedFileURL
        }
        let base = workingDirectory.standardizedFileURL.path + "/"
        var files: [CredentialFile] = []
        for root in roots {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
                throw CredfileError(.io, "no such file or directory", path: display(root.path, base: base))
            }
            let urls = isDirectory.boolValue ? yamlFiles(in: root) : [root]
            files += urls.map { CredentialFile(url: $0, displayPath: display($0.path, base: base)) }
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

    /// `*.yaml` below `root`, skipping hidden files and directories. Works on path strings:
    /// building and standardising a URL per entry cost more than validating the file.
    static func yamlFiles(in root: URL) -> [URL] {
        var result: [URL] = []
        var pending = [root.standardizedFileURL.path]
        while let dir = pending.popLast() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for name in names where !name.hasPrefix(".") {
                let path = dir + "/" + name
                if name.hasSuffix(".yaml") {
                    result.append(URL(fileURLWithPath: path, isDirectory: false))
                } else {
                    var isDirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                        pending.append(path)
                    }
                }
            }
        }
        return result
    }

    /// Relative to the working directory (`base`, ending in `/`) when below it, else absolute.
    static func display(_ path: String, base: String) -> String {
        path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
