import CredfileYAML
import Testing

/// One row: how a scalar is written, the sops `type:` it gets (nil = null, left unencrypted)
/// and the canonical plaintext sops hashes and encrypts.
struct ResolveRow: Sendable, CustomTestStringConvertible {
    var scalar: YAMLScalar
    var type: String?
    var plaintext: String?
    var testDescription: String { "\(scalar.tag.map { $0 + " " } ?? "")\(scalar.value) [\(scalar.style)]" }

    init(_ value: String, _ style: YAMLScalar.Style, tag: String?, _ type: String?, _ plaintext: String?) {
        scalar = YAMLScalar(value, style: style, tag: tag)
        self.type = type
        self.plaintext = plaintext
    }

    init(_ value: String, _ type: String?, _ plaintext: String?) {
        self.init(value, .plain, tag: nil, type, plaintext)
    }

    init(_ value: String, _ style: YAMLScalar.Style, _ type: String?, _ plaintext: String?) {
        self.init(value, style, tag: nil, type, plaintext)
    }

    init(_ value: String, tag: String, _ type: String?, _ plaintext: String?) {
        self.init(value, .plain, tag: tag, type, plaintext)
    }
}

/// sops-format.md §1.3 (verified against sops 3.11), row by row, plus the §3.1 and §12 examples.
let documentedRows: [ResolveRow] = [
    // string → str, as written
    .init("hunter2", "str", "hunter2"),
    .init("123", .doubleQuoted, "str", "123"),
    .init("True", .singleQuoted, "str", "True"),
    .init("yes", "str", "yes"), .init("No", "str", "No"), .init("on", "str", "on"),
    .init("12:30", "str", "12:30"),
    .init("123", tag: "tag:yaml.org,2002:str", "str", "123"),
    // int → canonical decimal
    .init("8080", "int", "8080"), .init("-0", "int", "0"), .init("017", "int", "15"),
    .init("0o17", "int", "15"), .init("0x1F", "int", "31"), .init("0b101", "int", "5"),
    .init("1_000", "int", "1000"),
    // float → FormatFloat 'f', -1
    .init("1.5", "float", "1.5"), .init("1.50", "float", "1.5"), .init("1.", "float", "1"),
    .init(".5", "float", "0.5"), .init("+.5", "float", "0.5"), .init("1e3", "float", "1000"),
    .init("1.0e+21", "float", "1000000000000000000000"), .init("08", "float", "8"),
    .init(".inf", "float", "+Inf"), .init("-.inf", "float", "-Inf"), .init(".nan", "float", "NaN"),
    .init("-0.0", "float", "-0"), .init("1.0e-06", "float", "0.000001"),
    // bool → True/False
    .init("true", "bool", "True"), .init("True", "bool", "True"), .init("TRUE", "bool", "True"),
    .init("false", "bool", "False"), .init("False", "bool", "False"), .init("FALSE", "bool", "False"),
    // time → RFC 3339 nano
    .init("2024-01-02", "time", "2024-01-02T00:00:00Z"), .init("2024-1-2", "time", "2024-01-02T00:00:00Z"),
    .init("2024-01-01", "time", "2024-01-01T00:00:00Z"),
    .init("2001-12-14T21:59:43.10-05:00", "time", "2001-12-14T21:59:43.1-05:00"),
    .init("2001-12-14t21:59:43.10-05:00", "time", "2001-12-14T21:59:43.1-05:00"),
    .init("2001-12-14 21:59:43.10 -5", "str", "2001-12-14 21:59:43.10 -5"),
    // null: not encrypted, not hashed
    .init("~", nil, nil), .init("null", nil, nil), .init("Null", nil, nil), .init("NULL", nil, nil),
    .init("", nil, nil),
    .init("aGVsbG8=", tag: "tag:yaml.org,2002:binary", "str", "hello"),
    .init("9223372036854775807", "int", "9223372036854775807"),
    .init("-9223372036854775808", "int", "-9223372036854775808"),
    .init("1e400", "str", "1e400"),
]

