import CredfileTestSupport
import Foundation
import Testing

/// `credfile validate` through the binary: both tiers, the three formats, exit codes, and that
/// no value reaches any output.
@Suite struct ValidateCommandTests {
    static let canary = "canary-Pa55-7c1e"

    /// A repository with .sops.yaml, one encrypted smtp credential and (optionally) schemas/.
    /// `brokenSchemas` are written after the credential is encrypted: `encrypt` itself refuses
    /// to work with a broken schema of the file's type.
    func repository(schemas: [String: String] = [:], credential: String? = nil, brokenSchemas: [String: String] = [:]) throws -> Workspace {
        let ws = try Workspace()
        try ws.write(".sops.yaml", "creation_rules:\n  - path_regex: ^credentials/.*\\.yaml$\n    age: \(ws.recipient)\n")
        for (name, text) in schemas { try ws.write("schemas/\(name)", text) }
        let text = credential ?? """
            name: relay
            type: smtp
            description: Relay
            host: smtp.example.com
            username: u@example.com
            password: \(Self.canary)

            """
        try ws.write("credentials/relay.yaml", text)
        let result = try ws.credfile(["encrypt", "credentials/relay.yaml"])
        guard result.status == 0 else { throw Workspace.Failure("encrypt: \(result.err)") }
        for (name, text) in brokenSchemas { try ws.write("schemas/\(name)", text) }
        return ws
    }

    func expectNoCanary(_ result: Subprocess.Result) {
        #expect(!result.out.contains(Self.canary) && !result.err.contains(Self.canary))
        #expect(!result.out.contains("ENC[") && !result.err.contains("ENC["))
    }

    /// The smtp transport warnings: only a `tls: false` written in the file counts.
    @Test(arguments: [
        ("port: 465\ntls: false\n", "smtp.tls-off-on-465"),
        ("port: 587\ntls: false\n", "smtp.password-without-tls"),
        ("port: 587\ntls: true\n", nil),
        ("port: 587\n", nil),
        ("port: 587\ntls: false\ntls_mode: implicit\n", nil),
    ] as [(String, String?)])
    func smtpTransportWarnings(fields: String, code: String?) throws {
        let ws = try repository(credential: """
            name: relay
            type: smtp
            description: Relay
            host: smtp.example.com
            username: u@example.com
            password: \(Self.canary)
            \(fields)
            """)
        let result = try ws.credfile(["validate"])
        #expect(result.status == 0, "\(result.err)")
        let strict = try ws.credfile(["validate", "--strict"])
        if let code {
            #expect(result.err.contains("warning: ") && result.err.contains("[\(code)]"), "\(result.err)")
            #expect(result.err.contains("credentials/relay.yaml:"))
            #expect(strict.status == 1)
        } else {
            #expect(!result.err.contains("[smtp."), "\(result.err)")
            #expect(strict.status == 0, "\(strict.err)")
        }
        expectNoCanary(result)
    }

    @Test func repositoryOwnCredentialsAreClean() throws {
        let root = PeerTool.packageRoot
        let identity = root.appendingPathComponent("demo/DEMO-ONLY-age-identity.txt").path
        let keyless = try CLI.run(["validate"], in: root)
        #expect(keyless.status == 0, "\(keyless.err)")
        #expect(keyless.err == "0 errors, 0 warnings in 2 files\n", "success says what was checked, one line")
        let decrypting = try CLI.run(["validate", "--decrypt"], in: root, environment: ["SOPS_AGE_KEY_FILE": identity])
        #expect(decrypting.status == 0, "\(decrypting.err)")
    }

    @Test func cleanInBothTiers() throws {
        let ws = try repository()
        #expect(try ws.credfile(["validate"], identity: false).status == 0)
        let decrypting = try ws.credfile(["validate", "--decrypt"])
        #expect(decrypting.status == 0, "\(decrypting.err)")
        expectNoCanary(decrypting)
    }

    @Test func errorsInTheCompilerShapeWithASummary() throws {
        let ws = try repository()
        let text = try ws.read("credentials/relay.yaml").replacingOccurrences(of: "host: smtp.example.com", with: "host: smtp..example.com")
        try ws.write("credentials/relay.yaml", text)
        let result = try ws.credfile(["validate"], identity: false)
        #expect(result.status == 1)
        #expect(result.err.hasPrefix("credentials/relay.yaml:4:7: error: 'host' must be"))
        #expect(result.err.contains("[field.invalid]"))
        #expect(result.err.hasSuffix("1 error, 0 warnings in 1 file\n"))
        #expect(!result.err.contains("smtp..example.com"))
    }

