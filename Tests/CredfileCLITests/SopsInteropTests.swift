import CredfileTestSupport
import Foundation
import Testing

/// The test of success (DESIGN.md §2.3): the real sops 3.11 reads every file credfile writes,
/// and credfile reads what sops writes, MAC verified, in both MAC modes.
@Suite(.serialized) struct SopsInteropTests {
    /// Every kind of value a credential holds, including the quoting traps.
    static let corpus = """
        # SMTP relay used by the invoice run
        name: smtp-prod
        type: smtp
        description: 'Outbound mail: invoices'
        host: smtp.office365.com
        port: 587
        tls: true
        ratio: 0.25
        username: invoices@example.com
        password: 'p@ss: w0rd #1 "dq" ''sq'' \\ back'
        pem: |
          -----BEGIN PRIVATE KEY-----
          MIIBVwIBADANBgkqhkiG9w0BAQEFAASCAUEwggE9AgEAAkEA
          -----END PRIVATE KEY-----
        unicode: "grüße 日本 🔑"
        colon: "a: b"
        hash: "x # y"
        number_string: "0123"
        yes_string: yes
        since: 2024-01-02
        big: -9223372036854775808

        """
    static let secrets = "^(password|pem|unicode|colon|hash|number_string|yes_string|port|tls|ratio|since|big)$"

    @Test(PeerTool.needs("sops"), arguments: [false, true])
    func sopsDecryptsWhatCredfileWrites(macOnly: Bool) throws {
        let ws = try Workspace()
        let encrypted = try ws.encrypt("c.yaml", Self.corpus, regex: Self.secrets, extra: macOnly ? ["--mac-only-encrypted"] : [])
        #expect(!encrypted.contains("p@ss"))
        #expect(encrypted.contains("mac_only_encrypted: true") == macOnly)
        let sops = try ws.sops(["decrypt", "c.yaml"])
        #expect(sops.status == 0, "sops: \(sops.err)")
        let ours = try ws.credfile(["decrypt", "c.yaml"])
        #expect(ours.status == 0, "credfile: \(ours.err)")
        // One independent parser (PyYAML) reads both plaintexts: the same document, value for value.
        #expect(try PythonYAML.load(ours.out) == PythonYAML.load(sops.out))
        for (key, value) in Self.strings {
            #expect(try ws.sops(["decrypt", "--extract", "[\"\(key)\"]", "c.yaml"]).out == value, "sops --extract \(key)")
        }
    }

    /// The string values of the corpus exactly, for `--extract` (which prints strings raw).
    static let strings = [
        "password": "p@ss: w0rd #1 \"dq\" 'sq' \\ back",
        "pem": "-----BEGIN PRIVATE KEY-----\nMIIBVwIBADANBgkqhkiG9w0BAQEFAASCAUEwggE9AgEAAkEA\n-----END PRIVATE KEY-----\n",
        "unicode": "grüße 日本 🔑", "colon": "a: b", "hash": "x # y", "number_string": "0123", "yes_string": "yes",
    ]

    @Test(PeerTool.needs("sops"))
    func credfileDecryptsWhatSopsWrites() throws {
        let ws = try Workspace()
        try ws.write("s.yaml", Self.corpus)
        let sops = try ws.sops(["encrypt", "--age", ws.recipient, "--encrypted-regex", Self.secrets, "s.yaml"])
        #expect(sops.status == 0, "sops: \(sops.err)")
        try ws.write("s.enc.yaml", sops.out)
        let ours = try ws.credfile(["decrypt", "s.enc.yaml"])
        #expect(ours.status == 0, "credfile: \(ours.err)")
        #expect(try PythonYAML.load(ours.out) == PythonYAML.load(ws.sops(["decrypt", "s.enc.yaml"]).out))
        for (key, value) in Self.strings {
            #expect(try ws.credfile(["decrypt", "--extract", key, "s.enc.yaml"]).out == value, "credfile --extract \(key)")
        }
        #expect(try ws.credfile(["decrypt", "--extract", "port", "s.enc.yaml"]).out == "587\n")
        #expect(try ws.credfile(["decrypt", "--extract", "since", "s.enc.yaml"]).out == "2024-01-02T00:00:00Z\n")
    }

    /// sops's default rule encrypts everything, comments included; and the legacy
    /// `--mac-only-encrypted` flag (the 3.11 subcommand lacks it, sops-format.md §3.3).
    @Test(PeerTool.needs("sops"), arguments: [[], ["--mac-only-encrypted"]])
    func credfileDecryptsSopsDefaultRules(flags: [String]) throws {
        let ws = try Workspace()
        try ws.write("d.yaml", "# top comment\ndb:\n  user: admin\n  # inner\n  password: hunter2\nlist:\n  - a\n  # between\n  - 2\nkeep_unencrypted: 5\n")
        let sops = try ws.sops(["-e", "--age", ws.recipient] + flags + ["d.yaml"])
        #expect(sops.status == 0, "sops: \(sops.err)")
        try ws.write("d.enc.yaml", sops.out)
        let ours = try ws.credfile(["decrypt", "d.enc.yaml"])
        #expect(ours.status == 0, "credfile: \(ours.err)")
        #expect(ours.out.contains("# top comment"))
        #expect(ours.out.contains("# inner"))
        #expect(ours.out.contains("password: hunter2"))
        #expect(ours.out.contains("keep_unencrypted: 5"))
    }