/// Rows derived from the Go source semantics named in each comment (and re-checked against
/// sops 3.11 by ResolverPeerTests).
let goSemanticsRows: [ResolveRow] = [
    // ParseInt base 0: prefixes in either case, a sign before the prefix, "0" alone.
    .init("0B101", "int", "5"), .init("0X1f", "int", "31"), .init("-0x10", "int", "-16"),
    .init("+0x10", "int", "16"), .init("0", "int", "0"), .init("+17", "int", "17"), .init("+017", "int", "15"),
    // go-yaml's explicit 0b/0o fallback calls ParseInt(rest, 2|8), which allows a sign.
    .init("0b+101", "int", "5"), .init("0b-101", "int", "-5"), .init("0o-17", "int", "-15"),
    .init("-0b-101", "str", "-0b-101"),
    // Underscores are removed everywhere before numeric parsing.
    .init("1_", "int", "1"), .init("0x_1F", "int", "31"), .init("1__2.5", "float", "12.5"),
    .init("0_8", "float", "8"), .init("_1", "str", "_1"),
    // Out of int64 range: ParseInt fails, the float regex still matches decimals, and
    // FormatFloat pads the 16–17 shortest digits with zeros.
    .init("-9223372036854775809", "float", "-9223372036854776000"),
    .init("18446744073709551616", "float", "18446744073709552000"),
    .init("0x10000000000000000", "str", "0x10000000000000000"),
    // '.' hint: ParseFloat on the raw text (underscores allowed by Go literal syntax).
    .init(".5_0", "float", "0.5"), .init(".5e400", "str", ".5e400"), .init("1e-400", "float", "0"),
    // ParseFloat would take these, but they never reach it (hint 0, or the regex fails).
    .init("infinity", "str", "infinity"), .init("+inf", "str", "+inf"), .init("0x1p-2", "str", "0x1p-2"),
    .init("nan", "str", "nan"), .init("0x", "str", "0x"), .init("0o", "str", "0o"),
    // Map words only in the listed spellings.
    .init("tRUE", "str", "tRUE"), .init("nULL", "str", "nULL"), .init(".iNf", "str", ".iNf"),
    .init("+.Inf", "float", "+Inf"), .init("<<", "str", "<<"),
    // time.Parse details: 1–2 digit fields, ',' fraction, runs of spaces, truncation at 9
    // fraction digits, +00:00 → Z, zone needed with 'T', range checks, leap years.
    .init("2024-1-2T1:2:3Z", "time", "2024-01-02T01:02:03Z"),
    .init("2024-01-02T10:00:00,5Z", "time", "2024-01-02T10:00:00.5Z"),
    .init("2024-01-02   10:00:00", "time", "2024-01-02T10:00:00Z"),
    .init("2024-01-02 10:00:00.5", "time", "2024-01-02T10:00:00.5Z"),
    .init("2024-01-01T00:00:00.1234567891+01:00", "time", "2024-01-01T00:00:00.123456789+01:00"),
    .init("2024-01-01T00:00:00+00:00", "time", "2024-01-01T00:00:00Z"),
    .init("2024-01-01T00:00:00-00:00", "time", "2024-01-01T00:00:00Z"),
    .init("2024-02-29", "time", "2024-02-29T00:00:00Z"), .init("2023-02-29", "str", "2023-02-29"),
    .init("2000-02-29", "time", "2000-02-29T00:00:00Z"), .init("1900-02-29", "str", "1900-02-29"),
    .init("2024-01-02T10:00:00", "str", "2024-01-02T10:00:00"),
    .init("2024-01-02T10:00:00z", "str", "2024-01-02T10:00:00z"),
    .init("2024-01-02T24:00:00Z", "str", "2024-01-02T24:00:00Z"),
    .init("2024-01-02T10:00:60Z", "str", "2024-01-02T10:00:60Z"),
    .init("2024-01-02T10:00:00.+01:00", "str", "2024-01-02T10:00:00.+01:00"),
    .init("2024-01-02 10:00:00 +01:00", "str", "2024-01-02 10:00:00 +01:00"),
    .init("2024-01-02 10:00", "str", "2024-01-02 10:00"),
    .init("12024-01-02", "str", "12024-01-02"), .init("2024-001-02", "str", "2024-001-02"),
    .init("0000-01-01", "time", "0000-01-01T00:00:00Z"),
    .init("9999-12-31T23:59:59.999999999-00:00", "time", "9999-12-31T23:59:59.999999999Z"),
    .init("1969-12-31T23:59:59.5+05:30", "time", "1969-12-31T23:59:59.5+05:30"),
    // Quoted and block scalars are strings whatever they contain.
    .init("true", .literal, "str", "true"), .init("1.5", .folded, "str", "1.5"),
    .init("~", .singleQuoted, "str", "~"), .init("", .doubleQuoted, "str", ""),
    // Tags: the non-specific "!" is no tag; explicit tags resolve even on quoted text;
    // !!float converts ints; unresolvable tags keep the text.
    .init("123", tag: "!", "int", "123"),
    .init("123", .doubleQuoted, tag: "!", "str", "123"),
    .init("12", .doubleQuoted, tag: "tag:yaml.org,2002:int", "int", "12"),
    .init("1", tag: "tag:yaml.org,2002:float", "float", "1"),
    .init("-0b11", tag: "tag:yaml.org,2002:float", "float", "-3"),
    .init("2024-01-02", .singleQuoted, tag: "tag:yaml.org,2002:timestamp", "time", "2024-01-02T00:00:00Z"),
    .init("~", tag: "tag:yaml.org,2002:null", nil, nil),
    .init("~", tag: "!!str", "str", "~"),
    .init("FOO", tag: "!env", "str", "FOO"),
    .init("x", tag: "tag:yaml.org,2002:seq", "str", "x"),
    .init("aGVs\nbG8=", .literal, tag: "tag:yaml.org,2002:binary", "str", "hello"),
]

