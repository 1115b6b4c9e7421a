#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
public import CredfileYAML

/// One `field=value` of `credfile set`: the value as text, typed later by the field's kind.
public struct FieldAssignment: Sendable, Equatable {
    public var field: String
    public var text: String

    public init(field: String, text: String) {
        self.field = field
        self.text = text
    }

    /// Splits `field=value` at the first `=` (a value may contain `=`, a field name cannot).
    public init(parsing argument: String) throws {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
            throw CredfileError(
                .usage, "expected FIELD=VALUE",
                hints: ["to give a secret without putting it on the command line use --stdin FIELD, --prompt FIELD or --value-file FIELD=FILE"])
        }
        self.init(field: String(argument[..<equals]), text: String(argument[argument.index(after: equals)...]))
    }
}

/// `credfile set NAME field=value …`: changes fields with a minimal diff (only the changed
/// values, `mac` and `lastmodified`; on a type change also `encrypted_regex` and the values
/// whose sensitivity changes).
public struct SetFields: Sendable {
    public var name: String
    public var assignments: [FieldAssignment]
    public var update: CredentialUpdate

    public init(name: String, assignments: [FieldAssignment], update: CredentialUpdate) {
        self.name = name
        self.assignments = assignments
        self.update = update
    }

    /// Changes the file inside the lock; validates before writing.
    public func run(now: GoTime = .now()) throws -> UpdateOutcome {
        try apply(now: now).outcome
    }

    /// What `apply` did, and what the command should say about it.
    public struct Result: Sendable {
        public var outcome: UpdateOutcome
        /// The result's expiry warnings (an expiry date that has passed is written, and said).
        public var warnings: [Diagnostic]
        /// The assigned fields the file encrypts: secrets, which belong off the command line.
        public var sensitive: Set<String>
    }

    /// `run`, with the warnings and which of the fields are secrets.
    public func apply(now: GoTime = .now()) throws -> Result {
        try Self.checkFields(assignments.map(\.field))
        var sensitive: Set<String> = []
        let (outcome, warnings) = try update.apply(name) { decrypted, schemas in
            let changes = try Self.changes(assignments, decrypted: decrypted, schemas: schemas)
            let rule = try Self.rule(after: changes, decrypted: decrypted, schemas: schemas)
            sensitive = Set(assignments.map(\.field).filter { rule.encrypts([$0]) })
            return try decrypted.updated(changes, rule: rule, now: now)
        }
        return Result(outcome: outcome, warnings: warnings, sensitive: sensitive)
    }

    /// Field names a command may change: top-level keys, each once, never `name` or `sops`.
    static func checkFields(_ fields: [String]) throws {
        guard !fields.isEmpty else { throw CredfileError(.usage, "no field to change") }
        var seen: Set<String> = []
        for field in fields {
            guard !field.isEmpty, !field.contains("."), field != "sops" else {
                throw CredfileError(.usage, "'\(field)' is not a field name (fields are top-level keys)")
            }
            guard field != "name" else { throw nameImmutable }
            guard seen.insert(field).inserted else { throw CredfileError(.usage, "'\(field)' is given more than once") }
        }
    }

    /// A credential's name is its identity (file name, environment prefix, references in jobs).
    static let nameImmutable = CredfileError(
        .usage, "'name' cannot be changed: it is the credential's identity and its file name",
        hints: ["to rename, create a new credential with 'credfile new' and remove this one with 'credfile rm'"])

    /// Each assignment typed by the field's kind in the schema of the type the file will have.
    static func changes(
        _ assignments: [FieldAssignment], decrypted: DecryptedDocument, schemas: SchemaSet
    ) throws -> [FieldChange] {
        let newType = assignments.first { $0.field == "type" }?.text
        let schema = try targetSchema(newType: newType, decrypted: decrypted, schemas: schemas)
        return try assignments.map { assignment in
            let value = try FieldValueParser.value(assignment.text, field: schema?.field(assignment.field), name: assignment.field)
            return .set(path: [assignment.field], value: value)
        }
    }

    /// The schema of the new type, or of the current one; a new type must be known.
    static func targetSchema(newType: String?, decrypted: DecryptedDocument, schemas: SchemaSet) throws -> CredentialSchema? {
        guard let newType else {
            guard let current = decrypted.credentialType else { return nil }
            // A broken schema is reported as itself; an unknown current type is left to validation.
            return schemas.broken[current] == nil ? schemas.schema(for: current)
                : try schemas.require(current, kind: .invalidCredential, path: decrypted.document.path)
        }
        return try schemas.require(newType, kind: .usage, path: decrypted.document.path)
    }

    /// The selection rule after `changes`: the file's own, unless `type` changes, and then
    /// the new type's `encrypted_regex` (its sensitive fields, DESIGN.md §2.4).
    public static func rule(after changes: [FieldChange], decrypted: DecryptedDocument, schemas: SchemaSet) throws -> EncryptionRule {
        let current = try decrypted.document.requireMetadata().rule
        // Setting `type` (even to the type it has) on a credential whose rule encrypts `type`
        // (sops's default rule) converts it to credfile's rule: the one-command way out that
        // `validate` names for `sops.common-fields-encrypted`.
        guard case .set(_, .string(let newType))? = changes.first(where: { $0.path == ["type"] }),
            decrypted.value(at: ["type"]) != .string(newType) || current.encrypts(["type"])
        else { return current }
        guard let schema = schemas.schema(for: newType) else { return current }
        return try EncryptionRule(.encryptedRegex, schema.encryptedRegex)
    }
}

