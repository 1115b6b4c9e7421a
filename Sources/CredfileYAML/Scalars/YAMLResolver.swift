/// Why go-yaml v3 refuses to decode a scalar; sops then fails the whole file
/// ("Error unmarshalling file", exit 2 in 3.11).
public struct ScalarDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// go-yaml's message, e.g. "cannot decode !!str `abc` as a !!int".
    public var message: String
    /// The message, as go-yaml prints it.
    public var description: String { message }

    /// An error carrying go-yaml's message.
    public init(message: String) { self.message = message }
}

/// go-yaml v3's scalar resolution, as sops uses it when it decodes each node into `interface{}`.
public enum YAMLResolver {
    /// go-yaml v3 `resolve()` plus its decoder's handling of styles and tags: quoted/block
    /// scalars and `!!str` are strings; plain scalars go through the resolve table (map of
    /// booleans/nulls/inf/nan, timestamp, ParseInt, ParseUint, YAML-style float, 0b/0o).
    /// A tagged scalar go-yaml cannot decode (`!!int abc`, bad `!!binary`) gives
    /// `.string(value)` here; use ``decode(_:)`` to detect those files, which sops rejects.
    public static func resolve(_ scalar: YAMLScalar) -> ResolvedScalar {
        (try? decode(scalar)) ?? .string(scalar.value)
    }

    /// Like ``resolve(_:)``, but throws where go-yaml's `Node.Decode` fails, as sops does.
    public static func decode(_ scalar: YAMLScalar) throws(ScalarDecodeError) -> ResolvedScalar {
        let tag = shortTag(scalar.tag)
        // resolve() returns any !!str scalar, plain or not, untouched.
        if tag == strTag { return .string(scalar.value) }
        // decoder.scalar: n.indicatedString() — a quoted or block scalar without a tag
        // defaults to !!str and is never resolved.
        if scalar.style != .plain, tag == nil { return .string(scalar.value) }
        guard let tag else { return resolveTable(scalar.value, timestamps: true) }
        if tag == "!!binary" { return try decodeBinary(scalar.value) }
        // resolvableTag(): any other tag (custom `!env`, `!!seq`, `!!merge` …) keeps the text.
        guard resolvableTags.contains(tag) else { return .string(scalar.value) }
        // Timestamps are only tried untagged or under !!timestamp (`!!int 2024-01-02` fails).
        let value = resolveTable(scalar.value, timestamps: tag == "!!timestamp")
        return try coerce(value, to: tag, text: scalar.value)
    }

    /// True when the key resolves to a string: sops rejects any other key ("Tree contains a
    /// non-string key"), including null, time and uint64 keys.
    public static func isStringKey(_ scalar: YAMLScalar) -> Bool {
        if case .string = try? decode(scalar) { return true }
        return false
    }

    static let strTag = "!!str"
    private static let resolvableTags: Set<String> = ["!!bool", "!!int", "!!float", "!!timestamp", "!!null"]

    // go-yaml's shortTag: "tag:yaml.org,2002:x" → "!!x". The non-specific tag "!" behaves as
    // no tag at all (parser.node ignores it).
    static func shortTag(_ tag: String?) -> String? {
        guard let tag, tag != "!" else { return nil }
        let long = "tag:yaml.org,2002:"
        return tag.hasPrefix(long) ? "!!" + tag.dropFirst(long.count) : tag
    }

    // The deferred check in resolve(): a tag must match the resolved type, except that an
    // int is converted for !!float.
    private static func coerce(_ value: ResolvedScalar, to tag: String, text: String) throws(ScalarDecodeError) -> ResolvedScalar {
        if tag == tagName(of: value) { return value }
        if tag == "!!float", case .int(let i) = value { return .float(Double(i)) }
        throw ScalarDecodeError(message: "cannot decode \(tagName(of: value)) `\(text)` as a \(tag)")
    }

    private static func tagName(of value: ResolvedScalar) -> String {
        switch value {
        case .null: return "!!null"
        case .bool: return "!!bool"
        case .int, .unsignedOverflow: return "!!int"
        case .float: return "!!float"
        case .timestamp: return "!!timestamp"
        case .string: return strTag
        }
    }

    // decoder.scalar for !!binary: base64.StdEncoding.DecodeString, then string(data).
    private static func decodeBinary(_ text: String) throws(ScalarDecodeError) -> ResolvedScalar {
        guard let bytes = GoBase64.decodeStd(text) else {
            throw ScalarDecodeError(message: "!!binary value contains invalid base64 data")
        }
        // A Go string may hold invalid UTF-8; Swift's cannot, so such bytes are replaced.
        return .string(String(decoding: bytes, as: UTF8.self))
    }
}
