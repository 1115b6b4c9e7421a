#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
public import CredfileYAML

/// `credfile rotate [NAME …]`: a new data key for each credential (all of them without
/// NAME), wrapped for the recipients the file already has. Every value is encrypted again,
/// so a full diff is expected.
public struct RotateCredentials: Sendable {
    /// What was done, file by file, in path order.
    public struct Report: Sendable {
        /// Files rotated, as displayed.
        public var rotated: [String] = []
        /// Files left as they were, each with its error.
        public var failures: [FileFailure] = []
    }

    /// Empty: every credential.
    public var names: [String]
    public var update: CredentialUpdate
    /// Called as files finish (a progress line for 10,000 of them).
    public var progress: FileProgress?

    public init(names: [String], update: CredentialUpdate) {
        self.names = names
        self.update = update
    }

    /// Rotates inside the lock, files in parallel (each write atomic). A file that cannot be
    /// rotated is reported and left unchanged; the others are rotated.
    public func run(now: GoTime = .now()) throws -> Report {
        let location = update.location
        let files = try names.isEmpty ? try location.allFiles() : names.map { try location.file(named: $0) }
        let update = self.update
        var report = Report()
        let outcomes = try location.withLock { location.eachFile(files, progress: progress) { try Self.rotate($0, update, now: now) } }
        for outcome in outcomes {
            switch outcome {
            case .success(let path): report.rotated.append(path)
            case .failure(let failure): report.failures.append(failure)
            }
        }
        return report
    }

    private static func rotate(_ url: URL, _ update: CredentialUpdate, now: GoTime) throws -> String {
        let decrypted = try update.decrypt(url, keys: update.keys)
        let bytes = try decrypted.rotated(for: decrypted.document.recipients(), keys: update.keys, now: now)
        // Never replace a readable file with one that is not: read the result back
        // exactly as a reader would, MAC included, before it replaces the old one.
        _ = try SOPSDocument(bytes: bytes, path: decrypted.document.path).decrypt(keys: update.keys)
        // Swept under the lock; the directory is synced once for the batch (`eachFile`).
        try FileIO.writeAtomically(bytes, to: url, sweepLeftovers: false, syncingDirectory: false)
        return update.location.display(url)
    }
}
