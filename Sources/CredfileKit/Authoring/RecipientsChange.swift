public import CredfileAge
#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// `credfile recipients add|rm RECIPIENT [NAME …]`: the existing data key of each
/// credential is wrapped again for the new set of recipients (`sops updatekeys`: values,
/// `mac` and `lastmodified` stay), and, without NAME, `.sops.yaml`'s creation rule follows.
public struct RecipientsChange: Sendable {
    /// Whether the recipient joins or leaves.
    public enum Action: Sendable {
        case add, remove
    }

    /// What was changed, file by file in path order.
    public struct Report: Sendable {
        /// Files re-wrapped, as displayed.
        public var changed: [String] = []
        /// Files that already had (add) or did not have (remove) the recipient.
        public var unchanged: [String] = []
        /// Files left as they were, each with its error.
        public var failures: [FileFailure] = []
        /// The `.sops.yaml` that was updated, if any.
        public var config: String?
    }

    public var action: Action
    public var recipient: Recipient
    /// Empty: every credential, and `.sops.yaml` too.
    public var names: [String]
    public var update: CredentialUpdate
    /// Called as files finish (a progress line for 10,000 of them).
    public var progress: FileProgress?
    /// `--label`: written beside the recipient in `.sops.yaml` (`RecipientLabel`). Only the
    /// config holds labels, so it is used only when the config changes (no NAME).
    public var label: String?

    public init(action: Action, recipient: String, names: [String], update: CredentialUpdate) throws {
        // Not echoed by the parser: a secret key pasted where a recipient belongs must not be printed.
        self.recipient = try Recipient(parsing: recipient)
        self.action = action
        self.names = names
        self.update = update
    }

    /// Re-wraps inside the lock, files in parallel (each write atomic). A file that cannot be
    /// re-wrapped is reported and left unchanged; the others change. `.sops.yaml` follows only
    /// when every file did, so running the command again after a fix finishes the job.
    public func run() throws -> Report {
        let location = update.location
        let files = try names.isEmpty ? try location.allFiles() : names.map { try location.file(named: $0) }
        return try location.withLock {
            var report = Report()
            for outcome in location.eachFile(files, progress: progress, { try rewrap($0) }) {
                switch outcome {
                case .success(let (path, changed)):
                    if changed { report.changed.append(path) } else { report.unchanged.append(path) }
                case .failure(let failure): report.failures.append(failure)
                }
            }
            if names.isEmpty && report.failures.isEmpty { report.config = try updateConfig(sample: files.first) }
            return report
        }
    }

    /// Re-wraps one file's data key for the new set: (its path, whether it changed).
    private func rewrap(_ url: URL) throws -> (String, Bool) {
        let location = update.location
        let decrypted = try update.decrypt(url, keys: update.keys)
        let current = try decrypted.document.recipients()
        guard let wanted = try newSet(current, path: decrypted.document.path) else { return (location.display(url), false) }
        let bytes = try decrypted.document.rewrapped(dataKey: decrypted.dataKey, for: wanted, keys: update.keys)
        _ = try SOPSDocument(bytes: bytes, path: decrypted.document.path)
        // Swept under the lock; the directory is synced once for the batch (`eachFile`).
        try FileIO.writeAtomically(bytes, to: url, sweepLeftovers: false, syncingDirectory: false)
        return (location.display(url), true)
    }

    /// `current` with the recipient added or removed; nil when that changes nothing.
    func newSet(_ current: [Recipient], path: String?) throws -> [Recipient]? {
        let present = current.contains { $0.isSameKey(as: recipient) }
        switch action {
        case .add:
            return present ? nil : current + [recipient]
        case .remove:
            guard present else { return nil }
            let rest = current.filter { !$0.isSameKey(as: recipient) }
            guard !rest.isEmpty else {
                throw CredfileError(
                    .usage, "cannot remove the only recipient: nobody could decrypt the credential any more", path: path,
                    hints: ["add the new recipient first: credfile recipients add RECIPIENT"])
            }
            return rest
        }
    }
}