@Suite struct ResolverTableTests {
    @Test(arguments: documentedRows + goSemanticsRows)
    func resolvesLikeGoYAML(row: ResolveRow) throws {
        let resolved = try YAMLResolver.decode(row.scalar)
        #expect(resolved.sopsType == row.type)
        #expect(resolved.canonicalPlaintext == row.plaintext)
        #expect(YAMLResolver.resolve(row.scalar) == resolved)
    }

    /// uint64 values resolve, but sops refuses them ("unknown type: uint64").
    @Test(arguments: ["18446744073709551615", "9223372036854775808", "0x8000000000000000",
                      "0o1777777777777777777777", "0b" + String(repeating: "1", count: 64)])
    func unsignedOverflow(text: String) {
        #expect(YAMLResolver.resolve(YAMLScalar(text)) == .unsignedOverflow(text))
        #expect(YAMLResolver.resolve(YAMLScalar(text)).canonicalPlaintext == nil)
    }

    /// go-yaml's deferred tag check fails these, so sops rejects the file.
    @Test(arguments: [
        ("abc", "tag:yaml.org,2002:int"), ("foo", "tag:yaml.org,2002:null"), ("yes", "tag:yaml.org,2002:bool"),
        ("abc", "tag:yaml.org,2002:float"), ("1.5", "tag:yaml.org,2002:int"),
        ("2024-13-01", "tag:yaml.org,2002:timestamp"), ("0x1p-2", "tag:yaml.org,2002:float"),
        ("18446744073709551615", "tag:yaml.org,2002:float"), ("1e400", "tag:yaml.org,2002:float"),
        ("aGVs bG8=", "tag:yaml.org,2002:binary"), ("%%%", "tag:yaml.org,2002:binary"),
        ("2024-01-02", "tag:yaml.org,2002:int"),
    ])
    func undecodableTaggedScalars(text: String, tag: String) {
        let scalar = YAMLScalar(text, tag: tag)
        #expect(throws: ScalarDecodeError.self) { try YAMLResolver.decode(scalar) }
        #expect(YAMLResolver.resolve(scalar) == .string(text))
        #expect(!YAMLResolver.isStringKey(scalar))
    }

    @Test func decodeErrorMessageMatchesGoYAML() {
        // go-yaml: failf("cannot decode %s `%s` as a %s", shortTag(rtag), in, shortTag(tag)).
        #expect(throws: ScalarDecodeError(message: "cannot decode !!str `abc` as a !!int")) {
            try YAMLResolver.decode(YAMLScalar("abc", tag: "tag:yaml.org,2002:int"))
        }
    }

    /// §1.3 "Keys must be strings": `1`, `true`, `~`, dates, floats, uint64 are rejected by sops;
    /// `yes`, `y`, `on`, quoted and `!!str` keys are strings.
    @Test(arguments: [
        (YAMLScalar("1"), false), (YAMLScalar("true"), false), (YAMLScalar("~"), false),
        (YAMLScalar("2024-01-02"), false), (YAMLScalar("1.5"), false), (YAMLScalar("0x10"), false),
        (YAMLScalar("18446744073709551615"), false), (YAMLScalar(""), false),
        (YAMLScalar("yes"), true), (YAMLScalar("y"), true), (YAMLScalar("on"), true), (YAMLScalar("<<"), true),
        (YAMLScalar("1", style: .doubleQuoted), true), (YAMLScalar("1", tag: "tag:yaml.org,2002:str"), true),
        (YAMLScalar("db_password"), true),
    ])
    func stringKeys(key: YAMLScalar, isString: Bool) {
        #expect(YAMLResolver.isStringKey(key) == isString)
    }

    @Test func floatEqualityIsByBitPattern() {
        #expect(ResolvedScalar.float(.nan) == .float(.nan))
        #expect(ResolvedScalar.float(-0.0) != .float(0.0))
        #expect(ResolvedScalar.int(1) != .float(1))
    }
}
