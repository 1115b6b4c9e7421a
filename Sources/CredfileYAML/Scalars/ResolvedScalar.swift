/// A scalar's value as go-yaml v3 resolves it when decoding into `interface{}` the way sops does.
public enum ResolvedScalar: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    /// Compared by bit pattern, so `NaN == NaN` and `-0 != 0` (their sops plaintexts differ).
    case float(Double)
    case timestamp(GoTime)
    case string(String)
    /// Fits uint64 but not int64: sops fails on it ("Cannot walk value, unknown type: uint64").
    case unsignedOverflow(String)

    /// Equality as sops sees it: two values are the same when they serialise to the same bytes.
    public static func == (lhs: ResolvedScalar, rhs: ResolvedScalar) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        // Bit patterns: NaN must equal itself and -0 must differ from 0.
        case (.float(let a), .float(let b)): return a.bitPattern == b.bitPattern
        case (.timestamp(let a), .timestamp(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.unsignedOverflow(let a), .unsignedOverflow(let b)): return a == b
        default: return false
        }
    }

    /// The `type:` sops writes into `ENC[…]` for this value; nil for null (never encrypted)
    /// and for uint64 (sops refuses it).
    public var sopsType: String? {
        switch self {
        case .null, .unsignedOverflow: return nil
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .timestamp: return "time"
        case .string: return "str"
        }
    }

    /// The canonical plaintext sops encrypts and hashes into the MAC (sops-format.md §1.2,
    /// sops `ToBytes`): nil where sops has none (null) or fails (uint64, a time that Go's
    /// `MarshalText` rejects).
    public var canonicalPlaintext: String? {
        switch self {
        case .null, .unsignedOverflow: return nil
        // Title case: a legacy of the Python sops that Go sops kept.
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let f): return GoFormat.formatFloat(f)
        case .timestamp(let t): return t.marshalText
        case .string(let s): return s
        }
    }
}
