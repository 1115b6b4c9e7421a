public import Foundation

/// Finds a credential's file from its name: `credentials/NAME.yaml` in the nearest
/// `credentials/` directory at or above the working directory.
public enum CredentialLookup {
    /// The file of `name`; a bad name is a usage error and a missing file an I/O error (exit 3).
    public static func file(named name: String, from workingDirectory: URL) throws -> CredentialFile {
        let location = try CredentialLock(workingDirectory: workingDirectory)
        let url = try location.file(named: name)
        return CredentialFile(url: url, displayPath: location.display(url))
    }
}
