@testable import LinearRegex
import CredfileTestSupport
import Foundation
import Testing

/// The linear-time engine that replaced Swift `Regex` for patterns from untrusted files:
/// every construct by table, agreement with Swift `Regex`, Python `re` and `regress` on
/// generated patterns, the classic catastrophic-backtracking patterns, and its refusals.
@Suite struct LinearRegexTests {
    struct Row: Sendable, CustomStringConvertible {
        var pattern: String
        var text: String
        var expected: Bool
        var dialect: LinearRegex.Dialect = .re2
        var description: String { "\(pattern.debugDescription) in \(text.debugDescription) [\(dialect)]" }
    }

    static func row(_ pattern: String, _ text: String, _ expected: Bool, _ dialect: LinearRegex.Dialect = .re2) -> Row {
        Row(pattern: pattern, text: text, expected: expected, dialect: dialect)
    }

    static let table: [Row] = [
        // Search, empty pattern, empty alternatives.
        row("", "", true), row("", "abc", true), row("abc", "xxabcxx", true), row("abc", "ab", false),
        row("^$", "", true), row("^$", "a", false), row("^$", "\n", false),
        row("a|", "zzz", true), row("|a", "", true), row("^(a|)$", "", true), row("^(a|)$", "a", true),
        row("^(a|)$", "aa", false), row("^(|a)+$", "aa", true), row("^()*$", "", true),
        // `.`, `^`, `$` and newlines: `$` is the end of the text only, never before a final `\n`.
        row("^.$", "a", true), row("^.$", "\n", false), row("a.c", "a\nc", false), row("a$", "a\n", false),
        row("a\\n$", "a\n", true), row("^a", "\na", false), row("a$|b", "a\nb", true), row("a^b", "ab", false),
        row("^^a$$", "a", true), row("(^a|b)c", "xac", false), row("(^a|b)c", "xbc", true),
        row("^.$", "\r", true), row("^.$", "\r", false, .ecma), row("^.$", "\u{2028}", true),
        row("^.$", "\u{2028}", false, .ecma), row("^.$", "\u{85}", true, .ecma),
        // Unicode scalars, not grapheme clusters.
        row("^.$", "é", true), row("^.$", "e\u{301}", false), row("^..$", "e\u{301}", true), row("^.$", "😀", true),
        row("é", "café", true), row("é", "cafe\u{301}", false), row("😀+", "x😀😀", true), row("^[^a]$", "😀", true),
        // Escapes.
        row("\\.", "a", false), row("\\.", ".", true),
        row("^\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\/\\\\$", "*+?()[]{}|^$/\\", true),
        row("\\t\\n\\r", "\t\n\r", true), row("^\\f\\v$", "\u{0C}\u{0B}", true), row("\\x41\\x7e", "A~", true),
        row("\\d", "x5", true), row("\\d", "٣", false), row("^\\D+$", "ab", true), row("^\\D+$", "a1", false),
        row("\\w", "_", true), row("\\w", "é", false), row("^\\W$", "é", true), row("^\\W$", "a", false),
        row("\\s", "a b", true), row("^\\S+$", "ab", true), row("^\\S+$", "a b", false),
        row("\\s", "\u{0B}", false), row("\\s", "\u{0B}", true, .ecma), row("\\s", "\u{A0}", false),
        row("\\s", "\u{A0}", true, .ecma), row("\\s", "\u{FEFF}", true, .ecma), row("^\\S$", "\u{A0}", false, .ecma),
        // Classes.
        row("^[abc]+$", "cab", true), row("[abc]", "xyz", false), row("^[a-z]+$", "hello", true),
        row("^[a-z]+$", "Hello", false), row("[^a-z]", "abc", false), row("[^a-z]", "abC", true),
        row("[^a]", "\n", true), row("^[\\]a]+$", "]a]", true), row("^[a-]+$", "a-", true), row("^[-a]$", "-", true),
        row("^[^-]$", "-", false), row("[\\d_]", "_", true), row("[\\-]", "-", true), row("^[^\\d]$", "5", false),
        row("[\\s\\S]", "\n", true), row("^[é-ë]$", "ê", true), row("^[😀-😂]$", "😁", true), row("[.]", "a", false),
        row("[$^*(){}|?+]", "^", true), row("^[a-c\\d-]+$", "b2-", true), row("^[\\x41-\\x43]+$", "ABC", true),
        row("[\\D]", "1", false), row("^[^\\W\\d]+$", "a_b", true), row("^[^\\W\\d]+$", "a1", false),
        // Groups and quantifiers.
        row("^(ab)+$", "abab", true), row("^(ab)+$", "aba", false), row("^(?:ab)*$", "", true),
        row("^a{3}$", "aaa", true), row("^a{3}$", "aa", false), row("^a{2,}$", "aaaaa", true), row("^a{2,}$", "a", false),
        row("^a{2,3}$", "aaaa", false), row("^a{2,3}$", "aa", true), row("^a{0}$", "", true), row("^a{0}$", "a", false),
        row("^ba{0}c$", "bc", true), row("^a{0,0}b", "b", true), row("^a{0,}$", "", true), row("^(ab){2}$", "abab", true),
        row("^a+?$", "aa", true), row("^a*?b", "aab", true), row("^a??b$", "b", true), row("^a{1,2}?$", "aa", true),
        row("^((a|b)c)+$", "acbc", true), row("^((a|b)c)+$", "acb", false), row("^(a(b(c)?)?)?$", "ab", true),
        row("(a*)*b", "aaab", true), row("^(a*)+$", "aaa", true), row("x*", "", true), row("^(a|b|c)$", "b", true),
        row("^(a|bc|)d$", "bcd", true), row("^(a|bc|)d$", "bd", false), row("colou?r", "color", true),
        row("^[a-z]{1,3}(-[a-z]{1,3})*$", "ab-c-def", true), row("^[a-z]{1,3}(-[a-z]{1,3})*$", "ab--c", false),
        // The credfile and sops rules the test suite uses.
        row("^(password|client_secret)$", "client_secret", true), row("^credentials/.*\\.yaml$", "credentials/a.yaml", true),
        row("^credentials/.*\\.yaml$", "credentials/a.yml", false), row("_unencrypted$", "x_unencrypted", true),
        row("@example\\.com$", "a@example.com", true, .ecma), row("@example\\.com$", "a@example.org", false, .ecma),
    ]

