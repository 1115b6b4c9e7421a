#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The repository's `credentials/` directory, and the one lock that serialises every change
/// to the credentials in it.
///
/// The lock is an `flock` on the directory itself rather than on `.NAME.yaml.lock` files:
/// nothing new appears in the working tree (no git-ignore entry needed), and the commands
/// that touch many files (`recipients`, `rotate`) see one consistent state. Writes under the
/// lock take milliseconds, so one lock for the whole directory costs nothing noticeable.
/// Every command that writes a credential must read, change and write it inside `withLock`,
/// so that two concurrent changes are applied one after the other and neither is lost.
public struct CredentialLock: Sendable {
    /// The `credentials/` directory.
    public let directory: URL
    /// The repository it belongs to (its schemas, its `.sops.yaml`, how paths are shown).
    public let repository: Repository

    init(directory: URL, repository: Repository) {
        self.directory = directory
        self.repository = repository
    }

    /// The file of credential `name`, which must exist.
    public func file(named name: String) throws -> URL {
        try repository.credentialFile(named: name).url
    }

    /// Every credential file (regular `NAME.yaml` below the directory, not hidden), sorted by
    /// path. A link (or FIFO …) named like a credential is an error before anything is
    /// written: skipping it would leave it silently unrotated, following it would write
    /// through it.
    public func allFiles() throws -> [URL] {
        let scan = CredentialDiscovery.scan(directory)
        for finding in scan.findings {
            guard case .notRegular(let kind) = finding.problem,
                CredentialDiscovery.isYAML(finding.path.lastPathComponent)
            else { continue }
            throw CredfileError(
                .io, "\(kind.phrase); credentials must be regular files (nothing written)",
                path: display(URL(fileURLWithPath: finding.path)), hints: ["replace it with the file itself, or remove it"])
        }
        return scan.credentials.map { URL(fileURLWithPath: $0, isDirectory: false) }
    }

    /// `url` relative to the working directory when below it, as messages show it.
    public func display(_ url: URL) -> String { repository.display(url) }

    /// Runs `body` while holding the credentials lock. First, the temporaries that a killed
    /// credfile left behind anywhere below the directory are removed (credentials can be
    /// nested in subdirectories): with the lock held, no locked writer is mid-write, and the
    /// temporaries of a live unlocked writer (`encrypt -i`) are kept by pid.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        try FileLock.withLock(on: directory) {
            FileIO.removeStaleTemporaries(in: directory, recursive: true)
            return try body()
        }
    }
}
