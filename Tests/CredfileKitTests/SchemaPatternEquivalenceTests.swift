@testable import CredfileKit
import CredfileTestSupport
import Foundation
import Testing

/// The exported JSON Schema patterns accept exactly what the hand-written checkers accept,
/// over the tables plus a few hundred generated mutations per kind. Evaluated with Swift
/// `Regex` (always) and with `regress`, the ECMA-262 engine check-jsonschema uses (peer).
@Suite struct SchemaPatternEquivalenceTests {
    static let kinds: [FieldKind] = [.hostname, .email, .url, .uuid, .date]

    static func seeds(_ kind: FieldKind) -> [String] {
        switch kind {
        case .hostname: SchemaFormatCorpus.hostname.accept + SchemaFormatCorpus.hostname.reject
        case .email: SchemaFormatCorpus.email.accept + SchemaFormatCorpus.email.reject
        case .url: SchemaFormatCorpus.url.accept + SchemaFormatCorpus.url.reject
        case .uuid: SchemaFormatCorpus.uuid.accept + SchemaFormatCorpus.uuid.reject
        default: SchemaFormatCorpus.date.accept + SchemaFormatCorpus.date.reject
        }
    }

    /// Characters that matter to some format: separators, edge digits, case, controls.
    static let alphabet: [Character] = Array("aZ09fg-.:@/[]?#%_+ é!\u{0}\n\u{85}\u{7F}\u{9F}\u{A0}5")

    /// The seeds plus deterministic mutations (delete, insert, replace, duplicate a slice).
    static func corpus(_ kind: FieldKind, count: Int = 400) -> [String] {
        var rng = SplitMix64(seed: 0x5EED_0000 + UInt64(kind.name.utf8.count))
        let seeds = seeds(kind)
        var out = seeds
        while out.count < count {
            var chars = Array(seeds[Int(rng.next() % UInt64(seeds.count))])
            for _ in 0...(rng.next() % 3) { mutate(&chars, &rng) }
            out.append(String(chars))
        }
        return out
    }

    static func mutate(_ chars: inout [Character], _ rng: inout SplitMix64) {
        let at = chars.isEmpty ? 0 : Int(rng.next() % UInt64(chars.count))
        let c = alphabet[Int(rng.next() % UInt64(alphabet.count))]
        switch rng.next() % 4 {
        case 0 where !chars.isEmpty: chars.remove(at: at)
        case 1: chars.insert(c, at: at)
        case 2 where !chars.isEmpty: chars[at] = c
        default:
            let end = min(chars.count, at + Int(rng.next() % 6))
            chars.insert(contentsOf: chars[at..<end], at: at)
        }
    }

    static func checker(_ kind: FieldKind) -> (String) -> Bool {
        let field = FieldSpec(name: "f", kind: kind)
        return { field.problem(with: .string($0)) == nil }
    }

    @Test(arguments: kinds) func swiftRegexAgreesWithChecker(_ kind: FieldKind) throws {
        let pattern = try #require(FormatPattern.pattern(for: kind))
        let regex = try Regex(pattern).matchingSemantics(.unicodeScalar)
        let check = Self.checker(kind)
        let corpus = Self.corpus(kind)
        var accepted = 0
        for s in corpus {
            let byRegex = (try? regex.firstMatch(in: s)) != nil
            #expect(byRegex == check(s), "\(kind.name): regex \(byRegex), checker \(check(s)) for \(s.debugDescription)")
            if check(s) { accepted += 1 }
        }
        // The corpus must exercise both verdicts, or the comparison proves nothing.
        #expect(accepted >= 4 && corpus.count - accepted > 100)
    }

    @Test(PeerTool.needsPython("regress"), arguments: kinds)
    func regressAgreesWithChecker(_ kind: FieldKind) throws {
        let python = try PeerTool.require("python3")
        let pattern = try #require(FormatPattern.pattern(for: kind))
        let corpus = Self.corpus(kind)
        let input = try JSONSerialization.data(withJSONObject: ["pattern": pattern, "strings": corpus])
        // Both modes check-jsonschema offers: the default (unicode) and nonunicode.
        let script = """
            import json, sys, regress
            d = json.load(sys.stdin)
            out = []
            for flags in ("u", ""):
                r = regress.Regex(d["pattern"], flags=flags) if flags else regress.Regex(d["pattern"])
                out.append([r.find(s) is not None for s in d["strings"]])
            print(json.dumps(out))
            """
        let result = try Subprocess.run(python, ["-c", script], stdin: input)
        try #require(result.status == 0, "python: \(result.err)")
        let verdicts = try JSONDecoder().decode([[Bool]].self, from: result.stdout)
        let check = Self.checker(kind)
        for (mode, modeVerdicts) in zip(["unicode", "nonunicode"], verdicts) {
            for (s, byRegress) in zip(corpus, modeVerdicts) {
                #expect(byRegress == check(s), "\(kind.name) [\(mode)]: regress \(byRegress) for \(s.debugDescription)")
            }
        }
    }

    @Test(PeerTool.needsPython("regress")) func encryptedTokenPatternMatchesTheParser() throws {
        let python = try PeerTool.require("python3")
        let pattern = FormatPattern.encrypted(types: ["str"])
        let good = "ENC[AES256_GCM,data:rnCjUVKjJ9lvxxRgOqlJJr7dcH+5Hw==,iv:+hz7UzI/qlcLLKG01sIvF7YNGE2kP4GfelkpbvHkaHw=,tag:fbnT5gmcdfyjHDEQocO2lA==,type:str]"
        var rng = SplitMix64(seed: 7)
        var corpus = [good, good.replacingOccurrences(of: "type:str", with: "type:int"), "ENC[AES256_GCM,data:,iv:QQ==,tag:fbnT5gmcdfyjHDEQocO2lA==,type:str]"]
        while corpus.count < 300 {
            var chars = Array(good)
            for _ in 0...(rng.next() % 2) { Self.mutate(&chars, &rng) }
            corpus.append(String(chars))
        }
        // The parser's verdict for a str-typed field (its base64 rules are sops's).
        let parsed = corpus.map { (try? EncryptedValue(parsing: $0))?.type == "str" }
        let input = try JSONSerialization.data(withJSONObject: ["pattern": pattern, "strings": corpus])
        let script = "import json,sys,regress\nd=json.load(sys.stdin)\nr=regress.Regex(d['pattern'],flags='u')\nprint(json.dumps([r.find(s) is not None for s in d['strings']]))"
        let result = try Subprocess.run(python, ["-c", script], stdin: input)
        try #require(result.status == 0, "python: \(result.err)")
        let byRegress = try JSONDecoder().decode([Bool].self, from: result.stdout)
        for (i, s) in corpus.enumerated() {
            #expect(byRegress[i] == parsed[i], "regress \(byRegress[i]), parser \(parsed[i]) for \(s)")
        }
        #expect(parsed.filter { $0 }.count > 1 && parsed.filter { !$0 }.count > 100)
    }
}