    @Test(arguments: table) func matchesAsTheTableSays(_ row: Row) throws {
        let regex = try LinearRegex(row.pattern, dialect: row.dialect)
        #expect(regex.matches(row.text) == row.expected)
    }

    /// Each refused pattern and a fragment of why: unsupported features, spellings RE2 and
    /// ECMA-262 read differently, and the size limits.
    static let refused: [(String, String)] = [
        ("(a", "missing ')'"), ("a)", "unmatched ')'"), ("[a", "missing ']'"), ("([a-z", "missing ']'"),
        ("[]a]", "cannot begin with ']'"), ("[^]", "cannot begin with ']'"), ("*a", "nothing to repeat"),
        ("a|+", "nothing to repeat"), ("(?:*)", "nothing to repeat"), ("{2}", "nothing to repeat"),
        ("a**", "cannot follow another"), ("a{2}{3}", "cannot follow another"), ("a+*", "cannot follow another"),
        ("a*?+", "cannot follow another"), ("^*", "anchor cannot be repeated"), ("$+", "anchor cannot be repeated"),
        ("a{,3}", "must start a repetition"), ("a{", "must start a repetition"), ("a{x}", "must start a repetition"),
        ("a{2,x}", "must start a repetition"), ("a{2", "must start a repetition"), ("a{3,2}", "bounds reversed"),
        ("a{1001}", "limited to 1000"), ("a{1,1001}", "limited to 1000"), ("a{99999999999999999999999}", "limited to 1000"),
        ("a}", "unescaped '}'"), ("]", "unescaped ']'"), ("\\b", "word boundaries"), ("a\\B", "word boundaries"),
        ("(a)\\1", "backreferences"), ("\\p{L}", "Unicode classes"), ("\\PL", "Unicode classes"),
        ("\\-", "only inside a class"), ("\\", "lone backslash"), ("[a\\", "lone backslash"), ("\\x4", "two hexadecimal"),
        ("\\x{41}", "two hexadecimal"), ("(?=a)", "only (…) and (?:…)"), ("(?!a)", "only (…) and (?:…)"),
        ("(?<=a)", "only (…) and (?:…)"), ("(?<n>a)", "only (…) and (?:…)"), ("(?P<n>a)", "only (…) and (?:…)"),
        ("(?i)a", "only (…) and (?:…)"), ("(?", "only (…) and (?:…)"), ("[[:alpha:]]", "write \\["),
        ("[a-c-e]", "must come first or last"), ("[z-a]", "out of order"), ("[\\d-z]", "cannot be the end of a range"),
        ("[a-\\d]", "cannot be the end of a range"), ("[--a]", "write \\- for"), ("[a--]", "write \\- for"),
        ("\\A", "unsupported escape"), ("\\z", "unsupported escape"), ("\\Qa\\E", "unsupported escape"),
        ("\\k<n>", "unsupported escape"), ("\\u0041", "unsupported escape"), ("\\cA", "unsupported escape"),
        ("\\0", "unsupported escape"), ("[\\b]", "word boundaries"), ("\\e", "unsupported escape"),
        ("(a{1000}){1000}", "too large"), ("(a{100}){100}", "too large"), ("((a{10}){10}){101}", "too large"),
        (String(repeating: "(", count: 101) + String(repeating: ")", count: 101), "nested deeper than 100"),
        (String(repeating: "a", count: 4097), "longer than 4096"),
    ]

