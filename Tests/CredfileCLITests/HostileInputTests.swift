import CredfileTestSupport
import Foundation
import Testing

/// Hostile or broken input gets a diagnostic and a documented non-zero exit, never a crash
/// (issue 8's list; speed is measured separately, never asserted here).
@Suite struct HostileInputTests {
    func validate(_ bytes: [UInt8], name: String = "hostile") throws -> Subprocess.Result {
        let ws = try Workspace()
        try FileManager.default.createDirectory(at: ws.dir.file("credentials"), withIntermediateDirectories: true)
        try Data(bytes).write(to: ws.dir.file("credentials/\(name).yaml"))
        return try ws.credfile(["validate"], identity: false)
    }

    static let cases: [(String, [UInt8], String)] = [
        ("10 MB file", Array(("name: hostile\npad: \"" + String(repeating: "x", count: 10_000_000) + "\"\n").utf8), "[yaml.too-large]"),
        ("100,000 keys", Array(("name: hostile\n" + (0..<100_000).map { "k\($0): 1\n" }.joined()).utf8), "[yaml.too-many-nodes]"),
        ("nesting depth 10,000", Array(("a: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n").utf8), "[yaml.too-deep]"),
        ("alias bomb", Array("a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n".utf8), "[yaml.anchor]"),
        ("invalid UTF-8", Array("name: hostile\ndescription: ".utf8) + [0xC3, 0x28] + Array("\n".utf8), "[yaml.invalid-utf8]"),
        ("byte-order mark", [0xEF, 0xBB, 0xBF] + Array("name: hostile\n".utf8), "[yaml.byte-order-mark]"),
        ("CRLF line ends", Array("name: hostile\r\ntype: smtp\r\n".utf8), "[yaml.carriage-return]"),
        ("NUL byte", Array("name: hostile\n".utf8) + [0] + Array("\n".utf8), "[yaml.nul-byte]"),
        ("truncated file", Array("name: hostile\ntype: \"smt".utf8), "[yaml.syntax]"),
    ]

    @Test(arguments: 0..<cases.count)
    func rejectedWithADiagnostic(index: Int) throws {
        let (label, bytes, code) = Self.cases[index]
        let result = try validate(bytes)
        #expect(result.status == 1, "\(label)")
        #expect(!result.signaled, "\(label)")
        #expect(result.err.contains(code), "\(label): \(result.err.prefix(300))")
    }

    /// A `sops` block listing 10,000 recipients is refused before any unwrap is tried.
    @Test func tenThousandRecipientsAreRefused() throws {
        let entry = "        - recipient: age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj\n          enc: x\n"
        let text = "name: hostile\ntype: smtp\ndescription: d\nhost: h.example.com\nsops:\n    age:\n"
            + String(repeating: entry, count: 10_000)
            + "    lastmodified: \"2026-01-01T00:00:00Z\"\n    mac: x\n    version: 3.11.0\n"
        let result = try validate(Array(text.utf8))
        #expect(result.status == 1)
        #expect(result.err.contains("more than 256 recipients") && result.err.contains("[sops.malformed]"))
    }

