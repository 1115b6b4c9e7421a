import CredfileTestSupport
import Foundation
import Testing

/// Issue 13, "sops interop, round 2": what a team that also runs `sops set`, `sops edit` and
/// `sops encrypt` on credfile's files meets, each checked against the real sops 3.11.
@Suite(.serialized) struct SopsRoundTwoTests {
    /// A repository whose `.sops.yaml` encrypts `credentials/` to the test identity.
    static func repository(_ ws: Workspace) throws {
        try ws.write(".sops.yaml", """
            creation_rules:
              - path_regex: ^credentials/.*\\.yaml$
                age: \(ws.recipient)

            """)
        try ws.write("credentials/.gitkeep", "")
    }

    static let expiry = "2099-01-01"

    // MARK: 1. Dates that sops turns into timestamps

    /// sops rewrites an unquoted `expires: 2099-01-01` as `2099-01-01T00:00:00Z` on every
    /// write; credfile writes dates quoted so it never does, and reads the timestamp form as
    /// the date when someone else wrote it.
    @Test(PeerTool.needs("sops"))
    func datesSurviveSopsWrites() throws {
        let ws = try Workspace()
        try Self.repository(ws)
        let new = try ws.credfile([
            "new", "api", "--type", "generic", "--description", "API", "token=tok-123456789", "expires=\(Self.expiry)",
        ])
        #expect(new.status == 0, "new: \(new.err)")
        let set = try ws.sops(["set", "credentials/api.yaml", "[\"username\"]", "\"bot\""])
        #expect(set.status == 0, "sops set: \(set.err)")
        #expect(try ws.read("credentials/api.yaml").contains("expires: \"\(Self.expiry)\""))
        #expect(try ws.credfile(["validate", "--strict"]).status == 0)

        // A file a person wrote unquoted, encrypted by credfile: the date is quoted in the edit.
        try ws.write("credentials/raw.yaml", "name: raw\ntype: generic\ndescription: raw\ntoken: t-1234567890\nexpires: \(Self.expiry)\n")
        let encrypt = try ws.credfile(["encrypt", "credentials/raw.yaml"])
        #expect(encrypt.status == 0, "encrypt: \(encrypt.err)")
        #expect(try ws.read("credentials/raw.yaml").contains("expires: \"\(Self.expiry)\""))

        // The timestamp form sops writes for an unquoted date (here: sops's own encrypt).
        try ws.write("credentials/ts.yaml", "name: ts\ntype: generic\ndescription: ts\ntoken: t-1234567890\nexpires: \(Self.expiry)\n")
        let sopsEncrypt = try ws.sops(["encrypt", "--encrypted-regex", "^(password|token)$", "credentials/ts.yaml"])
        #expect(sopsEncrypt.status == 0, "sops encrypt: \(sopsEncrypt.err)")
        try ws.write("credentials/ts.yaml", sopsEncrypt.out)
        #expect(sopsEncrypt.out.contains("expires: \(Self.expiry)T00:00:00Z"))
        let validate = try ws.credfile(["validate", "credentials/ts.yaml"], identity: false)
        #expect(validate.status == 0, "validate: \(validate.err)")
        #expect(validate.err.contains("[field.date-timestamp]"))
        #expect(try ws.credfile(["validate", "--decrypt", "credentials/ts.yaml"]).status == 0)
        let changed = try ws.credfile(["set", "ts", "username=bot"])
        #expect(changed.status == 0, "set: \(changed.err)")
        #expect(try ws.credfile(["unset", "ts", "username"]).status == 0)
        let export = try ws.credfile(["export", "ts", "--format", "dotenv"])
        #expect(export.status == 0, "export: \(export.err)")
        #expect(export.out.contains("TS_EXPIRES=\"\(Self.expiry)\"\n"), "\(export.out)")
        // `set` of the date writes it quoted, and the note goes away.
        #expect(try ws.credfile(["set", "ts", "expires=\(Self.expiry)"]).status == 0)
        #expect(try ws.read("credentials/ts.yaml").contains("expires: \"\(Self.expiry)\""))
        #expect(try ws.credfile(["validate", "--strict", "credentials/ts.yaml"], identity: false).status == 0)
        #expect(try ws.sops(["decrypt", "credentials/ts.yaml"]).status == 0)
    }

    // MARK: 2. Credentials encrypted by sops's default rule

    static let plaintext = "name: legacy\ntype: generic\ndescription: written by sops\nusername: bot\ntoken: CANARY-legacy-token-77aa\n"

