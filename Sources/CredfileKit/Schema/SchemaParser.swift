import CredfileYAML

/// Reads one schema file into a `CredentialSchema`, checking it as it goes.
///
/// Every mistake becomes a diagnostic at the offending key or value, and parsing carries on so
/// that one run reports them all; a schema with any error is not returned (a half-understood
/// type would validate credentials wrongly).
struct SchemaParser {
    let path: String
    /// The file's base name without `.yaml`, which `type` must equal.
    let expectedType: String
    private(set) var diagnostics: [Diagnostic] = []

    static let topLevelKeys = ["type", "title", "description", "fields", "rules", "extra_fields", "required_roles"]
    static let fieldKeys = ["type", "required", "sensitive", "default", "description", "pattern", "min", "max",
                            "values", "expiry", "env"]

    init(path: String) {
        self.path = path
        let base = path.split(separator: "/").last.map(String.init) ?? path
        expectedType = base.hasSuffix(".yaml") ? String(base.dropLast(5)) : base
    }

    mutating func parse(_ bytes: [UInt8]) -> CredentialSchema? {
        let document: YAMLDocument
        do {
            document = try YAMLLoader.load(bytes)
        } catch let error as YAMLError {
            report(.schemaInvalidYAML, error.message, at: error.position, hints: error.hint.map { [$0] } ?? [])
            return nil
        } catch {
            report(.schemaInvalidYAML, "the file could not be loaded", at: nil)
            return nil
        }
        let schema = parseRoot(document.root)
        return diagnostics.contains { $0.severity == .error } ? nil : schema
    }

    private mutating func parseRoot(_ root: YAMLNode) -> CredentialSchema {
        let entries = root.mapping ?? []
        for entry in entries where !Self.topLevelKeys.contains(entry.key) {
            report(.schemaUnknownKey, "unknown key \(quoted(entry.key)) (expected one of: \(Self.topLevelKeys.joined(separator: ", ")))",
                   at: entry.keyRange.start)
        }
        let type = parseTypeName(root)
        var schema = CredentialSchema(type: type, fields: [], path: path)
        schema.title = root["title"].flatMap { string($0, what: "'title'") }
        schema.description = root["description"].flatMap { string($0, what: "'description'") }
        schema.allowsExtraFields = root["extra_fields"].flatMap { bool($0, key: "extra_fields") } ?? false
        if let fields = root["fields"] {
            schema.fields = parseFields(fields)
        } else {
            report(.schemaMissingKey, "missing key 'fields'", at: root.range.start)
        }
        if let rules = root["rules"] {
            schema.rules = parseRules(rules, fields: schema.fields)
        }
        if let roles = root["required_roles"] {
            schema.requiredRoles = parseRequiredRoles(roles)
        }
        return schema
    }

    private mutating func parseTypeName(_ root: YAMLNode) -> String {
        guard let node = root["type"] else {
            report(.schemaMissingKey, "missing key 'type'", at: root.range.start)
            return expectedType
        }
        guard let type = string(node, what: "'type'") else { return expectedType }
        if !FormatCheck.isSlug(ArraySlice(type.utf8)) {
            report(.schemaInvalidTypeName, "type name \(quoted(type)) must be a lowercase slug (letters, digits, single - or _)",
                   at: node.range.start)
        } else if type != expectedType {
            report(.schemaTypeMismatch, "type \(quoted(type)) must equal the file's base name \(quoted(expectedType))",
                   at: node.range.start)
        }
        return type
    }

    // MARK: Fields

    private mutating func parseFields(_ node: YAMLNode) -> [FieldSpec] {
        guard let entries = node.mapping else {
            report(.schemaInvalidValue, "'fields' must be a mapping of field names to field definitions", at: node.range.start)
            return []
        }
        var fields: [FieldSpec] = []
        var environmentNames: Set<String> = []
        for entry in entries {
            guard checkFieldName(entry), var field = parseField(entry) else { continue }
            if let env = field.environmentName, !environmentNames.insert(env).inserted {
                report(.schemaDuplicateEnv, "environment variable \(quoted(env)) is already used by another field",
                       at: entry.value["env"]?.range.start)
                field.environmentName = nil
            }
            fields.append(field)
        }
        return fields
    }

    private mutating func checkFieldName(_ entry: YAMLMappingEntry) -> Bool {
        if CredentialSchema.reservedFieldNames.contains(entry.key) {
            report(.schemaReservedFieldName, "field name \(quoted(entry.key)) is reserved (every credential has name, type and description; sops is the metadata)",
                   at: entry.keyRange.start)
            return false
        }
        if !FormatCheck.isFieldName(ArraySlice(entry.key.utf8)) {
            report(.schemaInvalidFieldName, "field name \(quoted(entry.key)) must match ^[a-z][a-z0-9_]*$", at: entry.keyRange.start)
            return false
        }
        return true
    }

