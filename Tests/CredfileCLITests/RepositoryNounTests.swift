import CredfileTestSupport
import Foundation
import Testing

/// Issue 11's verified problems, each reproduced as the issue describes it; every one of these
/// failed before the commands were rebuilt on `Repository`, `Credential` and the one
/// field-value parser.
@Suite struct RepositoryNounTests {
    /// The repository's own smtp schema makes `port` required (the built-in one does not).
    static let strictSMTP = """
        type: smtp
        title: SMTP relay (port required here)
        fields:
          host: { type: hostname, required: true }
          port: { type: port, required: true }

        """

    static let portless = """
        name: relay
        type: smtp
        description: Relay without a port
        host: smtp.example.com

        """

    /// A `.sops.yaml` in `sub/` made `validate` from `sub/` fall back to the built-in schemas
    /// while it read the parent's `credentials/`, so a credential the repository's schema
    /// rejects passed, and `export` handed it out.
    @Test func subdirectoryConfigDoesNotSwapTheSchemas() throws {
        let ws = try Workspace()
        try ws.write("schemas/smtp.yaml", Self.strictSMTP)
        try ws.write(".sops.yaml", "creation_rules:\n  - path_regex: ^credentials/\n    age: \(ws.recipient)\n")
        try ws.write("sub/.sops.yaml", "creation_rules:\n  - age: \(ws.recipient)\n")
        try ws.write("credentials/relay.yaml", Self.portless)
        let atRoot = try ws.credfile(["validate"], identity: false)
        #expect(atRoot.status == 1 && atRoot.err.contains("'port'"), "\(atRoot.err)")
        let sub = ws.dir.file("sub")
        let fromSub = try CLI.run(["validate"], in: sub)
        #expect(fromSub.status == 1 && fromSub.err.contains("'port'"), "\(fromSub.err)")
        let export = try CLI.run(["export", "relay", "--format", "shell"], in: sub)
        #expect(export.status == 1 && export.out.isEmpty, "\(export.out)")
        // The global -C DIR starts discovery there, as git's does.
        let elsewhere = try TemporaryDirectory("credfile-elsewhere")
        let viaC = try CLI.run(["-C", sub.path, "validate"], in: elsewhere.url)
        #expect(viaC.status == 1 && viaC.err.contains("'port'"), "\(viaC.err)")
        let cleanViaC = try CLI.run(["-C", ws.dir.url.path, "schema", "list"], in: elsewhere.url)
        #expect(cleanViaC.status == 0 && cleanViaC.out.contains("port required here"), "\(cleanViaC.err)")
        #expect(try CLI.run(["-C", "/nonexistent-dir", "validate"], in: elsewhere.url).status == 2)
    }

    /// `new … tls=yes` worked and `set … tls=yes` did not; `set tls=' true'` worked and `new`
    /// refused it; a bad value was `credential.invalid`/1 from `new`, `usage`/2 from `set`.
    @Test func newAndSetParseValuesAlike() throws {
        let ws = try Workspace.initialised()
        try ws.new("relay", type: "smtp", ["host=smtp.example.com", "tls=yes"])
        #expect(try Self.shown(ws, "tls") == "true")
        let set = try ws.credfile(["set", "relay", "tls=no"])
        #expect(set.status == 0, "\(set.err)")
        #expect(try Self.shown(ws, "tls") == "false")
        let spaced = [
            try ws.credfile(["set", "relay", "tls= true"]),
            try ws.credfile(["new", "other", "--type", "smtp", "--description", "d", "host=a.example.com", "tls= true"]),
        ]
        for result in spaced {
            #expect(result.status == 1, "\(result.err)")
            #expect(result.err.contains("'tls' must be true or false") && result.err.contains("[field.invalid]"), "\(result.err)")
        }
        let badPort = [
            try ws.credfile(["set", "relay", "port=submission"]),
            try ws.credfile(["new", "third", "--type", "smtp", "--description", "d", "host=a.example.com", "port=submission"]),
        ]
        for result in badPort {
            #expect(result.status == 1 && result.err.contains("[field.invalid]"), "\(result.err)")
        }
        try ws.write("credentials/fourth.yaml", "name: fourth\ntype: smtp\ndescription: d\nhost: a.example.com\nport: submission\n")
        let validate = try ws.credfile(["validate", "credentials/fourth.yaml"])
        #expect(validate.status == 1 && validate.err.contains("'port' must be a port number") && validate.err.contains("[field.invalid]"))
    }

