/// The one way user text (a `field=value` argument, standard input, a value file, a prompt
/// answer) becomes a typed field value, for `new`, `set` and every other command that takes
/// values from the command line (issue 11: `new` and `set` had two parsers with opposite
/// rules, so `tls=yes` worked in one and not the other).
///
/// Typing follows the field's kind: `587` is an int for `int`/`port`; `true`/`yes`/`on`/`1`
/// (and their opposites, any case) a bool; a `date` must be `YYYY-MM-DD`; every other kind is
/// the text as given — never trimmed, because a secret may begin or end with a space. A value
/// that does not fit is `field.invalid` (exit 1), as `validate` reports it; messages name the
/// field and the expected kind, never the text.
public enum FieldValueParser {
    /// The typed value of `text` for `field`; `name` is used in messages. A field the schema
    /// does not list (`field` nil) keeps the text as a string.
    public static func value(_ text: String, field: FieldSpec?, name: String) throws -> SOPSValue {
        guard !text.isEmpty else {
            throw CredfileError(.invalidField, "'\(name.prefix(64))' needs a value (leave the field out, or 'credfile unset' it)")
        }
        guard let field else { return .string(text) }
        guard let value = typed(text, kind: field.kind) else {
            throw CredfileError(.invalidField, "'\(name.prefix(64))' \(field.kindMessage)")
        }
        return value
    }

    private static func typed(_ text: String, kind: FieldKind) -> SOPSValue? {
        switch kind {
        case .int, .port:
            return Int64(text).map { .int($0) }
        case .bool:
            return bool(text).map { .bool($0) }
        case .date:
            return FormatCheck.date(ArraySlice(text.utf8)) == nil ? nil : .string(text)
        case .string, .hostname, .email, .url, .uuid, .oneOf:
            return .string(text)
        }
    }

    /// The answers people type for a yes/no switch.
    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "y", "on", "1": true
        case "false", "no", "n", "off", "0": false
        default: nil
        }
    }
}