    private mutating func parseField(_ entry: YAMLMappingEntry) -> FieldSpec? {
        let name = entry.key
        guard let keys = entry.value.mapping else {
            report(.schemaInvalidValue, "field \(quoted(name)) must be a mapping such as { type: string }", at: entry.value.range.start)
            return nil
        }
        for key in keys where !Self.fieldKeys.contains(key.key) {
            report(.schemaUnknownFieldKey, "unknown key \(quoted(key.key)) in field \(quoted(name)) (expected one of: \(Self.fieldKeys.joined(separator: ", ")))",
                   at: key.keyRange.start)
        }
        guard let kind = parseKind(entry) else { return nil }
        var field = FieldSpec(name: name, kind: kind, position: entry.keyRange.start)
        let node = entry.value
        field.required = node["required"].flatMap { bool($0, key: "required") } ?? false
        field.sensitive = node["sensitive"].flatMap { bool($0, key: "sensitive") } ?? false
        field.description = node["description"].flatMap { string($0, what: "'description'") }
        parseBounds(node, into: &field)
        parsePattern(node, into: &field)
        parseExpiry(node, into: &field)
        parseEnvironmentName(node, into: &field)
        parseDefault(node, into: &field)
        return field
    }

    private mutating func parseKind(_ entry: YAMLMappingEntry) -> FieldKind? {
        guard let typeNode = entry.value["type"] else {
            report(.schemaMissingFieldType, "field \(quoted(entry.key)) has no 'type'", at: entry.keyRange.start,
                   hints: ["one of: " + FieldKind.names.joined(separator: ", ")])
            return nil
        }
        guard let name = string(typeNode, what: "'type'") else { return nil }
        let valuesNode = entry.value["values"]
        guard name == "enum" else {
            guard let kind = FieldKind(name: name) else {
                report(.schemaUnknownFieldType, "unknown field type \(quoted(name)) (expected one of: \(FieldKind.names.joined(separator: ", ")))",
                       at: typeNode.range.start)
                return nil
            }
            if let valuesNode {
                report(.schemaValuesOnNonEnum, "'values' applies only to enum fields, not \(name)", at: valuesNode.range.start)
            }
            return kind
        }
        return parseEnumValues(valuesNode, field: entry).map { .oneOf($0) }
    }

    private mutating func parseEnumValues(_ node: YAMLNode?, field: YAMLMappingEntry) -> [String]? {
        guard let node else {
            report(.schemaMissingValues, "enum field \(quoted(field.key)) needs 'values', a list of strings", at: field.keyRange.start)
            return nil
        }
        guard let items = node.sequence else {
            report(.schemaInvalidValue, "'values' must be a list of strings", at: node.range.start)
            return nil
        }
        guard !items.isEmpty else {
            report(.schemaMissingValues, "enum field \(quoted(field.key)) needs at least one value", at: node.range.start)
            return nil
        }
        var values: [String] = []
        for item in items {
            guard let value = string(item, what: "each item of 'values'") else { continue }
            if values.contains(value) {
                report(.schemaDuplicateValue, "'values' lists \(quoted(value)) twice", at: item.range.start)
            }
            values.append(value)
        }
        return values
    }

    private mutating func parseBounds(_ node: YAMLNode, into field: inout FieldSpec) {
        for key in ["min", "max"] {
            guard let bound = node[key] else { continue }
            guard field.kind == .int else {
                report(.schemaBoundsOnNonInt, "\(quoted(key)) applies only to int fields, not \(field.kind.name)", at: bound.range.start)
                continue
            }
            let value = int(bound, key: key)
            if key == "min" { field.minimum = value } else { field.maximum = value }
        }
        if let min = field.minimum, let max = field.maximum, min > max {
            report(.schemaMinAboveMax, "'min' (\(min)) is greater than 'max' (\(max))", at: node["min"]?.range.start)
            field.maximum = nil
        }
    }

    private mutating func parsePattern(_ node: YAMLNode, into field: inout FieldSpec) {
        guard let patternNode = node["pattern"], let pattern = string(patternNode, what: "'pattern'") else { return }
        guard field.kind.isStringKind else {
            report(.schemaPatternOnNonString, "'pattern' applies only to string, hostname, email, url and uuid fields, not \(field.kind.name)",
                   at: patternNode.range.start)
            return
        }
        field.pattern = pattern
        field.patternPath = path
        field.patternPosition = patternNode.range.start
        if field.compiledPattern == nil {
            let reason = CompiledPattern.syntaxError(in: pattern).map { ": \($0)" } ?? ""
            report(.schemaInvalidPattern, "'pattern' is not a valid regular expression\(reason)", at: patternNode.range.start)
        }
    }

