// Integer parsing that mirrors Go's strconv.ParseUint / ParseInt with bitSize 64. Only success
// or failure matters to callers (go-yaml's resolve() tries the next rule on any error), so errors
// carry no detail. Underscores are rejected: resolve() strips them before calling, and Atoi
// (base 10) never allows them.
enum GoStrconv {
    /// strconv.ParseUint(s, base, 64); base 0 means "by prefix" (0x, 0o, 0b, leading 0 = octal).
    static func parseUint(_ s: Substring.UTF8View, base: Int) -> UInt64? {
        guard !s.isEmpty else { return nil }
        var digits = s
        var radix = base
        if base == 0 { (radix, digits) = prefixBase(s) }
        var n: UInt64 = 0
        for c in digits {
            guard let d = digitValue(c), d < radix else { return nil }
            let (mul, o1) = n.multipliedReportingOverflow(by: UInt64(radix))
            let (sum, o2) = mul.addingReportingOverflow(UInt64(d))
            if o1 || o2 { return nil }
            n = sum
        }
        return n
    }

    /// strconv.ParseInt(s, base, 64): an optional sign, then ParseUint of the rest, range-checked.
    static func parseInt(_ s: Substring.UTF8View, base: Int) -> Int64? {
        guard let first = s.first else { return nil }
        let negative = first == UInt8(ascii: "-")
        let body = (first == UInt8(ascii: "+") || negative) ? s.dropFirst() : s
        guard let magnitude = parseUint(body, base: base) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    // ParseUint's base-0 rule: a prefix counts only when at least one byte follows it
    // (`len(s) >= 3`), otherwise a leading 0 means octal and the 0 itself is dropped.
    private static func prefixBase(_ s: Substring.UTF8View) -> (Int, Substring.UTF8View) {
        guard s.first == UInt8(ascii: "0") else { return (10, s) }
        let rest = s.dropFirst()
        if s.count >= 3, let p = rest.first {
            switch p | 0x20 {
            case UInt8(ascii: "b"): return (2, rest.dropFirst())
            case UInt8(ascii: "o"): return (8, rest.dropFirst())
            case UInt8(ascii: "x"): return (16, rest.dropFirst())
            default: break
            }
        }
        return (8, rest)
    }

    // Go accepts 0-9 and letters of either case as digits up to base 36.
    private static func digitValue(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(c - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(c - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }

    /// strconv's underscoreOK: underscores only between digits, or between a base prefix and a
    /// digit (used by ParseFloat, which accepts Go literal syntax such as `1_000.5`).
    static func underscoreOK(_ s: Substring.UTF8View) -> Bool {
        var saw: UInt8 = UInt8(ascii: "^")
        var rest = s
        if let f = rest.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { rest = rest.dropFirst() }
        var hex = false
        let bytes = Array(rest)
        var i = 0
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "0"),
            [UInt8(ascii: "b"), UInt8(ascii: "o"), UInt8(ascii: "x")].contains(bytes[1] | 0x20)
        {
            i = 2
            saw = UInt8(ascii: "0")
            hex = bytes[1] | 0x20 == UInt8(ascii: "x")
        }
        while i < bytes.count {
            defer { i += 1 }
            let c = bytes[i]
            if isDigit(c) || (hex && isHexLetter(c)) {
                saw = UInt8(ascii: "0")
                continue
            }
            if c == UInt8(ascii: "_") {
                if saw != UInt8(ascii: "0") { return false }
                saw = UInt8(ascii: "_")
                continue
            }
            if saw == UInt8(ascii: "_") { return false }
            saw = UInt8(ascii: "!")
        }
        return saw != UInt8(ascii: "_")
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    static func isHexLetter(_ c: UInt8) -> Bool {
        let l = c | 0x20
        return l >= UInt8(ascii: "a") && l <= UInt8(ascii: "f")
    }
}
