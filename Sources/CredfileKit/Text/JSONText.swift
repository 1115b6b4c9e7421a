/// A JSON value with ordered object keys: the package's one JSON writer (the JSON Lines of
/// every `--format json` and `export --format json`: `compact`; `schema jsonschema`: `pretty`).
/// Written by hand so that key order is the caller's (`$schema` first, properties in schema
/// order; callers that want sorted keys sort) and the escaping is one rule everywhere.
public indirect enum JSONText: Sendable, Equatable {
    case string(String)
    case int(Int64)
    /// A finite number; `pretty` and `compact` write `null` for NaN and infinities, which JSON
    /// cannot hold.
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([(String, JSONText)])

    public static func == (lhs: JSONText, rhs: JSONText) -> Bool { lhs.pretty() == rhs.pretty() }

    /// `.string`, or `.null` for nil.
    public static func stringOrNull(_ value: String?) -> JSONText { value.map(JSONText.string) ?? .null }

    /// An object with its members sorted by key (UTF-8 order), for output that scripts diff.
    public static func sortedObject(_ members: [(String, JSONText)]) -> JSONText {
        .object(members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) })
    }

    /// The same value with the members of every object, at every level, sorted by key (UTF-8
    /// order): the one key order of credfile's JSON Lines output.
    public func sortingKeys() -> JSONText {
        switch self {
        case .array(let items): .array(items.map { $0.sortingKeys() })
        case .object(let members): Self.sortedObject(members.map { ($0.0, $0.1.sortingKeys()) })
        default: self
        }
    }

    /// Two-space indentation, `"key": value`, arrays of scalars on one line; no final line
    /// break (callers add one at the top level).
    public func pretty(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
        switch self {
        case .array(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy(\.isScalar) { return "[" + items.map { $0.pretty() }.joined(separator: ", ") + "]" }
            return "[\n" + items.map { pad + $0.pretty(indent: indent + 1) }.joined(separator: ",\n") + "\n\(close)]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            let lines = members.map { pad + Self.quote($0.0) + ": " + $0.1.pretty(indent: indent + 1) }
            return "{\n" + lines.joined(separator: ",\n") + "\n\(close)}"
        default: return scalarText
        }
    }

    /// One line, no spaces: `{"a":1,"b":["x"]}` (one object per line of `validate --format json`).
    public func compact() -> String {
        switch self {
        case .array(let items): "[" + items.map { $0.compact() }.joined(separator: ",") + "]"
        case .object(let members): "{" + members.map { Self.quote($0.0) + ":" + $0.1.compact() }.joined(separator: ",") + "}"
        default: scalarText
        }
    }

    private var scalarText: String {
        switch self {
        case .string(let s): Self.quote(s)
        case .int(let i): String(i)
        case .double(let d): d.isFinite ? "\(d)" : "null"
        case .bool(let b): b ? "true" : "false"
        case .null, .array, .object: "null"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .string, .int, .double, .bool, .null: true
        case .array, .object: false
        }
    }

    /// A JSON string (RFC 8259): `"` and `\` escaped, control characters as `\n`-style or
    /// `\u00XX` escapes; DEL, U+2028 and U+2029 escaped too, so the text is also safe to embed
    /// in JavaScript and shows no invisible line break.
    public static func quote(_ string: String) -> String {
        var out = "\""
        for c in string.unicodeScalars {
            switch c {
            case "\"": out += #"\""#
            case "\\": out += #"\\"#
            case "\n": out += #"\n"#
            case "\r": out += #"\r"#
            case "\t": out += #"\t"#
            case "\u{08}": out += #"\b"#
            case "\u{0C}": out += #"\f"#
            case _ where c.value < 0x20 || c.value == 0x7F || c.value == 0x2028 || c.value == 0x2029:
                let digits = String(c.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
