internal import Foundation
public import CredfileYAML

/// `credfile rotate [NAME …]`: a new data key for each credential (all of them without
/// NAME), wrapped for the recipients the file already has. Every value is encrypted again,
/// so a full diff is expected.
public struct RotateCredentials: Sendable {
    /// Empty: every credential.
    public var names: [String]
    public var update: CredentialUpdate

    public init(names: [String], update: CredentialUpdate) {
        self.names = names
        self.update = update
    }

    /// Rotates inside the lock, one file at a time (each write atomic). Returns the files
    /// rotated, as displayed; stops at the first failure, which names its file.
    public func run(now: GoTime = .now()) throws -> [String] {
        let location = update.location
        let files = try names.isEmpty ? try location.allFiles() : names.map { try location.file(named: $0) }
        return try location.withLock {
            try files.map { url in
                let decrypted = try update.decrypt(url, keys: update.keys)
                let bytes = try decrypted.rotated(for: decrypted.document.recipients(), keys: update.keys, now: now)
                // Never replace a readable file with one that is not: read the result back
                // exactly as a reader would, MAC included, before it replaces the old one.
                _ = try SOPSDocument(bytes: bytes, path: decrypted.document.path).decrypt(keys: update.keys)
                try FileIO.writeAtomically(bytes, to: url, sweepLeftovers: false)  // swept under the lock
                return location.display(url)
            }
        }
    }
}