    @Test(arguments: 0..<refused.count) func refusesWithAReason(_ index: Int) {
        let (pattern, reason) = Self.refused[index]
        for dialect in [LinearRegex.Dialect.re2, .ecma] {
            #expect {
                _ = try LinearRegex(pattern, dialect: dialect)
            } throws: { error in
                "\(error)".contains(reason)
            }
        }
    }

    /// Classes are merged ranges; complements cover the whole code space, ends included.
    @Test func scalarSetsMergeAndComplement() {
        #expect(ScalarSet([3...5, 4...9, 10...10, 20...21]).ranges == [3...10, 20...21])
        #expect(ScalarSet([]).inverted.ranges == [0...0x10FFFF])
        #expect(ScalarSet([0...0x10FFFF]).inverted.ranges.isEmpty)
        #expect(ScalarSet([0...5, 0x10FFFF...0x10FFFF]).inverted.ranges == [6...0x10FFFE])
        #expect(ScalarSet.word.inverted.inverted == .word)
        #expect(ScalarSet([0x61...0x7A]).contains(0x6D) && !ScalarSet([0x61...0x7A]).contains(0x7B))
    }

    /// Just inside every limit compiles, so the limits refuse only what they must.
    @Test func limitsAreExact() throws {
        #expect(try LinearRegex(String(repeating: "a", count: 4096), dialect: .re2).matches(String(repeating: "a", count: 4096)))
        #expect(try LinearRegex("a{1000}", dialect: .re2).stateCount == 1001)
        #expect(try LinearRegex("(a{99}){100}", dialect: .re2).stateCount == 9901)
        let nested = String(repeating: "(", count: 100) + "a" + String(repeating: ")", count: 100)
        #expect(try LinearRegex(nested, dialect: .re2).matches("a"))
        #expect(try LinearRegex("a{0,1000}", dialect: .re2).matches(""))
    }

    /// A budgeted search answers exactly as the unbounded one when the budget suffices, says
    /// nil when it does not, and charges what it spent (so one budget can serve a whole file).
    @Test func budgetedSearchAnswersOrGivesUp() throws {
        let cases: [(String, String)] = [("^a+b$", "aaab"), ("x{3}", "xxyxx"), ("(a|b)*c", "ababab"), ("", ""), ("$", "abc")]
        for (pattern, text) in cases {
            let regex = try LinearRegex(pattern, dialect: .re2)
            var budget = 1_000_000
            #expect(regex.matches(text, budget: &budget) == regex.matches(text), "\(pattern)")
            #expect(budget < 1_000_000 && budget > 0, "\(pattern)")
        }
        let costly = try LinearRegex("(.{1000}){9}z", dialect: .ecma)
        var budget = 1_000_000
        #expect(costly.matches(String(repeating: "x", count: 20_000), budget: &budget) == nil)
        #expect(budget <= 0 && budget > -2 * (costly.stateCount + 1))
        var none = 0
        #expect(try LinearRegex("b", dialect: .re2).matches(String(repeating: "a", count: 10), budget: &none) == nil)
    }

    // MARK: ReDoS

    /// The classic catastrophic-backtracking patterns on 5,000 scalars: each returns, with
    /// the right answer (how fast is measured elsewhere, never asserted).
    static let catastrophic: [(String, String, Bool)] = [
        ("^(a+)+$", String(repeating: "a", count: 4999) + "!", false),
        ("^(a+)+$", String(repeating: "a", count: 5000), true),
        ("(a|a)*b", String(repeating: "a", count: 5000), false),
        ("(a|aa)+$", String(repeating: "a", count: 4999) + "!", false),
        ("(a|aa)+$", String(repeating: "a", count: 5000), true),
        ("(.*a){12}", String(repeating: "b", count: 4989) + String(repeating: "a", count: 11), false),
        ("(.*a){12}", String(repeating: "ba", count: 2500), true),
        ("^(\\w+\\s?)*$", String(repeating: "word ", count: 999) + "!!!!!", false),
        ("(x+x+)+y", String(repeating: "x", count: 5000), false),
    ]

    @Test(arguments: 0..<catastrophic.count) func catastrophicPatternsReturn(_ index: Int) throws {
        let (pattern, text, expected) = Self.catastrophic[index]
        #expect(try LinearRegex(pattern, dialect: .re2).matches(text) == expected)
        #expect(try LinearRegex(pattern, dialect: .ecma).matches(text) == expected)
    }

    /// Random strings of regex punctuation: each compiles or is refused, none traps, and what
    /// compiles matches (the fuzzers do the same at length).
    @Test func garbageNeverTraps() {
        var rng = SplitMix64(seed: 0xBAD_5EED)
        let pieces = Array("()[]{}|*+?^$.\\-,:=!<>dDwWsSbx0129aé😀".unicodeScalars)
        var compiled = 0
        for _ in 0..<5000 {
            let length = Int(rng.next() % 12)
            let pattern = String(String.UnicodeScalarView((0..<length).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }))
            guard let regex = try? LinearRegex(pattern, dialect: rng.next() % 2 == 0 ? .re2 : .ecma) else { continue }
            compiled += 1
            _ = regex.matches("a(b)[c]{d}é😀\n-1")
        }
        #expect(compiled > 200)
    }
}
