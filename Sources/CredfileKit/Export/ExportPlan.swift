internal import CredfileAge
internal import CredfileYAML
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Turns named credentials into environment variables: decrypts each (MAC verified), applies
/// the schema's defaults, names each field `<PREFIX>_<FIELD>` (or the schema's `env` name),
/// and refuses invalid credentials and colliding names.
public struct ExportPlan: Sendable {
    /// Credential names, e.g. `smtp-prod`.
    public var credentials: [String]
    /// `--fields`: only these fields (the common `name`, `type`, `description` only when listed).
    public var fields: [String]?
    /// `--prefix`: replaces the prefix derived from the name (one credential only).
    public var prefix: String?
    /// `--no-prefix`: bare field names (one credential only).
    public var noPrefix = false
    /// `--allow-expired`: hand over a credential whose expiry date has passed (with a warning).
    public var allowExpired = false
    public var keys: KeyRing
    public var repository: Repository

    public init(credentials: [String], keys: KeyRing, repository: Repository) {
        self.credentials = credentials
        self.keys = keys
        self.repository = repository
    }

    /// The variables, in credential order then schema field order.
    public func variables() throws -> [ExportVariable] { try run().variables }

    /// The variables, and the warnings a job's log should show (a credential whose MAC covers
    /// only its encrypted values: its plain fields are not authenticated).
    public func run() throws -> (variables: [ExportVariable], warnings: [Diagnostic]) {
        if (prefix != nil || noPrefix) && credentials.count != 1 {
            throw CredfileError(.usage, "--prefix and --no-prefix take exactly one credential")
        }
        var result: [ExportVariable] = []
        var warnings: [Diagnostic] = []
        for name in credentials {
            let (variables, warning) = try variables(of: name)
            result += variables
            warnings += warning
        }
        try Self.checkCollisions(result)
        return (result, warnings)
    }

    /// One read, one parse: the key-less checks, the schema and the decryption all work on it.
    private func variables(of name: String) throws -> ([ExportVariable], [Diagnostic]) {
        guard CredentialName.isValid(name) else { throw CredfileError(.usage, "'\(name.prefix(64))' is not a credential name") }
        var options = Repository.ReadOptions(keys: keys, requireValid: true)
        options.allowExpired = allowExpired
        let credential = try repository.credential(named: name, options)
        var warning: [Diagnostic] = []
        if credential.document.metadata?.macOnlyEncrypted == true {
            warning.append(Diagnostic(
                .warning, code: .sopsMacOnlyEncrypted,
                "credential '\(name)' is mac_only_encrypted: its plain fields are not authenticated", path: credential.file.displayPath))
        }
        if let expiry = CredentialExpiry.earliest(schema: credential.schema, values: credential.values), expiry.isExpired {
            warning.append(Diagnostic(
                .warning, code: .secretExpired,
                "credential '\(name)' \(expiry.status) ('\(expiry.field)'); handed over because of --allow-expired",
                path: credential.file.displayPath))
        }
        guard let type = credential.type else {
            throw CredfileError(.invalidCredential, "credential '\(name)' has no type", path: credential.file.displayPath)
        }
        let schema = try repository.schemas.require(type, kind: .invalidCredential, path: credential.file.displayPath)
        let variables = try fieldsToExport(schema).compactMap { field -> ExportVariable? in
            guard let value = credential.value(of: field.name) ?? field.defaultValue else { return nil }
            return ExportVariable(
                name: variableName(for: field, credential: name), value: Credential.text(of: value, field),
                sensitive: field.sensitive, credential: name, field: field.name)
        }
        return (variables, warning)
    }

    /// The schema's fields (or `--fields`), with the common fields only when asked for.
    private func fieldsToExport(_ schema: CredentialSchema) throws -> [FieldSpec] {
        guard let fields else { return schema.fields }
        return try fields.map { name in
            if let field = schema.field(name) { return field }
            if CredentialSchema.commonFields.contains(name) { return FieldSpec(name: name, kind: .string) }
            throw CredfileError(.noSuchField, "type '\(schema.type)' has no field '\(name)'")
        }
    }

    private func variableName(for field: FieldSpec, credential: String) -> String {
        if let custom = field.environmentName, prefix == nil, !noPrefix { return custom }
        let suffix = field.name.uppercased()
        if noPrefix { return suffix }
        return "\(prefix ?? CredentialName.environmentPrefix(credential))_\(suffix)"
    }

    /// The check itself is `EnvironmentNames`, shared with exec.
    static func checkCollisions(_ variables: [ExportVariable]) throws {
        try EnvironmentNames.checkCollisions(variables)
    }
}

extension DecryptedDocument {
    /// The scalar values of the top-level keys (a credential's fields).
    var topLevelValues: [String: SOPSValue] {
        var values: [String: SOPSValue] = [:]
        for leaf in leaves where leaf.leaf.path.count == 1 && !leaf.leaf.isSequenceItem {
            if let value = leaf.value { values[leaf.leaf.path[0]] = value }
        }
        return values
    }
}

extension SOPSDocument {
    /// The same for a file with nothing encrypted (a credential without secrets).
    var plainTopLevelValues: [String: SOPSValue] {
        var values: [String: SOPSValue] = [:]
        for leaf in leaves where leaf.path.count == 1 && !leaf.isSequenceItem {
            if let value = try? SOPSValue(YAMLResolver.resolve(leaf.scalar)) { values[leaf.path[0]] = value }
        }
        return values
    }
}
