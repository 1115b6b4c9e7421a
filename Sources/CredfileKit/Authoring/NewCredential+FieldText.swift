/// Turns the text a user gives for a field (`port=587`, a prompt answer) into a typed value by
/// the field's kind, and checks it against the field. Messages name the field, never the value.
public enum CredentialFieldText {
    /// `587` → int for `int`/`port`, `true`/`yes` → bool for `bool`; every other kind is a
    /// string (a `date` stays the `YYYY-MM-DD` string, which sops keeps as it is).
    public static func value(_ text: String, for field: FieldSpec) throws -> SOPSValue {
        guard !text.isEmpty else {
            throw CredfileError(.invalidCredential, "'\(field.name)' needs a value (leave the field out instead)")
        }
        guard let value = typed(text, kind: field.kind) else {
            throw CredfileError(.invalidCredential, "'\(field.name)' \(field.kindMessage)")
        }
        if let problem = field.problem(with: value) {
            throw CredfileError(.invalidCredential, "'\(field.name)' \(problem)")
        }
        return value
    }

    private static func typed(_ text: String, kind: FieldKind) -> SOPSValue? {
        switch kind {
        case .int, .port:
            return Int64(text).map { .int($0) }
        case .bool:
            return parseBool(text).map { .bool($0) }
        case .date:
            return FormatCheck.date(ArraySlice(text.utf8)) == nil ? nil : .string(text)
        case .string, .hostname, .email, .url, .uuid, .oneOf:
            return .string(text)
        }
    }

    /// The answers people type for a yes/no switch.
    static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "y", "on", "1": true
        case "false", "no", "n", "off", "0": false
        default: nil
        }
    }

    /// A key credfile accepts for a field outside the schema: a letter, then letters, digits,
    /// `_` or `-` (a plain YAML key that maps to an environment-variable suffix).
    public static func isFieldName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        let isLetter = { (c: Unicode.Scalar) in ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        return isLetter(first) && name.count <= 64
            && name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }
}
