internal import CredfileAge
internal import CredfileYAML
public import Foundation

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
    public var identities: IdentityDiscovery
    public var workingDirectory: URL

    public init(credentials: [String], identities: IdentityDiscovery, workingDirectory: URL) {
        self.credentials = credentials
        self.identities = identities
        self.workingDirectory = workingDirectory
    }

    /// The variables, in credential order then schema field order.
    public func variables() throws -> [ExportVariable] {
        if (prefix != nil || noPrefix) && credentials.count != 1 {
            throw CredfileError(.usage, "--prefix and --no-prefix take exactly one credential")
        }
        let directory = try CredentialDiscovery.credentialsDirectory(from: workingDirectory)
        let schemas = SchemaSet.locate(from: workingDirectory).0
        let keys = try identities.identities()
        var result: [ExportVariable] = []
        for name in credentials {
            result += try variables(of: name, in: directory, schemas: schemas, identities: keys)
        }
        try Self.checkCollisions(result)
        return result
    }

    private func variables(
        of name: String, in directory: URL, schemas: SchemaSet, identities: [AgeIdentity]
    ) throws -> [ExportVariable] {
        guard CredentialName.isValid(name) else { throw CredfileError(.usage, "'\(name.prefix(64))' is not a credential name") }
        let file = directory.appendingPathComponent("\(name).yaml")
        let display = CredentialDiscovery.display(file.path, base: workingDirectory.standardizedFileURL.path + "/")
        try Self.requireValid(CredentialFile(url: file, displayPath: display), schemas: schemas)
        let document = try SOPSDocument(bytes: FileIO.read(file), path: display)
        let values = try document.isEncrypted ? document.decrypt(identities: identities).topLevelValues
            : document.plainTopLevelValues
        guard let type = values["type"].flatMap({ if case .string(let s) = $0 { s } else { nil } }),
            let schema = schemas.schema(for: type)
        else { throw CredfileError(.invalidCredential, "credential '\(name)' has no known type", path: display) }
        return try fieldsToExport(schema).compactMap { field in
            guard let value = values[field.name] ?? field.defaultValue else { return nil }
            return ExportVariable(
                name: variableName(for: field, credential: name), value: Self.text(of: value, field),
                sensitive: field.sensitive, credential: name, field: field.name)
        }
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

    /// The text a variable holds: strings as they are, dates as `YYYY-MM-DD`, others as sops
    /// prints them (`true`, `587`).
    static func text(of value: SOPSValue, _ field: FieldSpec) -> String {
        if field.kind == .date, let d = FieldSpec.parseDate(value) {
            return String(format: "%04d-%02d-%02d", d.year, d.month, d.day)
        }
        switch value {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        default: return value.canonicalText
        }
    }

    /// A deploy must not receive a half-valid credential: the key-less checks must pass.
    static func requireValid(_ file: CredentialFile, schemas: SchemaSet) throws {
        let report = RepositoryValidator(schemas: schemas, options: ValidationOptions()).validate([file])
        guard let first = report.diagnostics.first(where: { $0.severity == .error }) else { return }
        throw CredfileError(
            .invalidCredential, "credential is not valid: \(first.message) [\(first.code)]", path: file.displayPath, at: first.position,
            hints: ["run 'credfile validate \(file.displayPath)' for every problem"])
    }

    /// Kept as the name `variables()` calls; the check itself is `EnvironmentNames`, shared with exec.
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
