public import Foundation

/// `credfile rm NAME`: deletes a credential's file. Confirmation is the command's business;
/// git keeps the history (a deleted credential is a normal, reviewable change).
public struct RemoveCredential: Sendable {
    public var name: String
    public var workingDirectory: URL

    public init(name: String, workingDirectory: URL) {
        self.name = name
        self.workingDirectory = workingDirectory
    }

    /// The file that would be deleted; an error when the name is bad or there is no such credential.
    public func target() throws -> CredentialFile {
        try CredentialLookup.file(named: name, from: workingDirectory)
    }

    /// Deletes the file and returns its path as shown to the user.
    @discardableResult
    public func run() throws -> String {
        let file = try target()
        // Under the credentials lock, so a concurrent `set` never writes a deleted file back.
        try CredentialLock(workingDirectory: workingDirectory).withLock {
            do {
                try FileManager.default.removeItem(at: file.url)
            } catch {
                throw CredfileError(.io, "cannot be deleted", path: file.displayPath)
            }
        }
        return file.displayPath
    }
}