    /// The `enc` armor of the only recipient cut short (the END line and the last data line
    /// gone): `validate --decrypt` and `decrypt` name the damaged layer and exit non-zero.
    @Test func truncatedArmorIsADiagnostic() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        var lines = try ws.read(ws.smtpFile).components(separatedBy: "\n")
        let end = try #require(lines.firstIndex { $0.contains("-----END AGE ENCRYPTED FILE-----") })
        lines.removeSubrange((end - 1)...end)
        try ws.write(ws.smtpFile, lines.joined(separator: "\n"))
        let validate = try ws.credfile(["validate", "--decrypt"])
        #expect(validate.status == 1 && !validate.signaled)
        #expect(validate.err.contains("armor"), "\(validate.err.prefix(300))")
        let decrypt = try ws.credfile(["decrypt", ws.smtpFile])
        #expect(decrypt.status != 0 && !decrypt.signaled && decrypt.stdout.isEmpty)
    }

    static let canary = "canary-Pa55-9e2f"
    /// 40 `a`s and a `!`: `^(a+)+$` takes a backtracking engine 2^40 steps to refuse it.
    static let catastrophicKey = String(repeating: "a", count: 40) + "!"

    /// A file's own `encrypted_regex` is matched against every key by encrypt and by
    /// `validate --decrypt`; a catastrophic one must not hang either (it did with Swift `Regex`).
    @Test func catastrophicEncryptedRegexFinishes() throws {
        let ws = try Workspace()
        try ws.write(
            "credentials/hostile.yaml",
            "name: hostile\ntype: generic\ndescription: d\n\(Self.catastrophicKey): x\npassword: \(Self.canary)\n")
        let encrypt = try ws.credfile(
            ["encrypt", "--age", ws.recipient, "--encrypted-regex", "^(a+)+$", "credentials/hostile.yaml"], timeout: 60)
        #expect(encrypt.status == 0, "\(encrypt.err)")
        for args in [["validate"], ["validate", "--decrypt"]] {
            let result = try ws.credfile(args, timeout: 60)
            #expect(result.status == 1 && !result.signaled, "\(args): \(result.err)")
            #expect(result.err.contains("does not encrypt sensitive field 'password'") && result.err.contains("[sops.rule-mismatch]"))
            #expect(!result.err.contains(Self.canary) && !result.out.contains(Self.canary))
        }
    }

    /// A repository schema's `pattern` is checked against values by the key-less tier.
    @Test func catastrophicSchemaPatternFinishes() throws {
        let ws = try Workspace()
        try ws.write(
            "schemas/hostile.yaml",
            "type: hostile\ntitle: t\ndescription: d\nfields:\n  user: { type: string, pattern: \"^(a+)+$\" }\n")
        try ws.write("credentials/hostile.yaml", "name: hostile\ntype: hostile\ndescription: d\nuser: \(Self.catastrophicKey)\n")
        let result = try ws.credfile(["validate"], identity: false, timeout: 60)
        #expect(result.status == 1 && !result.signaled, "\(result.err)")
        #expect(result.err.contains("'user' must match the pattern '^(a+)+$'") && result.err.contains("[field.invalid]"))
    }

    /// Patterns linear in the text but with thousands of states (issue 12): each search costs
    /// states × text, so on a 20 KB value they ran for 40 s and more. Each is now one
    /// `regex.too-costly` error at the pattern's place in the schema. (The time limit makes a
    /// stall fail the test rather than block CI; speed itself is measured in bench/hostile.
    /// Five minutes, not one: with the whole suite running on two loaded cores a debug build
    /// spent over 60 s on the budget's 20 million steps, and the test failed without a stall.)
    static let costlyPatterns = [
        "(.{1000}){9}z",  // 9,000 states of `.`, all alive after the first 9,000 characters
        "((x|y){30}){30}z",  // nested counted repeats of an alternation
        "(" + (0..<600).map { "a\($0)" }.joined(separator: "|") + "|x{5})z",  // a wide alternation
        "(x{1000}|y{1000}|[a-z]{1000}){3}z",  // counted repeats inside a counted alternation
    ]

    @Test(.timeLimit(.minutes(5)), arguments: 0..<costlyPatterns.count)
    func costlySchemaPatternIsADiagnostic(index: Int) throws {
        let pattern = Self.costlyPatterns[index]
        let ws = try Workspace()
        try ws.write(
            "schemas/hostile.yaml",
            "type: hostile\ntitle: t\ndescription: d\nfields:\n  user:\n    type: string\n    pattern: \"\(pattern)\"\n")
        let value = String(repeating: "x", count: 20_000)
        try ws.write("credentials/hostile.yaml", "name: hostile\ntype: hostile\ndescription: d\nuser: \(value)\n")
        let result = try ws.credfile(["validate"], identity: false, timeout: 30)
        #expect(result.status == 1 && !result.signaled, "\(pattern.prefix(40)): \(result.err.prefix(300))")
        #expect(result.err.contains("schemas/hostile.yaml:7:14: error: 'pattern'"), "\(result.err.prefix(600))")
        #expect(result.err.contains("is too costly to search") && result.err.contains("[regex.too-costly]"), "\(result.err.prefix(600))")
        #expect(!result.err.contains(value.prefix(100)))
    }

    /// The file's own selection rule is searched over every key by `validate --decrypt`: 60
    /// keys of 1,000 characters against thousands of states (each key costs up to 1,000 ×
    /// 1,000 steps and more). Now one `regex.too-costly` at the rule, and nothing that rests
    /// on the unanswered search (no `sops.decrypt-failed`, no `sops.mac-mismatch`).
    @Test(.timeLimit(.minutes(5)), arguments: [
        "encrypted_regex: (.{1000}){9}z",
        "encrypted_regex: ^password$|((x|y){30}){30}z",
    ])
    func costlySelectionRuleIsADiagnostic(rule: String) throws {
        let ws = try Workspace()
        let keys = (0..<60).map { "k\($0)" + String(repeating: "x", count: 1000) + ": v\n" }.joined()
        try ws.write("credentials/hostile.yaml", "name: hostile\ntype: generic\ndescription: d\n\(keys)password: \(Self.canary)\n")
        let encrypt = try ws.credfile(
            ["encrypt", "--age", ws.recipient, "--encrypted-regex", "^password$", "credentials/hostile.yaml"], timeout: 30)
        #expect(encrypt.status == 0, "\(encrypt.err)")
        let text = try ws.read("credentials/hostile.yaml")
        try ws.write("credentials/hostile.yaml", text.replacingOccurrences(of: "encrypted_regex: ^password$", with: rule))
        let line = try #require(text.components(separatedBy: "\n").firstIndex { $0.contains("encrypted_regex:") }) + 1
        let result = try ws.credfile(["validate", "--decrypt"], timeout: 30)
        #expect(result.status == 1 && !result.signaled, "\(result.err.suffix(300))")
        #expect(result.err.contains("credentials/hostile.yaml:\(line):5: error: 'sops.\(rule.prefix { $0 != ":" })'"),
                "\(result.err.suffix(400))")
        #expect(result.err.contains("[regex.too-costly]"))
        #expect(!result.err.contains("[sops.decrypt-failed]") && !result.err.contains("[sops.mac-mismatch]"))
        #expect(!result.err.contains(Self.canary) && !result.out.contains(Self.canary))
    }

    /// A rule outside the supported subset is a config error naming the pattern and why, and
    /// no value.
    @Test func unsupportedEncryptedRegexIsAConfigError() throws {
        let text = """
            name: hostile
            type: generic
            description: d
            password: \(Self.canary)
            sops:
                age:
                    - recipient: age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj
                      enc: x
                lastmodified: "2026-01-01T00:00:00Z"
                mac: x
                encrypted_regex: ^pass(?=word)
                version: 3.11.0

            """
        let result = try validate(Array(text.utf8))
        #expect(result.status != 0 && !result.signaled)
        #expect(result.err.contains("invalid regular expression '^pass(?=word)': only (…) and (?:…) groups are supported"),
                "\(result.err)")
        #expect(result.err.contains("[config.invalid]"))
        #expect(!result.err.contains(Self.canary) && !result.out.contains(Self.canary))
    }

    /// Like ssh with private keys: an identity file others can read is warned about.
    @Test func identityReadableByOthersIsWarnedAbout() throws {
        let ws = try Workspace()
        try ws.write("p.yaml", "name: p\npassword: x\n")
        #expect(try ws.credfile(["encrypt", "--age", ws.recipient, "p.yaml"]).status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: ws.identityFile.path)
        let loose = try ws.credfile(["decrypt", "p.yaml"])
        #expect(loose.status == 0)
        #expect(loose.err.contains("is readable by others (mode 644)") && loose.err.contains("chmod 600"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: ws.identityFile.path)
        #expect(try ws.credfile(["decrypt", "p.yaml"]).err.isEmpty)
    }
}
