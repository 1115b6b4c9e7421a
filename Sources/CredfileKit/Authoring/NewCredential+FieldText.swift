/// Text a user gives for a field of a new credential (`port=587`, a prompt answer): typed by
/// the one `FieldValueParser`, then checked against the field's constraints.
public enum CredentialFieldText {
    /// The typed value, checked against `field` (its range, format, pattern). Messages name the
    /// field, never the value.
    public static func value(_ text: String, for field: FieldSpec) throws -> SOPSValue {
        let value = try FieldValueParser.value(text, field: field, name: field.name)
        if let problem = field.problem(with: value) {
            throw CredfileError(.invalidField, "'\(field.name)' \(problem)")
        }
        return value
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
