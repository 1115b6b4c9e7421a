import CredfileYAML
import CredfileTestSupport
import Testing

@Suite struct GoFormatTests {
    /// sops-format.md §1.2 / §12 fact 4 examples, plus Go 'f', -1 facts: never an exponent,
    /// shortest digits padded with zeros, "-0", "NaN", "+Inf", "-Inf".
    static let floatExamples: [(Double, String)] = [
        (1.5, "1.5"), (0.000001, "0.000001"), (1e21, "1000000000000000000000"), (-0.0, "-0"),
        (Double.nan, "NaN"), (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (1.0, "1"),
        (0.0, "0"), (1e-7, "0.0000001"), (0.1 + 0.2, "0.30000000000000004"), (100, "100"),
        (123456.789, "123456.789"), (-2.5e-3, "-0.0025"), (1e23, "100000000000000000000000"),
        (Double.leastNonzeroMagnitude, "0." + String(repeating: "0", count: 323) + "5"),
        (1.7976931348623157e308, "17976931348623157" + String(repeating: "0", count: 292)),
        (2.2250738585072014e-308, "0." + String(repeating: "0", count: 307) + "22250738585072014"),
        (Double(1 << 53), "9007199254740992"), (0.5, "0.5"),
    ]

    @Test(arguments: GoFormatTests.floatExamples)
    func formatFloatExamples(value: Double, expected: String) {
        #expect(GoFormat.formatFloat(value) == expected)
    }

    /// Go's `strconv.FormatFloat(f, 'g', -1, 64)` (go-yaml's float form, what `sops decrypt
    /// --extract` prints): issue 13's differential suite found credfile printing
    /// 602000000000000000000000 where sops prints 6.02e+23.
    @Test func formatFloatGMatchesGo() {
        let examples: [(Double, String)] = [
            (6.02e23, "6.02e+23"), (-2.5e-7, "-2.5e-07"), (1e6, "1e+06"), (123456.0, "123456"), (1234567.5, "1.2345675e+06"),
            (0.0001, "0.0001"), (0.00001, "1e-05"), (3.25, "3.25"), (1.0, "1"), (-0.125, "-0.125"), (1e21, "1e+21"),
            (1e100, "1e+100"), (0.0, "0"), (12345.678, "12345.678"),
        ]
        for (value, expected) in examples { #expect(GoFormat.formatFloatG(value) == expected, "\(value)") }
    }

    /// A property over random doubles of every magnitude (including subnormals): the text
    /// parses back to the same bits, has no exponent, and no shorter digit string would do.
    @Test func formatFloatRoundTripsWithShortestDigits() {
        var rng = SplitMix64(seed: 0x5EED_F00D)
        for i in 0..<4000 {
            // Alternate raw bit patterns (every exponent, subnormals) with everyday decimals.
            let bits = rng.next()
            let x = i.isMultiple(of: 2) ? Double(bitPattern: bits) : Double(bits % 10_000_000) / 1000
            guard x.isFinite else { continue }
            let text = GoFormat.formatFloat(x)
            #expect(!text.contains("e") && !text.contains("E"))
            #expect(Double(text)?.bitPattern == x.bitPattern, "\(x) → \(text)")
            #expect(isShortest(text, of: x), "\(x) → \(text)")
        }
    }

    /// Independent shortness check: with n significant digits, neither of the two nearest
    /// (n-1)-digit decimals may parse back to x.
    private func isShortest(_ text: String, of x: Double) -> Bool {
        let digits = text.filter(\.isNumber).drop { $0 == "0" }
        let significant = String(digits.reversed().drop { $0 == "0" }.reversed())
        guard significant.count > 1 else { return true }
        let scientific = x.magnitude.formatted(significantDigits: significant.count - 1)
        return scientific.allSatisfy { Double($0) != x.magnitude }
    }

    /// strconv.Atoi: sign and decimal digits only, int64 range.
    static let atoiValid: [(String, Int64)] = [
        ("5", 5), ("+5", 5), ("-5", -5), ("007", 7), ("9223372036854775807", .max),
        ("-9223372036854775808", .min), ("0", 0),
    ]

    @Test(arguments: GoFormatTests.atoiValid)
    func atoiAccepts(text: String, value: Int64) {
        #expect(GoFormat.atoi(text) == value)
    }

    @Test(arguments: ["", "+", "-", "0x10", "1_000", "1.0", " 1", "1 ", "9223372036854775808",
                      "-9223372036854775809", "1e3", "٣"])
    func atoiRejects(text: String) {
        #expect(GoFormat.atoi(text) == nil)
    }

    /// strconv.ParseFloat(s, 64): Go literal syntax incl. hex, underscores between digits,
    /// inf/infinity/nan in any case; overflow is an error, underflow is not.
    static let floatTexts: [(String, Double)] = [
        ("1.50", 1.5), ("1e3", 1000), ("1E3", 1000), (".5", 0.5), ("1.", 1), ("+1.5", 1.5), ("-0", -0.0),
        ("0x1p-2", 0.25), ("0X1.8P1", 3), ("0x.8p1", 1), ("0x_1p0", 1), ("1_000.5", 1000.5), ("1e1_0", 1e10),
        ("inf", .infinity), ("+Inf", .infinity), ("-INFINITY", -.infinity), ("Infinity", .infinity),
        ("1e-400", 0), ("4.9e-324", Double.leastNonzeroMagnitude), ("1.7976931348623157e308", 1.7976931348623157e308),
        ("0.30000000000000004", 0.30000000000000004), ("007", 7),
    ]

    @Test(arguments: GoFormatTests.floatTexts)
    func parseFloatAccepts(text: String, value: Double) {
        #expect(GoFormat.parseFloat(text)?.bitPattern == value.bitPattern)
    }

    @Test func parseFloatNaN() {
        #expect(GoFormat.parseFloat("nan")?.isNaN == true)
        #expect(GoFormat.parseFloat("NaN")?.isNaN == true)
    }

    @Test(arguments: [
        "", ".", "e3", "1e", "1e+", "0x1", "0x", "0x1.8", "1_", "_1", "1__0", "1._5", "1e_1", "+nan", "-nan",
        "infin", "infinityy", "1e400", "-1e400", "0x1p1024", " 1", "1 ", "1.5.5", "1,5", "\u{0B}inf", "nan(1)",
        "1f", "0b101", "0o17",
    ])
    func parseFloatRejects(text: String) {
        #expect(GoFormat.parseFloat(text) == nil)
    }

    /// strconv.ParseBool accepts exactly twelve spellings.
    static let boolTexts: [(String, Bool)] = [("1", true), ("t", true), ("T", true), ("TRUE", true), ("true", true), ("True", true),
                      ("0", false), ("f", false), ("F", false), ("FALSE", false), ("false", false), ("False", false)]

    @Test(arguments: GoFormatTests.boolTexts)
    func parseBoolAccepts(text: String, value: Bool) {
        #expect(GoFormat.parseBool(text) == value)
    }

    @Test(arguments: ["yes", "tRUE", "on", "", " true", "2", "y"])
    func parseBoolRejects(text: String) {
        #expect(GoFormat.parseBool(text) == nil)
    }
}

extension Double {
    /// The two decimals with `n` significant digits nearest to self (rounded down and up),
    /// as scientific-notation text, built from exact integer arithmetic on the digit string.
    func formatted(significantDigits n: Int) -> [String] {
        let text = GoFormat.formatFloat(self)
        let all = Array(text.filter(\.isNumber))
        guard let firstNonZero = all.firstIndex(where: { $0 != "0" }) else { return [] }
        let intDigits = text.split(separator: ".").first!.count
        let exponent = intDigits - firstNonZero - 1
        let kept = String(all[firstNonZero..<(firstNonZero + n)])
        guard let down = UInt64(kept) else { return [] }
        let up = down + 1
        return ["\(down)e\(exponent - n + 1)", "\(up)e\(exponent - n + 1)"]
    }
}
