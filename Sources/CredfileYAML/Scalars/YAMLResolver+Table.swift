extension YAMLResolver {
    /// The body of go-yaml v3 `resolve()` for a resolvable (or absent) tag other than !!str:
    /// the first byte picks a hint, the fixed map is consulted, then by hint a float ('.'),
    /// or timestamp / int / uint / float / 0b / 0o (digits and signs). Anything else is a string.
    static func resolveTable(_ text: String, timestamps: Bool) -> ResolvedScalar {
        // The fixed map covers "" (null) and every hint-'M' word, so a miss there for
        // yYnNtTfFoO~ or any other first byte is a plain string.
        if let fixed = fixedMap[text] { return fixed }
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "."):
            // Not in the map, so maybe a normal float: plain ParseFloat on the text as is.
            if let f = GoFormat.parseFloat(text) { return .float(f) }
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if let number = resolveNumber(text, timestamps: timestamps) { return number }
        default:
            break
        }
        return .string(text)
    }

    // resolveMapList of go-yaml v3. "<<" (the merge tag) is left out: decoded into
    // interface{} it is just the string "<<".
    static let fixedMap: [String: ResolvedScalar] = {
        var map: [String: ResolvedScalar] = [:]
        for word in ["true", "True", "TRUE"] { map[word] = .bool(true) }
        for word in ["false", "False", "FALSE"] { map[word] = .bool(false) }
        for word in ["", "~", "null", "Null", "NULL"] { map[word] = .null }
        for word in [".nan", ".NaN", ".NAN"] { map[word] = .float(.nan) }
        for word in [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"] { map[word] = .float(.infinity) }
        for word in ["-.inf", "-.Inf", "-.INF"] { map[word] = .float(-.infinity) }
        return map
    }()

    // The 'D'/'S' branch of resolve(), in go-yaml's order.
    private static func resolveNumber(_ text: String, timestamps: Bool) -> ResolvedScalar? {
        if timestamps, let t = GoTimeParser.parseYAMLTimestamp(text[...].utf8) { return .timestamp(t) }
        // Underscores are dropped before every numeric attempt (strings.Replace(in, "_", "")).
        let plain = String(decoding: text.utf8.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        let bytes = plain[...].utf8
        if let i = GoStrconv.parseInt(bytes, base: 0) { return .int(i) }
        if GoStrconv.parseUint(bytes, base: 0) != nil { return .unsignedOverflow(text) }
        if isYAMLStyleFloat(bytes), let f = GoFormat.parseFloat(plain) { return .float(f) }
        return prefixedInteger(bytes, text: text)
    }

    // The explicit 0b/-0b/0o/-0o fallbacks. They only matter where base-0 parsing failed,
    // and they call ParseInt with an explicit base, which accepts a sign after the prefix:
    // go-yaml reads `0b+101` as 5 and `0o-17` as -15 (confirmed against sops 3.11).
    private static func prefixedInteger(_ b: Substring.UTF8View, text: String) -> ResolvedScalar? {
        for (prefix, base) in [("0b", 2), ("0o", 8)] {
            let p = prefix.utf8
            if b.starts(with: p) {
                let rest = b.dropFirst(2)
                if let i = GoStrconv.parseInt(rest, base: base) { return .int(i) }
                if GoStrconv.parseUint(rest, base: base) != nil { return .unsignedOverflow(text) }
            } else if b.starts(with: ("-" + prefix).utf8) {
                let digits = "-" + String(decoding: b.dropFirst(3), as: UTF8.self)
                if let i = GoStrconv.parseInt(digits[...].utf8, base: base) { return .int(i) }
            }
        }
        return nil
    }

    // yamlStyleFloat = ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ by hand (no regex
    // engine in the hot path).
    static func isYAMLStyleFloat(_ s: Substring.UTF8View) -> Bool {
        var rest = s[...]
        func digits() -> Int {
            let n = rest.prefix(while: GoStrconv.isDigit).count
            rest = rest.dropFirst(n)
            return n
        }
        func take(_ set: String) -> Bool {
            guard let f = rest.first, set.utf8.contains(f) else { return false }
            rest = rest.dropFirst()
            return true
        }
        _ = take("+-")
        if take(".") {
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if take(".") { _ = digits() }
        }
        if take("eE") {
            _ = take("+-")
            guard digits() > 0 else { return false }
        }
        return rest.isEmpty
    }
}
