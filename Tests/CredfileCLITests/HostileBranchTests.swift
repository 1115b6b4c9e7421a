import CredfileTestSupport
import Foundation
import Testing

/// Issue 12, as a key-less branch author would try it: replace an encrypted credential with a
/// plain one, switch on `mac_only_encrypted`, weaken the schemas or `.sops.yaml`. Each attempt
/// must be a finding of the checks that guard a merge (`--staged`, `--against`) or a refusal of
/// the commands that hand credentials to jobs.
@Suite(PeerTool.needs("git")) struct HostileBranchTests {
    typealias Repo = GitIntegrationTests.Repo

    /// The plain file a branch puts in place of the encrypted one: no secret, no sops block,
    /// and a host of the attacker's.
    static let downgraded = "name: relay\ntype: smtp\ndescription: Relay\nhost: mail.attacker.example\n"

    @Test func plaintextDowngradeFailsEveryGate() throws {
        let repo = try Repo()
        try repo.ws.write("credentials/relay.yaml", Self.downgraded)
        let against = try repo.ws.credfile(["validate", "--decrypt", "--strict", "--against", "HEAD"])
        #expect(against.status == 1 && against.err.contains("[sops.downgrade]"), "\(against.err)")
        try repo.run(["add", "-A"])
        let staged = try repo.staged()
        #expect(staged.status == 1 && staged.err.contains("[sops.downgrade]"), "\(staged.err)")
        let decrypt = try repo.ws.credfile(["validate", "--decrypt"])
        #expect(decrypt.status == 1 && decrypt.err.contains("no 'sops' block") && decrypt.err.contains("[sops.missing]"))
        for args in [["export", "relay", "--format", "shell"], ["exec", "relay", "--", "/bin/sh", "-c", "echo RAN"]] {
            let result = try repo.ws.credfile(args)
            #expect(result.status == 1 && result.err.contains("not encrypted"), "\(args): \(result.err)")
            #expect(!result.out.contains("attacker") && !result.out.contains("RAN"), "\(args)")
        }
        // Variant: the plain file arrives under a new name while the old one goes. That is a
        // new credential, not a downgrade (jobs name `relay`, which is gone), and no job can
        // be handed it: nothing authenticates it.
        try repo.run(["rm", "-q", "--cached", "credentials/relay.yaml"])
        try FileManager.default.removeItem(at: repo.ws.dir.file("credentials/relay.yaml"))
        try repo.ws.write("credentials/relay2.yaml", Self.downgraded.replacingOccurrences(of: "name: relay", with: "name: relay2"))
        try repo.run(["add", "-A"])
        let renamed = try repo.ws.credfile(["export", "relay2", "--format", "shell"])
        #expect(renamed.status == 1 && renamed.err.contains("not encrypted") && !renamed.out.contains("attacker"))
    }

    @Test func macOnlyEncryptedIsWarnedAndItsSwitchIsADowngrade() throws {
        let repo = try Repo()
        try repo.ws.write("credentials/relay.yaml", """
            name: relay
            type: smtp
            description: Relay
            host: smtp.example.com
            username: u@example.com
            password: pw-123456789

            """)
        let encrypt = try repo.ws.credfile(["encrypt", "--mac-only-encrypted", "credentials/relay.yaml"])
        #expect(encrypt.status == 0 && encrypt.err.contains("mac_only_encrypted"), "\(encrypt.err)")
        let validate = try repo.ws.credfile(["validate"])
        #expect(validate.status == 0 && validate.err.contains("[sops.mac-only-encrypted]"), "\(validate.err)")
        #expect(try repo.ws.credfile(["validate", "--strict"]).status == 1)
        let export = try repo.ws.credfile(["export", "relay", "--format", "shell"])
        #expect(export.status == 0 && export.err.contains("mac_only_encrypted"), "\(export.err)")
        try repo.run(["add", "-A"])
        let staged = try repo.staged()
        #expect(staged.status == 1 && staged.err.contains("[sops.downgrade]"), "\(staged.err)")
    }

    @Test func typeWithoutSecretsStillGetsAMAC() throws {
        let ws = try Workspace.initialised()
        try ws.write("schemas/endpoint.yaml", "type: endpoint\nfields:\n  url: { type: url, required: true }\n")
        try ws.new("api", type: "endpoint", ["url=https://api.example.com/"])
        let text = try ws.read("credentials/api.yaml")
        #expect(text.contains("sops:") && text.contains("mac: ENC[") && text.contains("url: https://api.example.com/"))
        #expect(try ws.credfile(["validate", "--decrypt"]).status == 0)
        // A key-less edit of the plain URL no longer authenticates.
        try ws.write("credentials/api.yaml", text.replacingOccurrences(of: "api.example.com", with: "api.attacker.example"))
        let tampered = try ws.credfile(["export", "api", "--format", "shell"])
        #expect(tampered.status == 51 && !tampered.out.contains("attacker"), "\(tampered.status) \(tampered.err)")
    }

    /// The repository of `Repo` with the built-in schemas committed, so a branch can edit them.
    func repoWithSchemas() throws -> Repo {
        let repo = try Repo()
        #expect(try repo.ws.credfile(["init", "--age", repo.ws.recipient]).status == 0)
        try repo.run(["add", "-A"])
        try repo.run(["commit", "-q", "-m", "schemas"])
        return repo
    }

    @Test func policyWeakeningIsShownAtTheChangedLine() throws {
        let repo = try repoWithSchemas()
        let smtp = try repo.ws.read("schemas/smtp.yaml")
        let weakened = smtp.replacingOccurrences(of: "sensitive: true", with: "sensitive: false")
        #expect(weakened != smtp)
        try repo.ws.write("schemas/smtp.yaml", weakened + "extra_fields: true\n")
        let msgraph = try repo.ws.read("schemas/msgraph.yaml")
        try repo.ws.write(
            "schemas/msgraph.yaml",
            msgraph.replacingOccurrences(of: "required: true", with: "required: false"))
        let config = try repo.ws.read(".sops.yaml")
        try repo.ws.write(".sops.yaml", config + "      - age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq0yuyfsf\n")
        let against = try repo.ws.credfile(["validate", "--against", "HEAD"], identity: false)
        let lines = against.err.split(separator: "\n").filter { $0.contains("[policy.weakened]") }
        #expect(lines.contains { $0.hasPrefix("schemas/smtp.yaml:") && $0.contains("'password' of type 'smtp' is no longer sensitive") },
                "\(against.err)")
        #expect(lines.contains { $0.contains("type 'smtp' now allows fields it does not list") })
        #expect(lines.contains { $0.hasPrefix("schemas/msgraph.yaml:") && $0.contains("is no longer required") })
        #expect(lines.contains { $0.hasPrefix(".sops.yaml") && $0.contains("recipients changed") }, "\(against.err)")
        #expect(try repo.ws.credfile(["validate", "--against", "HEAD", "--strict"], identity: false).status == 1)
    }

    /// `--staged` judges the staged policy: an unstaged working-tree schema cannot hide a
    /// staged weakening, nor excuse a staged plaintext secret.
    @Test func stagedPolicyComesFromTheIndex() throws {
        let repo = try repoWithSchemas()
        let smtp = try repo.ws.read("schemas/smtp.yaml")
        try repo.ws.write("schemas/smtp.yaml", smtp.replacingOccurrences(of: "sensitive: true", with: "sensitive: false"))
        try repo.run(["add", "schemas/smtp.yaml"])
        try repo.ws.write("schemas/smtp.yaml", smtp)  // the working tree looks innocent
        let staged = try repo.staged()
        #expect(staged.err.contains("[policy.weakened]") && staged.err.contains("no longer sensitive"), "\(staged.err)")
        // And the other way round: staged schema strict, a plaintext secret staged, the
        // working-tree schema (unstaged) weakened — the secret is still an error.
        try repo.run(["checkout", "-q", "--", "."])
        try repo.run(["reset", "-q"])
        try repo.ws.write("credentials/plain.yaml", "name: plain\ntype: smtp\ndescription: d\nhost: a.example.com\nusername: u\npassword: pw-plain-secret\n")
        try repo.run(["add", "credentials/plain.yaml"])
        try repo.ws.write("schemas/smtp.yaml", smtp.replacingOccurrences(of: "sensitive: true", with: "sensitive: false"))
        let plain = try repo.staged()
        #expect(plain.status == 1 && plain.err.contains("credentials/plain.yaml"), "\(plain.err)")
        #expect(!plain.err.contains("pw-plain-secret"))
    }

    // MARK: Found by the red team against the first version of these checks

    /// The attacker's own age identity, and its recipient.
    func attackerRecipient(_ ws: Workspace) throws -> String {
        let result = try ws.credfile(["keygen", "-o", ws.dir.file("attacker-identity.txt").path], identity: false)
        guard result.status == 0 else { throw Workspace.Failure(result.err) }
        return result.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The public recipients are all it takes to write a new, valid sops file: a branch
    /// replaces the credential wholesale, adding a recipient of its own so that it can read
    /// whatever a key holder later `set`s — or, quieter, only the repository's recipient.
    @Test func wholesaleReplacementIsCaught() throws {
        let repo = try Repo()
        let attacker = try attackerRecipient(repo.ws)
        let forged = "name: relay\ntype: smtp\ndescription: Relay\nhost: mail.attacker.example\nusername: u@example.com\npassword: x-123456789\n"
        try repo.ws.write("credentials/relay.yaml", forged)
        let encrypt = try repo.ws.credfile(
            ["encrypt", "--age", repo.ws.recipient, "--age", attacker, "credentials/relay.yaml"], identity: false)
        #expect(encrypt.status == 0, "\(encrypt.err)")
        try repo.run(["add", "-A"])
        let staged = try repo.staged()
        #expect(staged.status == 1 && staged.err.contains("[sops.recipients-mismatch]") && staged.err.contains(attacker), "\(staged.err)")
        let ci = try repo.ws.credfile(["validate", "--decrypt", "--strict", "--against", "HEAD"])
        #expect(ci.status == 1 && ci.err.contains("[sops.replaced]"), "\(ci.err)")
        // Only the repository's own recipient: nothing to see without a key, but CI has one.
        try repo.ws.write("credentials/relay.yaml", forged)
        #expect(try repo.ws.credfile(["encrypt", "--age", repo.ws.recipient, "credentials/relay.yaml"], identity: false).status == 0)
        let quiet = try repo.ws.credfile(["validate", "--decrypt", "--strict", "--against", "HEAD"])
        #expect(quiet.status == 1 && quiet.err.contains("[sops.replaced]"), "\(quiet.err)")
        #expect(!quiet.err.contains("x-123456789") && !quiet.err.contains(GitIntegrationTests.secret))
        // A rotation is a new data key with the same values: not a replacement.
        try repo.run(["checkout", "-q", "HEAD", "--", "credentials/relay.yaml"])
        #expect(try repo.ws.credfile(["rotate", "relay"]).status == 0)
        let rotated = try repo.ws.credfile(["validate", "--decrypt", "--strict", "--against", "HEAD"])
        #expect(rotated.status == 0, "\(rotated.err)")
    }

    /// An older version of the credential, restored from history: a genuine file whose MAC
    /// verifies, which undoes a host move or a password rotation.
    @Test func replayOfAnOlderVersionIsCaught() throws {
        let repo = try Repo()
        let old = try repo.ws.read("credentials/relay.yaml")
        Thread.sleep(forTimeInterval: 1.1)  // lastmodified has one-second resolution
        #expect(try repo.ws.credfile(["set", "relay", "host=smtp-new.example.com"]).status == 0)
        try repo.run(["commit", "-q", "-am", "move the relay"])
        try repo.ws.write("credentials/relay.yaml", old)
        let against = try repo.ws.credfile(["validate", "--decrypt", "--strict", "--against", "HEAD"])
        #expect(against.status == 1 && against.err.contains("[sops.replay]"), "\(against.err)")
        try repo.run(["add", "-A"])
        let staged = try repo.staged()
        #expect(staged.status == 1 && staged.err.contains("[sops.replay]"), "\(staged.err)")
    }

    /// Defaults are exported: changing one, or adding a field with one, chooses a value a job
    /// receives without touching a credential; a looser kind or pattern weakens the checks.
    @Test func defaultsKindsAndPatternsArePolicy() throws {
        let repo = try repoWithSchemas()
        let smtp = try repo.ws.read("schemas/smtp.yaml")
        var changed = smtp.replacingOccurrences(of: "default: 25", with: "default: 2525")
        changed = changed.replacingOccurrences(of: "type: hostname", with: "type: string")
        changed = changed.replacingOccurrences(
            of: "fields:\n", with: "fields:\n  proxy_url: { type: string, default: \"http://evil.example:8080\" }\n")
        #expect(changed != smtp)
        try repo.ws.write("schemas/smtp.yaml", changed)
        let against = try repo.ws.credfile(["validate", "--against", "HEAD"], identity: false)
        let lines = against.err.split(separator: "\n").filter { $0.contains("[policy.weakened]") }
        #expect(lines.contains { $0.contains("'port'") && $0.contains("default changed") }, "\(against.err)")
        #expect(lines.contains { $0.contains("'host'") && $0.contains("kind changed") }, "\(against.err)")
        #expect(lines.contains { $0.contains("'proxy_url'") && $0.contains("is new and has a default") }, "\(against.err)")
        #expect(try repo.ws.credfile(["validate", "--against", "HEAD", "--strict"], identity: false).status == 1)
    }

    @Test(arguments: ["ANSIBLE_CONFIG", "VAULT_ADDR", "PGSSLROOTCERT", "CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE", "NIX_SSL_CERT_FILE"])
    func moreVariablesNoSchemaMayName(variable: String) throws {
        let ws = try Workspace()
        try ws.write("schemas/app.yaml", "type: app\nfields:\n  target: { type: string, env: \(variable) }\n")
        let result = try ws.credfile(["schema", "list"], identity: false)
        #expect(result.status == 1 && result.err.contains("[schema.env-forbidden]"), "\(result.err)")
    }
}