    /// The value `show` prints for `field` of `relay`.
    static func shown(_ ws: Workspace, _ field: String) throws -> String? {
        let line = try ws.credfile(["show", "relay"]).out.split(separator: "\n").first { $0.hasPrefix(field + " ") }
        return line?.split(separator: " ").last.map(String.init)
    }

    /// A typo in `schemas/smtp.yaml` made `export` and `set` say "unknown credential type
    /// 'smtp'" and `show` print without a schema; each now names the schema file's problem.
    @Test func brokenSchemaIsReportedAsItselfByEveryCommand() throws {
        let ws = try Workspace.initialised()
        try ws.new("relay", type: "smtp", ["host=smtp.example.com", "username=u", "password=pw-123456789"])
        let schema = try ws.read("schemas/smtp.yaml")
        try ws.write("schemas/smtp.yaml", schema.replacingOccurrences(of: "type: hostname", with: "type: hostnme"))
        for args in [
            ["export", "relay", "--format", "shell"], ["set", "relay", "host=b.example.com"], ["show", "relay"],
            ["new", "other", "--type", "smtp", "--description", "d", "host=a.example.com"],
        ] {
            let result = try ws.credfile(args)
            #expect(result.status == 1, "\(args): \(result.err)")
            #expect(result.err.contains("schemas/smtp.yaml:") && result.err.contains("hostnme"), "\(args): \(result.err)")
            #expect(!result.err.contains("unknown credential type"), "\(args): \(result.err)")
            #expect(result.out.isEmpty, "\(args): \(result.out)")
        }
    }

    /// Found by attacking the change: the one type lookup must never quote a value back — not
    /// a ciphertext moved into `type`, not control characters that would forge an output line.
    @Test func unknownTypeNeverQuotesAValue() throws {
        let ws = try Workspace.initialised()
        try ws.new("relay", type: "smtp", ["host=smtp.example.com", "username=u", "password=pw-123456789"])
        let text = try ws.read("credentials/relay.yaml")
        let token = try #require(text.split(separator: "\n").first { $0.hasPrefix("password: ENC[") }?.dropFirst(10))
        try ws.write("credentials/relay.yaml", text.replacingOccurrences(of: "type: smtp", with: "type: \(token)"))
        for args in [["validate"], ["validate", "--format", "json"], ["export", "relay", "--format", "shell"]] {
            let result = try ws.credfile(args)
            #expect(result.status == 1, "\(args): \(result.err)")
            #expect(!(result.out + result.err).contains("ENC["), "\(args)")
            #expect((result.out + result.err).contains("type is encrypted"), "\(args): \(result.err)")
        }
        try ws.write("credentials/other.yaml", "name: other\ntype: \"sm\\e[31mtp\\nFAKE: error\"\ndescription: d\n")
        let forged = try ws.credfile(["validate", "credentials/other.yaml"])
        #expect(forged.status == 1 && !forged.err.contains("\u{1B}") && !forged.err.contains("FAKE"), "\(forged.err)")
    }

    /// `validate` names a broken schema for each credential of its type, instead of calling
    /// the type unknown; a `schemas/` without any schema means the built-in types in the
    /// working tree and in the index alike (git keeps no empty directory).
    @Test func validateNamesTheBrokenSchemaAndEmptySchemasMeanBuiltIns() throws {
        let ws = try Workspace.initialised()
        try ws.new("relay", type: "smtp", ["host=smtp.example.com"])
        let schema = try ws.read("schemas/smtp.yaml")
        try ws.write("schemas/smtp.yaml", schema + "fields: [\n")
        let broken = try ws.credfile(["validate"])
        #expect(broken.status == 1 && broken.err.contains("the schema of type 'smtp' is broken (schemas/smtp.yaml:"), "\(broken.err)")
        #expect(!broken.err.contains("unknown credential type"))
        for name in ["generic.yaml", "msgraph.yaml", "smtp.yaml"] {
            try FileManager.default.removeItem(at: ws.dir.file("schemas/\(name)"))
        }
        try ws.write("schemas/README.md", "the types live here\n")
        let empty = try ws.credfile(["validate"])
        #expect(empty.status == 0, "\(empty.err)")
    }

    /// `show` without a key shows `****`; a key search that fails is still an error.
    @Test func showReportsAFailingKeyCommand() throws {
        let ws = try Workspace.initialised()
        try ws.new("relay", type: "smtp", ["host=smtp.example.com", "username=u", "password=pw-123456789"])
        let result = try CLI.run(["show", "relay"], in: ws.dir.url, environment: ["SOPS_AGE_KEY_CMD": "false"])
        #expect(result.status != 0 && result.err.contains("SOPS_AGE_KEY_CMD"), "\(result.status) \(result.err)")
    }
}
