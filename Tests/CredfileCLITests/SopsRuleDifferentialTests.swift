import CredfileKit
import CredfileTestSupport
import Foundation
import Testing

extension Tag {
    /// Runs peers hundreds of times (tens of seconds); filter it out with `--skip Differential`.
    @Tag static var slow: Self
}

/// Issue 13: credfile's selection rules against the real sops 3.11, over a generated corpus of
/// rules × keys. One YAML document holds every key (each value unique, `vN`); sops encrypts it
/// once per rule, and the values still in plain text say which keys sops left alone. credfile's
/// verdict for the same rule is `EncryptionRule.encrypts` on each key's path. Nothing is cached
/// between runs; the corpus is generated from a fixed seed.
@Suite(.serialized, .tags(.slow)) struct SopsRuleDifferentialTests {
    /// One rule of the corpus. `beyondSubset` marks a pattern built with a construct credfile
    /// deliberately refuses (RE2-only syntax, or syntax Go itself rejects): only those may be
    /// refused.
    struct Rule: CustomStringConvertible {
        var kind: EncryptionRule.Kind
        var pattern: String
        var beyondSubset: Bool
        var description: String { "\(kind.rawValue) \(Self.show(pattern))" }

        static func show(_ s: String) -> String {
            "'" + s.unicodeScalars.map { $0.isASCII ? String($0) : String(format: "\\u{%X}", $0.value) }.joined() + "'"
        }
    }

    // MARK: The corpus

    /// Keys: ASCII look-alikes of the patterns' pieces, the suffix sops defaults to, and
    /// non-ASCII keys where byte and canonical comparison differ (NFC/NFD, KELVIN SIGN for K).
    static let keys: [String] = {
        let base = [
            "password", "pass", "passwd", "xpass", "tok", "token", "api_tok", "tokx", "a", "b", "ab", "ba", "abc",
            "cab", "key", "Key", "KEY", "\u{212A}ey", "secret", "client_secret", "Secret_Key", "x_unencrypted",
            "password_unencrypted", "unencrypted", "_unencrypted", "x_unencrypted_", "x_UNENCRYPTED", "a.b", "a-b",
            "a b", "a_b", "a1", "1a", "123", "caf\u{E9}", "cafe\u{301}", "CAF\u{C9}", "e\u{301}", "\u{E9}",
            "caf\u{E9}_unencrypted", "cafe\u{301}_unencrypted", "x_unencrypte\u{64}\u{301}", "\u{1F511}",
            "key\u{1F511}", "\u{1F511}_unencrypted", "\u{65E5}\u{672C}", "\u{3A9}mega", "\u{2126}mega", "stra\u{DF}e",
            "STRASSE", "\u{17F}ecret", "i\u{307}d", "\u{130}d", "tab\u{9}key", "line", "(a)", "a|b", "a$", "^a",
            "[x]", "x*", "k.e.y", "\u{5F}", "-", "ends_with_e",
        ]
        var seen = Set<[UInt8]>()
        return base.filter { seen.insert(Array($0.utf8)).inserted }
    }()

    /// Parents whose children test the "any path component" rule.
    /// (go-yaml refuses a key twice in one mapping, so none of them is also a top-level key.)
    static let parents = ["parent_password", "e\u{301}t\u{E9}", "p_unencrypted", "plain"]
    static let children = ["a", "tok", "caf\u{E9}", "z_unencrypted"]

    /// Every leaf's path, in document order; leaf `i` holds the value `v<i>`.
    static let paths: [[String]] = keys.map { [$0] } + parents.flatMap { p in children.map { [p, $0] } }

    static func quoted(_ key: String) -> String {
        var out = "\""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static let document: String = {
        var text = ""
        var index = 0
        for key in keys {
            text += "\(quoted(key)): v\(index)\n"
            index += 1
        }
        for parent in parents {
            text += "\(quoted(parent)):\n"
            for child in children {
                text += "    \(quoted(child)): v\(index)\n"
                index += 1
            }
        }
        return text
    }()

    /// The generated rules: regexes (encrypted and unencrypted alternately), then suffixes.
    static func corpus(regexes: Int, seed: UInt64) -> [Rule] {
        var generator = PatternGenerator(seed: seed)
        var rules: [Rule] = []
        for i in 0..<regexes {
            let (pattern, beyond) = generator.regex(shape: i)
            rules.append(Rule(kind: i % 2 == 0 ? .encryptedRegex : .unencryptedRegex, pattern: pattern, beyondSubset: beyond))
        }
        let suffixes = [
            "_unencrypted", "d", "\u{E9}", "e\u{301}", "\u{301}", "_K", "ey", "\u{212A}ey", "\u{1F511}", "ass", "word",
            "_", ".b", " b", "ed\u{301}", "\u{672C}", "a", "123", "ret", "e",
        ]
        for suffix in suffixes {
            rules.append(Rule(kind: .encryptedSuffix, pattern: suffix, beyondSubset: false))
            rules.append(Rule(kind: .unencryptedSuffix, pattern: suffix, beyondSubset: false))
        }
        return rules
    }

    // MARK: Verdicts

    /// The indices of the leaves sops left in plain text, or nil when sops refused.
    static func sopsPlainLeaves(status: Int32, text: String) throws -> Set<Int>? {
        guard status == 0 else { return nil }
        var plain = Set<Int>()
        var encrypted = 0
        for line in text.split(separator: "\n") {
            if line.contains(": ENC[AES256_GCM,") && !line.hasPrefix("    mac:") {
                encrypted += 1
            } else if let range = line.range(of: ": v", options: .backwards),
                      let index = Int(line[range.upperBound...]) {
                plain.insert(index)
            }
        }
        guard plain.count + encrypted == paths.count else {
            throw Workspace.Failure("could not read sops's output: \(plain.count) plain + \(encrypted) ENC of \(paths.count)\n\(text)")
        }
        return plain
    }

    static func flag(_ kind: EncryptionRule.Kind) -> String { "--" + kind.rawValue.replacingOccurrences(of: "_", with: "-") }

    /// Runs `body` on each index with `workers` threads.
    static func parallel(_ count: Int, workers: Int, _ body: @Sendable @escaping (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: count, by: workers) { body(index) }
        }
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Int: Result<Set<Int>?, any Error>] = [:]
        subscript(index: Int) -> Result<Set<Int>?, any Error>? {
            get { lock.withLock { values[index] } }
            set { lock.withLock { values[index] = newValue } }
        }
    }

    @Test(PeerTool.needs("sops"))
    func selectionRulesAgreeWithSops() throws {
        let started = Date()
        let ws = try Workspace()
        try ws.write("corpus.yaml", Self.document)
        let rules = Self.corpus(regexes: 560, seed: 13)
        let results = Results()
        let sops = try PeerTool.require("sops")
        let identity = ws.identityFile.path, recipient = ws.recipient, dir = ws.dir.url
        Self.parallel(rules.count, workers: 6) { index in
            let rule = rules[index]
            results[index] = Result {
                let output = try Subprocess.run(
                    sops, ["encrypt", "--age", recipient, Self.flag(rule.kind), rule.pattern, "corpus.yaml"],
                    environment: ["SOPS_AGE_KEY_FILE": identity], currentDirectory: dir, timeout: 120)
                // sops 3.11 never rejects a rule (`regexp.Match`'s compile error is ignored: an
                // invalid regex matches nothing), so a failure here is the harness's.
                guard output.status == 0 else {
                    throw Workspace.Failure("sops exit \(output.status) for \(rule): \(output.err)")
                }
                return try Self.sopsPlainLeaves(status: output.status, text: output.out)
            }
        }
        var disagreements: [String] = []
        var refused: [Rule] = []
        var accepted: [(Rule, Set<Int>)] = []
        for (index, rule) in rules.enumerated() {
            let sopsPlain = try results[index]!.get()
            let ours: EncryptionRule
            do {
                ours = try EncryptionRule(rule.kind, rule.pattern)
            } catch {
                // Refused: only constructs outside the shared RE2/ECMA-262 subset, never a
                // pattern sops refuses (there are none: sops ignores the regex's error).
                if !rule.beyondSubset { disagreements.append("\(rule): credfile refuses (\(error))") }
                refused.append(rule)
                continue
            }
            guard let sopsPlain else {
                disagreements.append("\(rule): sops refuses, credfile accepts")
                continue
            }
            let ourPlain = Set(Self.paths.indices.filter { !ours.encrypts(Self.paths[$0]) })
            if ourPlain != sopsPlain {
                let show = { (s: Set<Int>) in s.sorted().map { Self.paths[$0].map(Rule.show).joined(separator: ".") } }
                disagreements.append(
                    "\(rule): plain only in sops \(show(sopsPlain.subtracting(ourPlain))), only in credfile \(show(ourPlain.subtracting(sopsPlain)))")
            }
            accepted.append((rule, sopsPlain))
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements:\n\(disagreements.joined(separator: "\n"))")
        #expect(rules.filter { $0.kind == .encryptedRegex || $0.kind == .unencryptedRegex }.count >= 500)
        #expect(accepted.count >= 300, "most generated patterns are in the shared subset")
        print("SopsRuleDifferentialTests: \(rules.count) rules × \(Self.paths.count) leaves, \(refused.count) refused by credfile "
            + "(RE2-only or invalid syntax), \(Date().timeIntervalSince(started)) s")

        // The CLI on a sample: credfile's file selects as sops did, and sops verifies its MAC.
        let sample = accepted.filter { $0.0.kind == .encryptedRegex }.enumerated().filter { $0.offset % 4 == 0 }.prefix(50)
        #expect(sample.count == 50)
        var cliProblems: [String] = []
        for (n, (rule, sopsPlain)) in sample.map({ $0.element }).enumerated() {
            let name = "c\(n).yaml"
            try ws.write(name, Self.document)
            let encrypt = try ws.credfile(["encrypt", "--age", ws.recipient, "--encrypted-regex", rule.pattern, name])
            guard encrypt.status == 0 else {
                cliProblems.append("\(rule): credfile encrypt exit \(encrypt.status): \(encrypt.err)")
                continue
            }
            if try Self.sopsPlainLeaves(status: 0, text: ws.read(name)) != sopsPlain { cliProblems.append("\(rule): credfile encrypt selects differently") }
            let decrypt = try ws.sops(["decrypt", name])
            if decrypt.status != 0 { cliProblems.append("\(rule): sops decrypt exit \(decrypt.status): \(decrypt.err)") }
        }
        #expect(cliProblems.isEmpty, "\(cliProblems.joined(separator: "\n"))")
    }
}

