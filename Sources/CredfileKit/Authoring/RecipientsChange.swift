public import CredfileAge
internal import Foundation

/// `credfile recipients add|rm RECIPIENT [NAME …]`: the existing data key of each
/// credential is wrapped again for the new set of recipients (`sops updatekeys`: values,
/// `mac` and `lastmodified` stay), and, without NAME, `.sops.yaml`'s creation rule follows.
public struct RecipientsChange: Sendable {
    /// Whether the recipient joins or leaves.
    public enum Action: Sendable {
        case add, remove
    }

    /// What was changed.
    public struct Report: Sendable {
        /// Files re-wrapped, as displayed.
        public var changed: [String] = []
        /// Files that already had (add) or did not have (remove) the recipient.
        public var unchanged: [String] = []
        /// The `.sops.yaml` that was updated, if any.
        public var config: String?
    }

    public var action: Action
    public var recipient: Recipient
    /// Empty: every credential, and `.sops.yaml` too.
    public var names: [String]
    public var update: CredentialUpdate

    public init(action: Action, recipient: String, names: [String], update: CredentialUpdate) throws {
        // Not echoed by the parser: a secret key pasted where a recipient belongs must not be printed.
        self.recipient = try Recipient(parsing: recipient)
        self.action = action
        self.names = names
        self.update = update
    }

    /// Re-wraps inside the lock, one file at a time (each write atomic).
    public func run() throws -> Report {
        let location = update.location
        let files = try names.isEmpty ? try location.allFiles() : names.map { try location.file(named: $0) }
        return try location.withLock {
            var report = Report()
            for url in files {
                let decrypted = try update.decrypt(url, keys: update.keys)
                let current = try decrypted.document.recipients()
                guard let wanted = try newSet(current, path: decrypted.document.path) else {
                    report.unchanged.append(location.display(url))
                    continue
                }
                let bytes = try decrypted.document.rewrapped(dataKey: decrypted.dataKey, for: wanted, keys: update.keys)
                _ = try SOPSDocument(bytes: bytes, path: decrypted.document.path)
                try FileIO.writeAtomically(bytes, to: url, sweepLeftovers: false)  // swept under the lock
                report.changed.append(location.display(url))
            }
            if names.isEmpty { report.config = try updateConfig() }
            return report
        }
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
