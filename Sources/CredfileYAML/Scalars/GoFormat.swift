/// Go `strconv` conversions whose exact output or acceptance sops depends on.
public enum GoFormat {
    /// `strconv.FormatFloat(f, 'f', -1, 64)`: shortest round-trip digits laid out positionally,
    /// never with an exponent; `NaN`, `+Inf`, `-Inf`, `-0` for the special values.
    public static func formatFloat(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0" }
        // Swift's description is the shortest round-trip form, like Go's Ryu-based shortest
        // mode; only its layout (exponent, trailing ".0") differs, so re-lay the digits.
        let (digits, point) = decimalDigits(of: value.magnitude)
        return sign + layOut(digits: digits, point: point)
    }

    /// `strconv.FormatFloat(f, 'g', -1, 64)`, how go-yaml writes a float, so what sops's
    /// `decrypt --extract` prints for one: the 'e' form (`6.02e+23`, `-2.5e-07`, `1e+06`) when the
    /// exponent is below -4 or at least 6 (Go's rule for the shortest precision), else the 'f' form.
    public static func formatFloatG(_ value: Double) -> String {
        if value.isNaN || value.isInfinite || value == 0 { return formatFloat(value) }
        let sign = value.sign == .minus ? "-" : ""
        let (digits, point) = decimalDigits(of: value.magnitude)
        let exp = point - 1
        guard exp < -4 || exp >= 6 else { return sign + layOut(digits: digits, point: point) }
        var mantissa = String(decoding: digits.prefix(1), as: UTF8.self)
        if digits.count > 1 { mantissa += "." + String(decoding: digits.dropFirst(), as: UTF8.self) }
        let magnitude = String(abs(exp))
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" : "") + magnitude
    }

    /// Digits (no leading or trailing zeros) and the position of the decimal point relative
    /// to the first digit, read from Swift's shortest `description` ("1.5e-07", "120.0").
    static func decimalDigits(of magnitude: Double) -> (digits: [UInt8], point: Int) {
        let text = Array(magnitude.description.utf8)
        let e = text.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = text[..<(e ?? text.count)]
        let exponent = e.map { Int(String(decoding: text[($0 + 1)...], as: UTF8.self)) ?? 0 } ?? 0
        var digits = mantissa.filter { $0 != UInt8(ascii: ".") }
        var point = (mantissa.firstIndex(of: UInt8(ascii: ".")) ?? mantissa.count) + exponent
        while digits.first == UInt8(ascii: "0") {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, point)
    }

    // The %f layout of Go's fmtF with the shortest digits: pad with zeros on whichever side
    // the decimal point falls outside the digits.
    private static func layOut(digits: [UInt8], point: Int) -> String {
        let zero = UInt8(ascii: "0")
        var out: [UInt8] = []
        if point <= 0 {
            out = [zero, UInt8(ascii: ".")] + Array(repeating: zero, count: -point) + digits
        } else if point >= digits.count {
            out = digits + Array(repeating: zero, count: point - digits.count)
        } else {
            out = Array(digits[..<point]) + [UInt8(ascii: ".")] + Array(digits[point...])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `strconv.Atoi` (sops decrypt of `type:int`): optional `+`/`-`, decimal digits only,
    /// int64 range; nil otherwise (`0x10`, `1_000`, `1.0` are errors in Go).
    public static func atoi(_ text: String) -> Int64? {
        GoStrconv.parseInt(text[...].utf8, base: 10)
    }

    /// `strconv.ParseBool`: exactly `1 t T TRUE true True` or `0 f F FALSE false False`.
    public static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }

    /// `strconv.ParseFloat(s, 64)`: Go float literal syntax (decimal or hex with a `p`
    /// exponent, underscores between digits), `inf`/`infinity`/`nan` in any case; nil on a
    /// syntax error or on overflow (Go's ErrRange), while underflow quietly gives 0.
    public static func parseFloat(_ text: String) -> Double? {
        let bytes = text[...].utf8
        if let special = parseSpecial(bytes) { return special }
        guard isGoFloatSyntax(bytes) else { return nil }
        // Syntax is settled; the conversion itself is Swift's correctly rounded strtod, which
        // agrees with Go's correctly rounded one once the underscores are gone.
        let cleaned = String(decoding: bytes.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        guard let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }

    // strconv's special(): an optional sign then "inf" or "infinity"; or "nan" with no sign.
    // Case is ignored. Anything else after the word is a syntax error, like Go's n != len(s).
    private static func parseSpecial(_ s: Substring.UTF8View) -> Double? {
        // Only A-Z are folded: `| 0x20` on other bytes could forge a sign (0x0B → '+').
        let lower = String(decoding: s.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        switch lower {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: return nil
        }
    }

    // strconv's readFloat, as a validator: sign, optional 0x, digits with at most one '.',
    // at least one digit, exponent `e` (decimal) or mandatory `p` (hex) with digits, and
    // underscores only where underscoreOK allows them. `| 0x20` is ASCII lower-casing; it
    // is only ever compared with letters.
    static func isGoFloatSyntax(_ s: Substring.UTF8View) -> Bool {
        let b = Array(s)
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        var hex = false
        if i + 1 < b.count, b[i] == UInt8(ascii: "0"), b[i + 1] | 0x20 == UInt8(ascii: "x") {
            hex = true
            i += 2
        }
        var sawDot = false, sawDigits = false, underscores = false
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "_") {
                underscores = true
            } else if c == UInt8(ascii: ".") {
                if sawDot { break }
                sawDot = true
            } else if GoStrconv.isDigit(c) || (hex && GoStrconv.isHexLetter(c)) {
                sawDigits = true
            } else {
                break
            }
            i += 1
        }
        guard sawDigits else { return false }
        let expChar = hex ? UInt8(ascii: "p") : UInt8(ascii: "e")
        if i < b.count, b[i] | 0x20 == expChar {
            guard let end = exponentEnd(b, from: i + 1, underscores: &underscores) else { return false }
            i = end
        } else if hex {
            return false
        }
        guard i == b.count else { return false }
        return !underscores || GoStrconv.underscoreOK(s)
    }

    // The exponent of readFloat: optional sign, then a digit, then digits or underscores.
    private static func exponentEnd(_ b: [UInt8], from start: Int, underscores: inout Bool) -> Int? {
        var i = start
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < b.count, GoStrconv.isDigit(b[i]) else { return nil }
        while i < b.count, GoStrconv.isDigit(b[i]) || b[i] == UInt8(ascii: "_") {
            if b[i] == UInt8(ascii: "_") { underscores = true }
            i += 1
        }
        return i
    }
}