    /// `sops encrypt` with no rule encrypts every value, `name`, `type` and `description` too.
    static func defaultRuleCredential(_ ws: Workspace) throws {
        try ws.write("credentials/legacy.yaml", plaintext)
        let sops = try ws.sops(["encrypt", "credentials/legacy.yaml"])
        guard sops.status == 0 else { throw Workspace.Failure("sops encrypt: \(sops.err)") }
        try ws.write("credentials/legacy.yaml", sops.out)
    }

    @Test(PeerTool.needs("sops"))
    func defaultRuleCredentialsWorkWithAKey() throws {
        let ws = try Workspace()
        try Self.repository(ws)
        try Self.defaultRuleCredential(ws)

        let keyless = try ws.credfile(["validate"], identity: false)
        #expect(keyless.status == 1)
        #expect(keyless.err.components(separatedBy: "[sops.common-fields-encrypted]").count == 2, "\(keyless.err)")
        #expect(!keyless.err.contains("ENC["))
        #expect(keyless.err.components(separatedBy: ": error: ").count == 2, "one error: \(keyless.err)")
        #expect(keyless.err.contains("credfile set legacy type="))

        let withKey = try ws.credfile(["validate", "--decrypt"])
        #expect(withKey.status == 0, "validate --decrypt: \(withKey.err)")
        let set = try ws.credfile(["set", "legacy", "username=robot"])
        #expect(set.status == 0, "set: \(set.err)")
        #expect(try ws.sopsValues("credentials/legacy.yaml")["username"] == "robot")
        #expect(try ws.credfile(["unset", "legacy", "username"]).status == 0)
        let show = try ws.credfile(["show", "legacy"])
        #expect(show.status == 0, "show: \(show.err)")
        let export = try ws.credfile(["export", "legacy", "--format", "dotenv"])
        #expect(export.status == 0, "export: \(export.err)")
        #expect(export.out.contains("CANARY-legacy-token-77aa"))

        // The conversion the key-less message names: credfile's rule, same data key.
        let before = try ws.read("credentials/legacy.yaml")
        let convert = try ws.credfile(["set", "legacy", "type=generic"])
        #expect(convert.status == 0, "convert: \(convert.err)")
        let after = try ws.read("credentials/legacy.yaml")
        #expect(after.contains("name: legacy") && after.contains("type: generic"))
        #expect(after.contains("encrypted_regex:"))
        let wrapped = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("            ") && !$0.contains("---") } }
        #expect(wrapped(before) == wrapped(after), "the data key is kept")
        #expect(try ws.credfile(["validate", "--strict"], identity: false).status == 0)
        let sops = try ws.sopsValues("credentials/legacy.yaml")
        #expect(sops["token"] == "CANARY-legacy-token-77aa" && sops["type"] == "generic")
    }

    // MARK: 3. Smaller differences

    /// A file without `mac`: sops says "MAC mismatch. File has no MAC" with exit 51.
    @Test(PeerTool.needs("sops"))
    func missingMacExitsLikeSops() throws {
        let ws = try Workspace()
        let text = try ws.encrypt("m.yaml", "a: 1\npassword: secret-value\n", regex: "^password$")
        let without = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("    mac:") }
        try ws.write("m.yaml", without.joined(separator: "\n"))
        let sops = try ws.sops(["decrypt", "m.yaml"])
        let ours = try ws.credfile(["decrypt", "m.yaml"])
        #expect(sops.status == 51)
        #expect(ours.status == sops.status, "credfile: \(ours.err)")
    }

    /// `decrypt --extract` of a list item, a null, a mapping and a list prints what sops prints.
    @Test(PeerTool.needs("sops"))
    func extractPrintsWhatSopsPrints() throws {
        let ws = try Workspace()
        try ws.write("x.yaml", "l:\n  - a\n  - b\nn: null\nm:\n  x: 1\n  y: two\ns: str\n")
        let sops = try ws.sops(["encrypt", "--age", ws.recipient, "x.yaml"])
        #expect(sops.status == 0, "sops: \(sops.err)")
        try ws.write("x.enc.yaml", sops.out)
        for path in ["[\"l\"][0]", "[\"l\"][1]", "[\"n\"]", "[\"m\"]", "[\"l\"]", "[\"s\"]", "[\"m\"][\"x\"]"] {
            let theirs = try ws.sops(["decrypt", "--extract", path, "x.enc.yaml"])
            let ours = try ws.credfile(["decrypt", "--extract", path, "x.enc.yaml"])
            #expect(theirs.status == 0)
            #expect(ours.status == 0, "\(path): \(ours.err)")
            #expect(ours.out == theirs.out, "\(path)")
        }
    }

    /// `version` is SemVer 2.0 with an optional `v` to sops 3.11: accepted and refused alike.
    @Test(PeerTool.needs("sops"))
    func versionsAreReadAsSopsReadsThem() throws {
        let ws = try Workspace()
        let text = try ws.encrypt("v.yaml", "a: 1\npassword: secret-value\n", regex: "^password$")
        for version in ["v3.11.0", "3.11.0+meta", "3.11.0-rc.1+b.2", "3.11.0-swift", "03.011.00", "3.9", "V3.11.0", "3.11.0-01", "3.11.0+"] {
            try ws.write("t.yaml", text.replacingOccurrences(of: "version: 3.11.0", with: "version: \(version)"))
            let sops = try ws.sops(["decrypt", "t.yaml"]).status
            let ours = try ws.credfile(["decrypt", "t.yaml"]).status
            #expect((sops == 0) == (ours == 0), "\(version): sops \(sops), credfile \(ours)")
        }
    }

    /// A creation rule with `age:` and `key_groups:`: sops encrypts to the key group only.
    @Test(PeerTool.needs("sops"))
    func keyGroupsReplaceTheRulesAge() throws {
        let ws = try Workspace()
        let other = try ws.credfile(["keygen", "-o", "other.txt"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        try ws.write(".sops.yaml", "creation_rules:\n  - age: \(ws.recipient)\n    key_groups:\n      - age:\n          - \(other)\n")
        try ws.write("a.yaml", "password: x\n")
        try ws.write("b.yaml", "password: x\n")
        let sops = try ws.sops(["encrypt", "a.yaml"])
        #expect(sops.status == 0, "sops: \(sops.err)")
        #expect(try ws.credfile(["encrypt", "b.yaml"]).status == 0)
        let recipients = { (text: String) in text.split(separator: "\n").filter { $0.contains("recipient: ") }.map { $0.split(separator: " ").last! } }
        #expect(recipients(sops.out) == [Substring(other)])
        #expect(try recipients(ws.read("b.yaml")) == recipients(sops.out))
    }

    /// `unencrypted_suffix: ""` (or any empty rule) is no rule to sops: the default suffix.
    @Test(PeerTool.needs("sops"))
    func anEmptyRuleIsTheDefault() throws {
        let ws = try Workspace()
        try ws.write("u.yaml", "a: 1\npassword: x\nb_unencrypted: 2\n")
        let sops = try ws.sops(["encrypt", "--age", ws.recipient, "u.yaml"])
        try ws.write("e.yaml", sops.out.replacingOccurrences(of: "unencrypted_suffix: _unencrypted", with: "unencrypted_suffix: \"\""))
        let theirs = try ws.sops(["decrypt", "e.yaml"])
        let ours = try ws.credfile(["decrypt", "e.yaml"])
        #expect(theirs.status == 0)
        #expect(ours.status == 0, "credfile: \(ours.err)")
        #expect(ours.out == theirs.out)
    }

    /// An encrypted comment moved into a value slot (its AAD is the key's): credfile printed the
    /// raw token as the value; sops invents `{value: …}`. Refused, and no token is printed.
    @Test(PeerTool.needs("sops"))
    func aCommentTokenIsNoValue() throws {
        let ws = try Workspace()
        try ws.write("k.yaml", "key:\n  - a\n  # c\nb: 2\n")
        let sops = try ws.sops(["encrypt", "--age", ws.recipient, "--encrypted-regex", "^key$", "k.yaml"])
        let lines = sops.out.split(separator: "\n", omittingEmptySubsequences: false)
        let token = try #require(lines.first { $0.contains("type:comment") }).trimmingCharacters(in: .whitespaces).dropFirst(2)
        let moved = lines.filter { !$0.hasPrefix("    - ") }.map { $0 == "key:" ? "key: \(token)" : String($0) }
        try ws.write("k2.yaml", moved.joined(separator: "\n"))
        let ours = try ws.credfile(["decrypt", "--ignore-mac", "k2.yaml"])
        #expect(ours.status == 25, "credfile: \(ours.err)")
        #expect(!ours.out.contains("ENC[") && !ours.err.contains("ENC["))
    }

    /// A document that ends with `...`: the `sops` block goes before the marker, and sops reads it.
    @Test(PeerTool.needs("sops"))
    func encryptsADocumentWithAnEndMarker() throws {
        let ws = try Workspace()
        let result = try ws.encrypt("d.yaml", "a: 1\npassword: secret-value\n...\n", regex: "^password$")
        #expect(result.hasSuffix("...\n"))
        let sops = try ws.sops(["decrypt", "--extract", "[\"password\"]", "d.yaml"])
        #expect(sops.status == 0, "sops: \(sops.err)")
        #expect(sops.out == "secret-value")
    }
}
