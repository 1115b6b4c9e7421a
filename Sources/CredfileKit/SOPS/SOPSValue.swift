public import CredfileYAML

/// A leaf value as sops types it: what is encrypted, and what the MAC hashes.
///
/// The canonical text of each case is the exact byte string sops writes as plaintext and
/// feeds to the MAC (sops-format.md §1.2). Writing anything else is not merely cosmetic: sops
/// re-encrypts an unchanged value with the *same IV* after parsing it, so a non-canonical
/// plaintext would make it reuse a GCM nonce with a different plaintext (§6.4).
public enum SOPSValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case time(GoTime)

    /// Strings are equal only byte for byte: sops (Go) compares bytes, and a value set to its
    /// canonically equivalent twin (NFD over NFC) is a change that must be written (issue 13).
    public static func == (a: SOPSValue, b: SOPSValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): x.utf8.elementsEqual(y.utf8)
        case (.int(let x), .int(let y)): x == y
        case (.float(let x), .float(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.time(let x), .time(let y)): x == y
        default: false
        }
    }

    /// The `type:` name in an `ENC[…]` token.
    public var typeName: String {
        switch self {
        case .string: "str"
        case .int: "int"
        case .float: "float"
        case .bool: "bool"
        case .time: "time"
        }
    }

    /// The canonical plaintext (table §1.2): Go `strconv.Itoa`, `FormatFloat('f', -1)`,
    /// Title-case bools (a legacy of the Python sops), RFC 3339 with nanoseconds for times.
    public var canonicalText: String {
        switch self {
        case .string(let s): s
        case .int(let i): String(i)
        case .float(let d): GoFormat.formatFloat(d)
        case .bool(let b): b ? "True" : "False"
        case .time(let t): t.rfc3339Nano
        }
    }

    /// The bytes that are encrypted and hashed.
    public var canonicalBytes: [UInt8] { Array(canonicalText.utf8) }

    /// Parses a decrypted plaintext by its `type:` the way sops 3.11 does (Go `strconv.Atoi`,
    /// `ParseFloat`, `ParseBool`, `time.UnmarshalText`). Returns nil when the bytes do not
    /// parse as that type (sops fails such a file with exit 25).
    public static func decode(_ bytes: [UInt8], type: String) -> SOPSValue? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        switch type {
        case "str": return .string(text)
        case "int": return GoFormat.atoi(text).map { .int($0) }
        case "float": return GoFormat.parseFloat(text).map { .float($0) }
        case "bool": return GoFormat.parseBool(text).map { .bool($0) }
        case "time": return GoTime(rfc3339: text).map { .time($0) }
        default: return nil
        }
    }

    /// The value go-yaml v3 gives a scalar (sops-format.md §1.3). `nil` for null, which sops
    /// neither encrypts nor hashes.
    public init?(_ resolved: ResolvedScalar) throws {
        switch resolved {
        case .null: return nil
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .float(let d): self = .float(d)
        case .timestamp(let t): self = .time(t)
        case .string(let s): self = .string(s)
        case .unsignedOverflow:
            // sops: "Cannot walk value, unknown type: uint64" (exit 23).
            throw CredfileError(.cannotEncrypt, "integer is out of the signed 64-bit range sops supports")
        }
    }

    /// A YAML token that reads back as this value with this type (for decrypted output).
    public var yamlToken: String {
        switch self {
        case .string(let s): return YAMLScalarWriter.string(s)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .time(let t): return t.rfc3339Nano
        case .float(let d):
            if d.isNaN { return ".nan" }
            if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
            // Go's 'f' form of 1.0 is "1", which YAML would read back as an int; keep the type.
            let text = GoFormat.formatFloat(d)
            return text.contains(".") ? text : text + ".0"
        }
    }
}