/// Deterministic patterns over the corpus's pieces: anchors, alternation (anchored per branch,
/// the shape of issue 13), groups, classes, repetition, escapes, non-ASCII literals; plus
/// constructs only RE2 has (`(?i)`, `\b`, `\pL` …) and syntax Go rejects.
struct PatternGenerator {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
    mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

    static let literals = [
        "pass", "tok", "key", "Key", "a", "b", "ab", "secret", "_", "unencrypted", "word", "caf\u{E9}", "cafe\u{301}",
        "\u{E9}", "e\u{301}", "\u{301}", "\u{212A}", "K", "\u{1F511}", "\u{65E5}", "e", "x", "1", "-", " ", "\u{3A9}",
        "\u{2126}", "\u{DF}", "ss", "\u{17F}",
    ]
    static let classes = [
        "[a-z]", "[^a-z]", "[A-Z_]", "[0-9]", "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", ".", "[\u{E9}]", "[^_]",
        "[\\x41-\\x5a]", "\\x65", "[a-c\u{301}]", "[\u{1F511}-\u{1F512}]", "\\.", "\\|", "\\$", "\\(", "[\\-x]", "[.]",
        "\\t", "[^\\w]", "[\\d_]",
    ]
    /// RE2 accepts these; credfile refuses them (README, deliberate differences).
    static let re2Only = [
        "(?i)", "\\b", "\\B", "\\pL", "\\p{Greek}", "\\PL", "[[:alpha:]]", "(?P<n>a)", "\\Qa.b\\E", "\\z", "\\A",
        "(?s).", "\\x{e9}", "\\_", "[[:^digit:]]", "(?U)a+", "\\p{Lu}", "a{,2}", "[]a]",
    ]
    /// Go's regexp rejects these, and sops then matches nothing (it ignores the error).
    static let goInvalid = ["(", ")", "a**", "[z-a]", "\\8", "x{1001}", "(?<=a)b", "\\", "*a", "(?i", "[a"]

