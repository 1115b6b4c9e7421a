public import Foundation

/// Finds a credential's file from its name: `credentials/NAME.yaml` in the nearest
/// `credentials/` directory at or above the working directory.
public enum CredentialLookup {
    /// The file of `name`; a bad name is a usage error and a missing file an I/O error (exit 3).
    public static func file(named name: String, from workingDirectory: URL) throws -> CredentialFile {
        guard CredentialName.isValid(name) else {
            throw CredfileError(.usage, "'\(name.prefix(64))' is not a credential name")
        }
        let directory: URL
        do {
            directory = try CredentialDiscovery.credentialsDirectory(from: workingDirectory)
        } catch {
            throw CredfileError(.usage, "no credentials/ directory here or above", hints: ["run 'credfile init' first"])
        }
        let url = directory.appendingPathComponent("\(name).yaml")
        let display = CredentialDiscovery.display(url.path, base: workingDirectory.standardizedFileURL.path + "/")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CredfileError(.io, "no credential '\(name)'", path: display, hints: ["'credfile list' shows the credentials"])
        }
        return CredentialFile(url: url, displayPath: display)
    }
}
