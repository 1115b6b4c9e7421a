import CredfileYAML
import Testing

/// Strings that are easy to get wrong when written as YAML tokens (shared with the peer test).
let trickyStrings: [String] = [
    "", " ", "  lead", "trail ", "a: b", "a:", "a :b", "a #b", "a#b", "#x", "-x", "- x", "-", "--", "---", "...x",
    "?", "?x", "? x", ":", ":x", "[", "]x", "{", "}", "a,b", ",a", "'", "'q'", "\"", "a\"b", "\\", "a\\b", "@", "`",
    "%", "%x", "!", "!x", "&", "&a", "*", "*a", "|", ">", "true", "True", "TRUE", "false", "null", "Null", "~",
    "123", "-1", "+1", "0x1F", "0o17", "0b101", "017", "08", "1_000", "1e3", "1.5", ".5", ".inf", "-.inf", ".nan",
    "2024-01-02", "2024-1-2", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "yes", "no", "on", "off",
    "y", "n", "Y", "12:30", "1:20:30", "<<", "hunter2", "p@ss w0rd!", "héllo", "日本語", "🔑 key", "a\tb", "\t",
    "line1\nline2", "line1\n", "a\r\nb", "\r", "a\0b", "\u{07}\u{1B}\u{7F}", "\u{85}", "\u{A0}x", "x\u{A0}",
    "a\u{2028}b", "\u{2029}", "\u{FEFF}bom", "\u{FFFE}", "\u{10FFFF}", "http://example.com/a?b=c#frag",
    "ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]", "-----BEGIN KEY-----", "a  b", "1e400", "18446744073709551615",
    String(repeating: "long value ", count: 300),
]

@Suite struct ScalarWriterTests {
    /// A plain token must read back through the resolver as the same string.
    @Test(arguments: trickyStrings)
    func plainTokensResolveToThemselves(value: String) {
        let token = YAMLScalarWriter.string(value)
        if !token.hasPrefix("\"") {
            #expect(token == value)
            #expect(YAMLResolver.resolve(YAMLScalar(token)) == .string(value))
        }
        #expect(!token.contains("\n") && !token.contains("\r"))
    }

    /// Rules stated in sops-format.md §3.1 ("quote every unencrypted string that could be read
    /// as non-string") and YAML syntax: these must not be plain.
    @Test(arguments: ["", " x", "x ", "a: b", "a #b", "#x", "- x", "true", "123", "0x1F", "1e3", ".inf",
                      "2024-01-02", "~", "null", "yes", "y", "12:30", "<<", "a\tb", "a\nb", "'q'", "\"", "!x",
                      "&a", "*a", "|", ">", "%x", "@", "`", "---", "\u{FEFF}bom", "a\u{2028}b", "a:"])
    func mustBeQuoted(value: String) {
        #expect(YAMLScalarWriter.string(value).hasPrefix("\""))
    }

    @Test(arguments: ["hunter2", "p@ss-w0rd", "héllo", "日本語", "a,b", "-x", "a#b", "http://x.y/z", "a  b"])
    func staysPlain(value: String) {
        #expect(YAMLScalarWriter.string(value) == value)
    }

    /// YAML double-quoted escapes (YAML 1.2 §5.7) for the characters that cannot stay raw.
    static let escapes: [(String, String)] = [
        ("\"b", #""\"b""#), (" \\", #"" \\""#), ("a\nb", #""a\nb""#), ("\t", #""\t""#), ("\r", #""\r""#),
        ("\0", #""\0""#), ("\u{1B}", #""\x1B""#), ("\u{7F}", #""\x7F""#), ("\u{85}", #""\x85""#),
        ("\u{2028}", #""\u2028""#), ("\u{FEFF}", #""\uFEFF""#), (" é ", #"" é ""#), ("🔑:", #""🔑:""#),
    ]

    @Test(arguments: ScalarWriterTests.escapes)
    func doubleQuotedEscapes(value: String, token: String) {
        #expect(YAMLScalarWriter.string(value) == token)
    }

    @Test func keysFollowTheSameRule() {
        #expect(YAMLScalarWriter.key("db_password") == "db_password")
        #expect(YAMLScalarWriter.key("y") == "\"y\"")  // sops itself re-emits `"y":` (§1.3)
        #expect(YAMLScalarWriter.key("1") == "\"1\"")
    }
}
