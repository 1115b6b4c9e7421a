#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// `credfile rm NAME`: deletes a credential's file. Confirmation is the command's business;
/// git keeps the history (a deleted credential is a normal, reviewable change).
public struct RemoveCredential: Sendable {
    public var name: String
    public var repository: Repository

    public init(name: String, repository: Repository) {
        self.name = name
        self.repository = repository
    }

    /// The file that would be deleted; an error when the name is bad or there is no such credential.
    public func target() throws -> CredentialFile {
        try repository.credentialFile(named: name)
    }

    /// Deletes the file and returns its path as shown to the user.
    @discardableResult
    public func run() throws -> String {
        let file = try target()
        // Under the credentials lock, so a concurrent `set` never writes a deleted file back.
        try repository.lock().withLock {
            do {
                try FileManager.default.removeItem(at: file.url)
            } catch {
                throw CredfileError(.io, "cannot be deleted", path: file.displayPath)
            }
        }
        return file.displayPath
    }
}
