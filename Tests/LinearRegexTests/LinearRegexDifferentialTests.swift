@testable import LinearRegex
import CredfileTestSupport
import Foundation
import Testing

/// ``LinearRegex`` against other engines on patterns generated from the supported subset:
/// Swift `Regex` (always; fine on these small inputs), Python `re` (RE2's reading of `.` and
/// `$`) and `regress` (ECMA-262, what check-jsonschema runs on the exported schema).
@Suite struct LinearRegexDifferentialTests {
    /// Random patterns of the supported subset over a small alphabet, and texts to try them on.
    struct Generator {
        var rng: SplitMix64

        mutating func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        mutating func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }

        static let literals = ["a", "b", "c", "é", "😀", "1", "\\n", "\\.", "_", "-", " ", "\\\\", "\\$"]
        static let escapes = ["\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "."]
        static let classMembers = ["a", "b", "a-c", "é", "\\d", "\\w", "\\s", "\\n", "\\-", "\\]", "0-9", "😀", "."]
        static let quantifiers = ["*", "+", "?", "{2}", "{1,}", "{0,2}", "{0}", "{1,3}", "*?", "+?", "??", "{1,2}?"]

        mutating func pattern(depth: Int = 2) -> String {
            var branches = [sequence(depth: depth)]
            while chance(25) { branches.append(sequence(depth: depth)) }
            return branches.joined(separator: "|")
        }

        mutating func sequence(depth: Int) -> String {
            var out = chance(20) ? "^" : ""
            for _ in 0..<(1 + rng.next() % 3) { out += quantified(depth: depth) }
            return out + (chance(20) ? "$" : "")
        }

        mutating func quantified(depth: Int) -> String {
            atom(depth: depth) + (chance(40) ? pick(Self.quantifiers) : "")
        }

        mutating func atom(depth: Int) -> String {
            switch rng.next() % 10 {
            case 0, 1: return depth > 0 ? (chance(50) ? "(" : "(?:") + pattern(depth: depth - 1) + ")" : pick(Self.literals)
            case 2: return characterClass()
            case 3: return pick(Self.escapes)
            default: return pick(Self.literals)
            }
        }

        mutating func characterClass() -> String {
            var members = (0..<(1 + rng.next() % 3)).map { _ in pick(Self.classMembers) }
            if chance(15) { members.append("-") }
            return "[" + (chance(30) ? "^" : "") + members.joined() + "]"
        }

        mutating func text(_ alphabet: [String]) -> String {
            (0..<(rng.next() % 9)).map { _ in pick(alphabet) }.joined()
        }
    }

    /// (pattern, text) pairs: `patterns` patterns, each against `texts` texts.
    static func pairs(seed: UInt64, patterns: Int = 80, texts: Int = 8, alphabet: [String]) -> [(String, String)] {
        var generator = Generator(rng: SplitMix64(seed: seed))
        var out: [(String, String)] = []
        for _ in 0..<patterns {
            let pattern = generator.pattern()
            for _ in 0..<texts { out.append((pattern, generator.text(alphabet))) }
        }
        return out
    }

    /// Characters every engine here treats alike: `\n` is the only line terminator, and no
    /// white space outside `[\t\n\f\r ]` that RE2 and ECMA-262 disagree on.
    static let commonAlphabet = ["a", "b", "c", "é", "😀", "1", "\n", ".", "_", " ", "-", "\\", "$", "]"]

    @Test func generatedPatternsAllCompile() throws {
        for (pattern, _) in Self.pairs(seed: 1, alphabet: Self.commonAlphabet) {
            _ = try LinearRegex(pattern, dialect: .re2)
        }
    }

    @Test(arguments: [LinearRegex.Dialect.re2, .ecma]) func agreesWithSwiftRegex(_ dialect: LinearRegex.Dialect) throws {
        let pairs = Self.pairs(seed: dialect == .re2 ? 11 : 12, alphabet: Self.commonAlphabet)
        var matched = 0
        for (pattern, text) in pairs {
            let swift = try Regex(pattern).matchingSemantics(.unicodeScalar)
                .asciiOnlyDigits().asciiOnlyWordCharacters().asciiOnlyWhitespace()
            let expected = (try swift.firstMatch(in: text)) != nil
            let ours = try LinearRegex(pattern, dialect: dialect).matches(text)
            #expect(ours == expected, "\(pattern.debugDescription) in \(text.debugDescription)")
            if expected { matched += 1 }
        }
        // Both verdicts must be common, or the comparison proves little.
        #expect(matched > pairs.count / 5 && matched < pairs.count * 4 / 5)
    }

