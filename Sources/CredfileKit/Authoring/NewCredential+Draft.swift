internal import CredfileYAML
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension NewCredential {
    /// A credential being created: its type, and the values given so far (from the command
    /// line or prompts). Values are checked as they are assigned; `write()` builds the file in
    /// memory, encrypts and validates it, and only then creates it.
    public struct Draft: Sendable {
        public let name: String
        public let schema: CredentialSchema
        let repository: Repository
        /// Wraps the data key for KMS recipients.
        var keys = KeyRing([])
        /// Where the file will be, and how messages name it.
        public let file: URL
        public let displayPath: String
        public private(set) var description: String?
        /// Field values by name; their order in the file is the schema's.
        public private(set) var values: [String: SOPSValue] = [:]
        /// Fields outside the schema (only when it allows extra fields), in assignment order.
        private var extraOrder: [String] = []

        init(name: String, schema: CredentialSchema, repository: Repository, file: URL, displayPath: String) {
            self.name = name
            self.schema = schema
            self.repository = repository
            self.file = file
            self.displayPath = displayPath
        }

        /// `description` stands in for the common field when asked for a spec.
        static let descriptionSpec = FieldSpec(
            name: "description", kind: .string, required: true, description: "what the credential is for")

        /// The spec of `field`; an unknown field is an error listing the type's fields.
        public func spec(_ field: String) throws -> FieldSpec {
            if field == "description" { return Self.descriptionSpec }
            if ["name", "type"].contains(field) {
                throw CredfileError(.usage, "'\(field)' is given as \(field == "name" ? "the NAME argument" : "--type"), not as a field")
            }
            if let spec = schema.field(field) { return spec }
            if schema.allowsExtraFields, CredentialFieldText.isFieldName(field) {
                return FieldSpec(name: field, kind: .string)
            }
            throw CredfileError(
                .noSuchField, "type '\(schema.type)' has no field '\(field.prefix(64))'",
                hints: ["fields of \(schema.type): " + schema.fields.map(\.name).joined(separator: ", ")])
        }

        /// Sets `field` from the text a user typed, typed by the field's kind (`587` → int).
        /// A problem names the field, never the value.
        public mutating func assign(_ field: String, text: String) throws {
            let spec = try spec(field)
            let value = try CredentialFieldText.value(text, for: spec)
            if field == "description" {
                description = text
                return
            }
            if schema.field(field) == nil && values[field] == nil { extraOrder.append(field) }
            values[field] = value
        }

        /// Whether `field` has a value.
        public func isSet(_ field: String) -> Bool {
            field == "description" ? description != nil : values[field] != nil
        }

        /// The fields still needed, in schema order: the required ones, and those a rule asks
        /// for given what is set (the partner of a `together` pair, the `then` of `requires`).
        /// Defaults are not written to the file (they apply at use), so a field with one is
        /// never needed.
        public var missingFields: [FieldSpec] {
            var needed = Set(schema.fields.filter(\.required).map(\.name))
            for rule in schema.rules { needed.formUnion(neededBy(rule)) }
            let missing = schema.fields.filter { needed.contains($0.name) && values[$0.name] == nil && $0.defaultValue == nil }
            return (description == nil ? [Self.descriptionSpec] : []) + missing
        }

        private func neededBy(_ rule: SchemaRule) -> [String] {
            switch rule {
            case .together(let names):
                return names.contains { values[$0] != nil } ? names : []
            case .requires(let field, let then):
                guard let value = values[field], value != .bool(false) else { return [] }
                return then
            case .exactlyOne:
                // Which one is the user's choice; validation names the rule if none is given.
                return []
            }
        }

        /// The plaintext file: `name`, `type`, `description`, then the fields in schema order.
        /// It exists only in memory.
        func plaintext() -> String {
            var lines = [
                "name: \(SOPSValue.string(name).yamlToken)",
                "type: \(SOPSValue.string(schema.type).yamlToken)",
                "description: \(SOPSValue.string(description ?? "").yamlToken)",
            ]
            for field in schema.fields.map(\.name) + extraOrder {
                guard let value = values[field] else { continue }
                lines.append("\(YAMLScalarWriter.key(field)): \(value.yamlToken)")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
