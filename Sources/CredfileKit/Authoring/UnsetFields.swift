public import CredfileYAML
/// `credfile unset NAME field …`: removes fields (their whole lines); `mac` and
/// `lastmodified` are renewed, every other line stays.
public struct UnsetFields: Sendable {
    public var name: String
    public var fields: [String]
    public var update: CredentialUpdate

    public init(name: String, fields: [String], update: CredentialUpdate) {
        self.name = name
        self.fields = fields
        self.update = update
    }

    /// Removes the fields inside the lock; a missing field is an error, and a result that is
    /// not valid (a required field removed) is refused.
    public func run(now: GoTime = .now()) throws -> UpdateOutcome {
        try SetFields.checkFields(fields)
        return try update.run(name) { decrypted, _ in
            try decrypted.updated(fields.map { .remove(path: [$0]) }, now: now)
        }
    }
}