    @Test func jsonFormatIsOneObjectPerLine() throws {
        let ws = try repository()
        try ws.write("credentials/bad.yaml", "name: bad\ntype: smtp\ndescription: x\nport: 0\n")
        let result = try ws.credfile(["validate", "--format", "json"], identity: false)
        #expect(result.status == 1)
        var objects = try JSONLinesReader.objects(result.out)
        #expect(objects.popLast()?["summary"] as? [String: Int] == ["errors": 2, "files": 2, "warnings": 0], "the summary comes last")
        #expect(objects.count == 2)
        #expect(Set(objects.compactMap { $0["code"] as? String }) == ["field.missing", "field.invalid"])
        #expect(objects.allSatisfy { $0["path"] as? String == "credentials/bad.yaml" && $0["line"] is Int })
    }

    @Test(arguments: [(["--format", "github"], [String: String]()), ([], ["GITHUB_ACTIONS": "true"])])
    func githubAnnotations(arguments: [String], environment: [String: String]) throws {
        let ws = try repository()
        try ws.write("credentials/bad.yaml", "name: bad\ntype: smtp\ndescription: x\nhost: h.example.com\nport: 0\n")
        var env = environment
        env["SOPS_AGE_KEY_FILE"] = nil
        let result = try CLI.run(["validate"] + arguments, in: ws.dir.url, environment: env)
        #expect(result.status == 1)
        #expect(result.out == "::error file=credentials/bad.yaml,line=5,col=7,title=field.invalid::'port' must be a port number (1–65535)\n")
    }

    @Test func strictTurnsWarningsIntoFailure() throws {
        let ws = try repository(credential: """
            name: relay
            type: msgraph
            description: Mailbox
            tenant_id: 6f1c2a3b-1111-4222-8333-944455556666
            client_id: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
            client_secret: \(Self.canary)
            secret_expires: "2026-12-01"

            """)
        let lenient = try ws.credfile(["validate", "--today", "2026-11-22"], identity: false)
        #expect(lenient.status == 0)
        #expect(lenient.err.contains("warning: the secret expires in 9 days"))
        #expect(try ws.credfile(["validate", "--today", "2026-11-22", "--strict"], identity: false).status == 1)
        #expect(try ws.credfile(["validate", "--today", "2026-12-02"], identity: false).status == 1)
    }

    @Test func usageErrorsExitTwo() throws {
        let ws = try repository()
        #expect(try ws.credfile(["validate", "--format", "xml"]).status == 2)
        #expect(try ws.credfile(["validate", "--today", "tomorrow"]).status == 2)
        let empty = try TemporaryDirectory("no-repo")
        let result = try CLI.run(["validate"], in: empty.url)
        #expect(result.status == 2)
        #expect(result.err.contains("no credentials/ directory"))
    }

    /// The CI tier catches what the key-less tier cannot: edited plain values (MAC), tampered
    /// ciphertext, a missing key, and decrypted values that break their field type.
    @Test func decryptingTierFailures() throws {
        let ws = try repository()
        let original = try ws.read("credentials/relay.yaml")
        try ws.write("credentials/relay.yaml", original.replacingOccurrences(of: "description: Relay", with: "description: Evil"))
        let mac = try ws.credfile(["validate", "--decrypt"])
        #expect(mac.status == 1 && mac.err.contains("[sops.mac-mismatch]"))
        expectNoCanary(mac)
        let line = original.split(separator: "\n").first { $0.hasPrefix("password:") }!
        var chars = Array(line)
        let i = "password: ENC[AES256_GCM,data:".count + 1
        chars[i] = chars[i] == "A" ? "B" : "A"
        try ws.write("credentials/relay.yaml", original.replacingOccurrences(of: String(line), with: String(chars)))
        let tampered = try ws.credfile(["validate", "--decrypt"])
        #expect(tampered.status == 1 && tampered.err.contains("credentials/relay.yaml:6:11: error:"))
        #expect(tampered.err.contains("[sops.decrypt-failed]"))
        #expect(try ws.credfile(["validate"], identity: false).status == 0, "the key-less tier cannot see it")
        let nokey = try ws.credfile(["validate", "--decrypt"], identity: false)
        #expect(nokey.status == 1 && nokey.err.contains("[keys.no-identity]"))
    }

    @Test func decryptedValuesAreTypeChecked() throws {
        let schema = """
            type: door
            title: Door code
            fields:
              pin: { type: int, min: 1000, max: 9999, sensitive: true }

            """
        let ws = try repository(schemas: ["door.yaml": schema], credential: "name: relay\ntype: door\ndescription: Back door\npin: 42\n")
        #expect(try ws.credfile(["validate"], identity: false).status == 0, "42 is encrypted: key-less cannot see it")
        let result = try ws.credfile(["validate", "--decrypt"])
        #expect(result.status == 1)
        #expect(result.err.contains("credentials/relay.yaml:4:6: error: 'pin' must be"))
        #expect(!result.err.contains("42"))
    }

    @Test func brokenSchemaIsReportedNotCrashed() throws {
        let ws = try repository(brokenSchemas: ["smtp.yaml": "type: smtp\nfields:\n  host: { type: hostnme }\n"])
        let result = try ws.credfile(["validate"], identity: false)
        #expect(result.status == 1)
        #expect(result.err.contains("schemas/smtp.yaml:3:"))
    }
}