    mutating func atom() -> String {
        switch random.next() % 10 {
        case 0...4: return pick(Self.literals)
        case 5...7: return pick(Self.classes)
        default: return "(" + (chance(30) ? "?:" : "") + sequence(depth: 1) + "|" + sequence(depth: 1) + ")"
        }
    }

    mutating func quantified() -> String {
        let a = atom()
        guard chance(30) else { return a }
        // A quantifier applies to the last scalar of a literal: fine, that is also RE2's reading.
        return a + pick(["*", "+", "?", "{2}", "{1,}", "{0,2}", "*?", "+?"])
    }

    mutating func sequence(depth: Int) -> String {
        let count = depth > 0 ? 1 + Int(random.next() % 2) : 1 + Int(random.next() % 3)
        return (0..<count).map { _ in depth > 2 ? pick(Self.literals) : quantified() }.joined()
    }

    /// A pattern and whether it leaves the shared subset. `shape` varies the outline so
    /// every outline appears often.
    mutating func regex(shape: Int) -> (String, Bool) {
        switch shape % 8 {
        case 0:  // issue 13: anchors on the outer branches of a top-level alternation
            return ("^" + sequence(depth: 0) + "|" + sequence(depth: 0) + "$", false)
        case 1:  // the fast-path shape with literal names, and near misses
            let names = (0..<(1 + Int(random.next() % 3))).map { _ in pick(["pass", "tok", "key", "Key", "a", "b", "ab", "client_secret", "a-b"]) }
            let body = names.joined(separator: "|")
            return (pick(["^(\(body))$", "^\(body)$", "(\(body))$", "^(\(body))", "^(?:\(body))$"]), false)
        case 2:
            var p = sequence(depth: 0)
            if chance(50) { p = "^" + p }
            if chance(50) { p += "$" }
            return (p, false)
        case 3:
            return (sequence(depth: 0) + "|" + sequence(depth: 0) + (chance(50) ? "|" + sequence(depth: 0) : ""), false)
        case 4:
            return ((chance(50) ? "^" : "") + "(" + sequence(depth: 1) + "|" + sequence(depth: 1) + ")" + (chance(50) ? "$" : ""), false)
        case 5, 6:
            let piece = pick(Self.re2Only)
            return ((chance(50) ? "^" : "") + piece + sequence(depth: 1) + (chance(30) ? "$" : ""), true)
        default:
            let piece = pick(Self.goInvalid)
            return (sequence(depth: 1) + piece, true)
        }
    }
}