    /// Runs `script` (reading `[[pattern, text], …]` as JSON on stdin, printing a JSON list of
    /// booleans) in one python process.
    static func pythonVerdicts(_ pairs: [(String, String)], script: String) throws -> [Bool] {
        let python = try PeerTool.require("python3")
        let input = try JSONSerialization.data(withJSONObject: pairs.map { [$0.0, $0.1] })
        let result = try Subprocess.run(python, ["-c", script], stdin: input, timeout: 120)
        try #require(result.status == 0, "python: \(result.err)")
        return try JSONDecoder().decode([Bool].self, from: result.stdout)
    }

    /// Python's `re` with `re.ASCII` reads the subset as RE2 does, `\r` under `.` included,
    /// except that its `$` also matches before a final `\n`: no text ends with one.
    @Test(PeerTool.needs("python3"))
    func agreesWithPythonRe() throws {
        let alphabet = Self.commonAlphabet + ["\r", "\u{0C}", "\t"]
        let pairs = Self.pairs(seed: 21, patterns: 120, alphabet: alphabet).map { pattern, text in
            (pattern, text.hasSuffix("\n") ? text + "a" : text)
        }
        let script = """
            import json, re, sys
            print(json.dumps([re.search(p, t, re.ASCII) is not None for p, t in json.load(sys.stdin)]))
            """
        let verdicts = try Self.pythonVerdicts(pairs, script: script)
        try #require(verdicts.count == pairs.count)
        for ((pattern, text), expected) in zip(pairs, verdicts) {
            let ours = try LinearRegex(pattern, dialect: .re2).matches(text)
            #expect(ours == expected, "\(pattern.debugDescription) in \(text.debugDescription)")
        }
    }

    /// `regress` (u flag, check-jsonschema's default) for the ECMA-262 dialect, with the line
    /// terminators and spaces where it differs from RE2 in the texts.
    @Test(PeerTool.needsPython("regress"))
    func ecmaDialectAgreesWithRegress() throws {
        let alphabet = Self.commonAlphabet + ["\r", "\u{2028}", "\u{0B}", "\u{A0}", "\u{85}"]
        let pairs = Self.pairs(seed: 31, patterns: 120, alphabet: alphabet)
        let script = """
            import json, regress, sys
            print(json.dumps([regress.Regex(p, flags="u").find(t) is not None for p, t in json.load(sys.stdin)]))
            """
        let verdicts = try Self.pythonVerdicts(pairs, script: script)
        try #require(verdicts.count == pairs.count)
        for ((pattern, text), expected) in zip(pairs, verdicts) {
            let ours = try LinearRegex(pattern, dialect: .ecma).matches(text)
            #expect(ours == expected, "\(pattern.debugDescription) in \(text.debugDescription)")
        }
    }

    /// The table's RE2 rows through Python too, a check of the table itself; except where
    /// Python differs from RE2: its `$` before a final `\n`, and `\s` matching `\v`.
    @Test(PeerTool.needs("python3"))
    func tableAgreesWithPythonRe() throws {
        let rows = LinearRegexTests.table.filter { row in
            row.dialect == .re2 && !row.text.hasSuffix("\n") && !row.text.unicodeScalars.contains("\u{0B}")
        }
        let script = """
            import json, re, sys
            print(json.dumps([re.search(p, t, re.ASCII) is not None for p, t in json.load(sys.stdin)]))
            """
        let verdicts = try Self.pythonVerdicts(rows.map { ($0.pattern, $0.text) }, script: script)
        // zip stops at the shorter side: a short answer would check fewer rows, silently.
        try #require(verdicts.count == rows.count)
        for (row, expected) in zip(rows, verdicts) {
            #expect(row.expected == expected, "\(row)")
        }
    }
}
