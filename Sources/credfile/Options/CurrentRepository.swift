import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The repository a command works on: discovered once from the working directory, which the
/// global `-C DIR` has already changed (see `CredfileCommand.main`).
enum CurrentRepository {
    static var workingDirectory: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }

    /// The repository around the working directory, its schemas read from `source`.
    static func discover(source: TreeSource = .workingTree) throws -> Repository {
        // The plaintext of an `edit` killed by SIGKILL has nobody else to remove it: every
        // command that finds a repository sweeps the scratch directories of dead edits.
        EditScratch.removeStale()
        return try Repository.discover(from: workingDirectory, source: source)
    }

    /// A file named by `-o` is not written through a symbolic link committed inside the
    /// repository (`FileIO.linkedDirectory`): it would go where the branch's author chose.
    static func refuseLinkedDirectory(on url: URL) throws {
        // A repository whose discovery fails (hostile schemas) is still checked, from here.
        let root = (try? Repository.discover(from: workingDirectory).root) ?? workingDirectory
        guard let link = FileIO.linkedDirectory(on: url, inside: root) else { return }
        throw CredfileError(
            .usage, "refusing to write through the symbolic link \(link) inside the repository",
            hints: ["a link in the repository's tree may come from any branch; give the real directory's path"])
    }

    /// The lock (and so the `credentials/` directory) every change goes through.
    static func update(keys: KeyOptions) throws -> CredentialUpdate {
        CredentialUpdate(location: try discover().lock(), keys: keys.keyRing)
    }
}