    private mutating func parseExpiry(_ node: YAMLNode, into field: inout FieldSpec) {
        guard let expiryNode = node["expiry"], let expiry = bool(expiryNode, key: "expiry") else { return }
        if field.kind != .date {
            report(.schemaExpiryOnNonDate, "'expiry' applies only to date fields, not \(field.kind.name)", at: expiryNode.range.start)
            return
        }
        field.isExpiry = expiry
    }

    private mutating func parseEnvironmentName(_ node: YAMLNode, into field: inout FieldSpec) {
        guard let envNode = node["env"], let env = string(envNode, what: "'env'") else { return }
        guard FormatCheck.isEnvironmentName(ArraySlice(env.utf8)) else {
            report(.schemaInvalidEnv, "'env' must be an environment variable name matching ^[A-Z_][A-Z0-9_]*$", at: envNode.range.start)
            return
        }
        // A schema may come from a branch whose author has no key: naming BASH_ENV or LD_PRELOAD
        // would run that author's code in the deploy job with the credentials in its environment.
        if let reason = EnvironmentNames.forbiddenReason(env) {
            report(.schemaEnvForbidden, "'env' names " + EnvironmentNames.forbiddenDescription(env, reason: reason),
                   at: envNode.range.start)
            return
        }
        field.environmentName = env
    }

    private mutating func parseDefault(_ node: YAMLNode, into field: inout FieldSpec) {
        guard let defaultNode = node["default"] else { return }
        if field.sensitive {
            report(.schemaSensitiveDefault, "sensitive field \(quoted(field.name)) cannot have a default (it would be stored in plain text)",
                   at: defaultNode.range.start)
            return
        }
        guard let scalar = defaultNode.scalar else {
            report(.schemaInvalidDefault, "'default' must be a single value", at: defaultNode.range.start)
            return
        }
        if let problem = field.problem(with: scalar) {
            report(.schemaInvalidDefault, "'default' \(problem)", at: defaultNode.range.start)
            return
        }
        field.defaultValue = Self.defaultValue(scalar, kind: field.kind)
    }

    /// The default as a value; a date keeps its `YYYY-MM-DD` text rather than a time.
    private static func defaultValue(_ scalar: YAMLScalar, kind: FieldKind) -> SOPSValue? {
        if kind == .date { return .string(scalar.value) }
        return try? SOPSValue(YAMLResolver.resolve(scalar))
    }

    // MARK: Rules

    private mutating func parseRules(_ node: YAMLNode, fields: [FieldSpec]) -> [SchemaRule] {
        guard let items = node.sequence else {
            report(.schemaInvalidValue, "'rules' must be a list such as [ { together: [a, b] } ]", at: node.range.start)
            return []
        }
        let names = Set(fields.map(\.name))
        return items.compactMap { parseRule($0, fieldNames: names) }
    }

    private mutating func parseRule(_ item: YAMLNode, fieldNames: Set<String>) -> SchemaRule? {
        guard let entries = item.mapping, entries.count == 1, let entry = entries.first else {
            report(.schemaInvalidRule, "each rule must be a mapping with exactly one key: together, requires or one_of",
                   at: item.range.start)
            return nil
        }
        switch entry.key {
        case "together":
            return fieldList(entry, minimum: 2, fieldNames: fieldNames).map { .together($0) }
        case "one_of":
            return fieldList(entry, minimum: 2, fieldNames: fieldNames).map { .exactlyOne($0) }
        case "requires":
            return parseRequires(entry, fieldNames: fieldNames)
        default:
            report(.schemaUnknownRule, "unknown rule \(quoted(entry.key)) (expected together, requires or one_of)",
                   at: entry.keyRange.start)
            return nil
        }
    }

    private mutating func parseRequires(_ entry: YAMLMappingEntry, fieldNames: Set<String>) -> SchemaRule? {
        guard let inner = entry.value.mapping, inner.count == 1, let condition = inner.first else {
            report(.schemaInvalidRule, "'requires' must map one field to the list of fields it requires, as { a: [b, c] }",
                   at: entry.value.range.start)
            return nil
        }
        var ok = checkRuleField(condition.key, at: condition.keyRange.start, fieldNames: fieldNames)
        guard let then = fieldList(condition, minimum: 1, fieldNames: fieldNames) else { return nil }
        if then.contains(condition.key) {
            report(.schemaRuleDuplicateField, "field \(quoted(condition.key)) cannot require itself", at: condition.keyRange.start)
            ok = false
        }
        return ok ? .requires(field: condition.key, then: then) : nil
    }