    /// `age -d` unwraps each `enc` block credfile writes to exactly the 32-byte data key.
    @Test(PeerTool.needs("age"))
    func ageUnwrapsTheDataKey() throws {
        let age = try PeerTool.require("age")
        let ws = try Workspace()
        let encrypted = try ws.encrypt("c.yaml", "name: x\npassword: hunter2\n", regex: "^(password)$")
        let armor = encrypted.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .drop { !$0.hasPrefix("-----BEGIN AGE") }.prefix { !$0.hasPrefix("-----END AGE") } + ["-----END AGE ENCRYPTED FILE-----"]
        let opened = try Subprocess.run(age, ["-d", "-i", ws.identityFile.path], stdin: Data((armor.joined(separator: "\n") + "\n").utf8))
        #expect(opened.status == 0, "age: \(opened.err)")
        #expect(opened.stdout.count == 32)
    }

    /// After `sops set` of one field on a file credfile wrote, only that field, `lastmodified`
    /// and `mac` differ: credfile's layout is sops's layout, and comments survive.
    @Test(PeerTool.needs("sops"))
    func sopsSetGivesAMinimalDiff() throws {
        let ws = try Workspace()
        let text = "# relay\nname: smtp-prod\ntype: smtp\nhost: smtp.example.com\nport: 587\npassword: hunter2\n"
        let before = try ws.encrypt("m.yaml", text, regex: "^(password)$")
        let set = try ws.sops(["set", "m.yaml", "[\"host\"]", "\"smtp.example.org\""])
        #expect(set.status == 0, "sops set: \(set.err)")
        let after = try ws.read("m.yaml")
        let a = before.split(separator: "\n"), b = after.split(separator: "\n")
        #expect(a.count == b.count)
        let changed = zip(a, b).filter { $0 != $1 }.map { String($0.1.prefix { $0 != ":" }) }
        // `lastmodified` has one-second resolution: it is unchanged when both writes share a second.
        #expect(changed == ["host", "    lastmodified", "    mac"] || changed == ["host", "    mac"])
        #expect(after.hasPrefix("# relay\n"))
    }

    /// And the other way round: credfile's own update of a sops-written file.
    @Test(PeerTool.needs("sops"))
    func sopsVerifiesCredfileUpdatedFile() throws {
        let ws = try Workspace()
        // A credential sops wrote (its own creation rule from .sops.yaml, its own data key) …
        try ws.write(".sops.yaml", "creation_rules:\n  - path_regex: ^credentials/.*\\.yaml$\n    encrypted_regex: ^(password)$\n    age: \(ws.recipient)\n")
        try ws.write(ws.smtpFile, AuthoringFixture.smtp)
        let encrypted = try ws.sops(["encrypt", "--in-place", ws.smtpFile])
        try #require(encrypted.status == 0, "sops encrypt: \(encrypted.err)")
        let sopsWritten = try ws.read(ws.smtpFile)
        try #require(!sopsWritten.contains("hunter2-long-secret"))
        // … that credfile then changes, a secret and a plain value …
        let set = try ws.credfile(["set", "smtp-prod", "password=n3w-Passw0rd-value", "host=mail.example.org"])
        #expect(set.status == 0, "credfile set: \(set.err)")
        let updated = try ws.read(ws.smtpFile)
        #expect(updated != sopsWritten && !updated.contains("n3w-Passw0rd-value"))
        // … and sops decrypts it: its MAC check passes and it sees the new values.
        let check = try ws.sops(["decrypt", ws.smtpFile])
        #expect(check.status == 0, "sops decrypt: \(check.err)")
        let values = try PythonYAML.load(check.out)
        #expect(values["password"] == "n3w-Passw0rd-value")
        #expect(values["host"] == "mail.example.org")
        #expect(values["username"] == "invoices@example.com")
    }

    /// Issue 13: `^pass|tok$` is "starts with pass, or ends with tok" in RE2. credfile read it
    /// as the key set {pass, tok}: it wrote `password` in plain text (exit 0), and a file sops
    /// encrypted with that rule failed its MAC check (exit 51).
    @Test(PeerTool.needs("sops"))
    func anchorsOutsideAGroupSelectAsInSops() throws {
        let ws = try Workspace()
        let text = "name: a\npassword: hunter2\napi_tok: t0k\ntoken: visible\n"
        let ours = try ws.encrypt("c.yaml", text, regex: "^pass|tok$")
        #expect(!ours.contains("hunter2"))
        #expect(!ours.contains("t0k"))
        #expect(ours.contains("token: visible"))
        #expect(try ws.sops(["decrypt", "c.yaml"]).status == 0)
        try ws.write("s.yaml", text)
        let sops = try ws.sops(["encrypt", "--age", ws.recipient, "--encrypted-regex", "^pass|tok$", "s.yaml"])
        #expect(sops.status == 0, "sops: \(sops.err)")
        try ws.write("s.enc.yaml", sops.out)
        let read = try ws.credfile(["decrypt", "--extract", "password", "s.enc.yaml"])
        #expect(read.status == 0, "credfile: \(read.err)")
        #expect(read.out == "hunter2")
    }
}
