public import Foundation

/// The files below explicit PATHs that `validate` looks at (files, or directories searched
/// for `*.yaml`); without PATHs, `Repository.credentialFiles(paths:)` takes `credentials/`.
public enum CredentialDiscovery {
    public static func files(for paths: [String], workingDirectory: URL) throws -> [CredentialFile] {
        let roots = paths.map { URL(fileURLWithPath: $0, relativeTo: workingDirectory).standardizedFileURL }
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