    /// The list of field names under `entry`, checked; nil when anything is wrong.
    private mutating func fieldList(_ entry: YAMLMappingEntry, minimum: Int, fieldNames: Set<String>) -> [String]? {
        guard let items = entry.value.sequence else {
            report(.schemaInvalidRule, "\(quoted(entry.key)) must be a list of field names", at: entry.value.range.start)
            return nil
        }
        var names: [String] = []
        var ok = true
        for item in items {
            guard let name = string(item, what: "each item of \(quoted(entry.key))") else { ok = false; continue }
            if names.contains(name) {
                report(.schemaRuleDuplicateField, "rule names field \(quoted(name)) twice", at: item.range.start)
                ok = false
            }
            ok = checkRuleField(name, at: item.range.start, fieldNames: fieldNames) && ok
            names.append(name)
        }
        if names.count < minimum {
            let what = minimum == 1 ? "at least one field" : "at least \(minimum) fields"
            report(.schemaRuleTooFewFields, "\(quoted(entry.key)) needs \(what)", at: entry.keyRange.start)
            ok = false
        }
        return ok ? names : nil
    }

    private mutating func checkRuleField(_ name: String, at position: SourcePosition, fieldNames: Set<String>) -> Bool {
        guard fieldNames.contains(name) else {
            report(.schemaRuleUnknownField, "rule names unknown field \(quoted(name))", at: position)
            return false
        }
        return true
    }

    // MARK: Required roles

    /// The most roles `required_roles` may list: a schema may come from a branch whose author
    /// holds no key, and every role is named in `check` reports.
    static let maximumRequiredRoles = 64

    /// `required_roles: [Mail.Read, Mail.ReadWrite]`: distinct app-role values, each as Entra ID
    /// allows them (``isRoleName(_:)``), at most ``maximumRequiredRoles``; an empty list asks
    /// only for a token.
    private mutating func parseRequiredRoles(_ node: YAMLNode) -> [String]? {
        guard let items = node.sequence else {
            report(.schemaInvalidValue, "'required_roles' must be a list of role names such as [Mail.Read, Mail.ReadWrite]",
                   at: node.range.start)
            return nil
        }
        guard items.count <= Self.maximumRequiredRoles else {
            report(.schemaInvalidValue, "'required_roles' lists \(items.count) roles (at most \(Self.maximumRequiredRoles))", at: node.range.start)
            return nil
        }
        var roles: [String] = []
        for item in items {
            guard let role = string(item, what: "each item of 'required_roles'") else { continue }
            guard Self.isRoleName(role) else {
                report(.schemaInvalidValue, "\(quoted(role)) is not a role name (1–120 printable ASCII characters, no space, quote or backslash, not starting with '.')",
                       at: item.range.start)
                continue
            }
            if roles.contains(role) {
                report(.schemaDuplicateValue, "'required_roles' lists \(quoted(role)) twice", at: item.range.start)
            }
            roles.append(role)
        }
        return roles
    }

    /// An app role's value as Entra ID allows it (App roles, "Value"): 1–120 characters from
    /// printable ASCII without space, `"` and `\`, not starting with a dot. The same test keeps
    /// a role read from a token printable (`GraphCheck`).
    static func isRoleName(_ role: String) -> Bool {
        let bytes = Array(role.utf8)
        guard (1...120).contains(bytes.count), bytes.first != UInt8(ascii: ".") else { return false }
        return bytes.allSatisfy { (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }

    // MARK: Scalars

    private mutating func string(_ node: YAMLNode, what: String) -> String? {
        if let scalar = node.scalar, case .string(let s) = YAMLResolver.resolve(scalar) { return s }
        report(.schemaInvalidValue, "\(what) must be a string", at: node.range.start,
               hints: node.scalar != nil ? ["quote the value to make it a string"] : [])
        return nil
    }

    private mutating func bool(_ node: YAMLNode, key: String) -> Bool? {
        if let scalar = node.scalar, case .bool(let b) = YAMLResolver.resolve(scalar) { return b }
        report(.schemaInvalidValue, "\(quoted(key)) must be true or false", at: node.range.start)
        return nil
    }

    private mutating func int(_ node: YAMLNode, key: String) -> Int64? {
        if let scalar = node.scalar, case .int(let i) = YAMLResolver.resolve(scalar) { return i }
        report(.schemaInvalidValue, "\(quoted(key)) must be an integer", at: node.range.start)
        return nil
    }

    private mutating func report(_ code: DiagnosticCode, _ message: String, at position: SourcePosition?, hints: [String] = []) {
        diagnostics.append(Diagnostic(.error, code: code, message, path: path, at: position, hints: hints))
    }

    /// A name as messages show it (`DisplayText.key`): quoted, at most 64 characters, escaped.
    private func quoted(_ name: String) -> String { DisplayText.key(name) }
}

extension CredentialSchema {
    /// Field names a schema may not declare: the common fields, and sops's metadata block.
    public static let reservedFieldNames: Set<String> = ["name", "type", "description", "sops"]
}
