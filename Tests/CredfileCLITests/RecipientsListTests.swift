import CredfileTestSupport
import Foundation
import Testing

/// Issue 16, item 8: who can open what (`recipients list`), labels beside recipients in
/// `.sops.yaml`, a readable `.sops.yaml` (one recipient a line) that real sops still reads,
/// and what `recipients rm` says it cannot undo.
@Suite struct RecipientsListTests {
    /// A repository made by `init` (its `.sops.yaml` names the test identity) with two
    /// credentials, and a second identity.
    static func repository() throws -> (ws: Workspace, second: (file: URL, recipient: String)) {
        let ws = try Workspace.initialised()
        try ws.new("smtp-prod", type: "smtp", ["host=smtp.example.com", "username=u", "password=\(canary)"])
        try ws.new("graph-inbox", type: "msgraph", [
            "tenant_id=0b5f5a2e-3c1d-4e8a-9b7c-1d2e3f4a5b6c", "client_id=7c9e6679-7425-40de-944b-e07fc1f90ae7",
            "client_secret=\(canary)", "secret_expires=2099-06-30",
        ])
        let file = ws.dir.file("second-identity.txt")
        let keygen = try ws.credfile(["keygen", "-o", file.path])
        return (ws, (file, keygen.out.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    static let canary = "Canary-Recipients-Secret-7741"

    /// `recipients list --format json` as objects.
    static func listJSON(_ ws: Workspace) throws -> [String: Any] {
        let result = try ws.credfile(["recipients", "list", "--format", "json"], identity: false)
        #expect(result.status == 0, "\(result.err)")
        return try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    }

    @Test func listShowsWhichCredentialsEachRecipientOpensPerRuleWithoutAKey() throws {
        let (ws, second) = try Self.repository()
        #expect(try ws.credfile(["recipients", "add", second.recipient, "smtp-prod", "--identity", ws.identityFile.path]).status == 0)
        let result = try ws.credfile(["recipients", "list"], identity: false)
        #expect(result.status == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("RECIPIENT") && lines[0].contains("LABEL") && lines[0].contains("RULE") && lines[0].hasSuffix("CREDENTIALS"))
        let first = try #require(lines.first { $0.hasPrefix(ws.recipient) })
        #expect(first.contains("#1 ^credentials/.*\\.yaml$") && first.hasSuffix("2: graph-inbox, smtp-prod"), "\(result.out)")
        // Only a file names the second key: listed under the rule, marked, with that one file.
        let other = try #require(lines.first { $0.hasPrefix(second.recipient) })
        #expect(other.contains("(not listed)") && other.hasSuffix("1: smtp-prod"), "\(result.out)")
        #expect(!result.out.contains(Self.canary) && !result.out.contains("ENC["))

        let json = try Self.listJSON(ws)
        let rows = try #require(json["recipients"] as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows[0]["recipient"] as? String == ws.recipient && rows[0]["kind"] as? String == "age")
        #expect(rows[0]["credentials"] as? [String] == ["graph-inbox", "smtp-prod"] && rows[0]["listed"] as? Bool == true)
        #expect(rows[0]["rule"] as? Int == 1 && rows[0]["path_regex"] as? String == "^credentials/.*\\.yaml$")
        #expect(rows[1]["recipient"] as? String == second.recipient && rows[1]["listed"] as? Bool == false)
        #expect(json["config"] as? String == ".sops.yaml")
    }

    @Test func aCredentialWhoseRecipientsDifferFromItsRuleIsStale() throws {
        let (ws, second) = try Self.repository()
        #expect(try ws.credfile(["recipients", "add", second.recipient, "smtp-prod"]).status == 0)
        let result = try ws.credfile(["recipients", "list"], identity: false)
        let stale = result.out.split(separator: "\n").filter { $0.hasPrefix("stale: ") }
        #expect(stale.count == 1, "\(result.out)")
        #expect(stale.first?.contains("credentials/smtp-prod.yaml") == true)
        #expect(stale.first?.contains("credfile recipients rm \(second.recipient) smtp-prod") == true, "\(result.out)")
        #expect(stale.first?.contains("credfile rotate smtp-prod") == true)
        let json = try Self.listJSON(ws)
        let entries = try #require(json["stale"] as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first?["name"] as? String == "smtp-prod" && entries.first?["extra"] as? [String] == [second.recipient])
        #expect(entries.first?["missing"] as? [String] == [])

        // The rule gains the key (every credential is re-wrapped): nothing stale any more.
        #expect(try ws.credfile(["recipients", "add", second.recipient]).status == 0)
        #expect(try #require(try Self.listJSON(ws)["stale"] as? [Any]).isEmpty)
        #expect(!(try ws.credfile(["recipients", "list"], identity: false)).out.contains("stale:"))
    }

    @Test func aLabelIsACommentBesideTheRecipientAndIsListed() throws {
        let (ws, second) = try Self.repository()
        let added = try ws.credfile(["recipients", "add", second.recipient, "--label", "alice laptop"])
        #expect(added.status == 0, "\(added.err)")
        let config = try ws.read(".sops.yaml")
        #expect(config.contains("    age:\n      - \(ws.recipient)\n      - \(second.recipient)  # alice laptop\n"), "\(config)")
        let line = try ws.credfile(["recipients", "list"], identity: false).out.split(separator: "\n").first { $0.hasPrefix(second.recipient) }
        #expect(line?.contains("  alice laptop  ") == true)
        let rows = try #require(try Self.listJSON(ws)["recipients"] as? [[String: Any]])
        #expect(rows.first { $0["recipient"] as? String == second.recipient }?["label"] as? String == "alice laptop")
        #expect(rows.first { $0["recipient"] as? String == ws.recipient }?["label"] == nil)

        // add again with another label: only the label changes.
        let files = try ws.read("credentials/smtp-prod.yaml")
        #expect(try ws.credfile(["recipients", "add", second.recipient, "--label", "alice desktop"]).status == 0)
        #expect(try ws.read(".sops.yaml").contains("      - \(second.recipient)  # alice desktop\n"))
        #expect(try ws.read("credentials/smtp-prod.yaml") == files)
        // A label cannot break out of its comment.
        let bad = try ws.credfile(["recipients", "add", second.recipient, "--label", "x\nage: evil"])
        #expect(bad.status == 2 && bad.err.contains("one line"), "\(bad.err)")
        #expect(try ws.read(".sops.yaml").contains("      - \(second.recipient)  # alice desktop\n"))
    }

    @Test func labelsSurviveRotateAddAndRemove() throws {
        let (ws, second) = try Self.repository()
        try ws.write(".sops.yaml", """
            # who can read the credentials
            creation_rules:
              - path_regex: ^credentials/.*\\.yaml$
                age:
                  - \(ws.recipient)  # ci runner
                  # former staff keys are removed, never commented out
            """)
        #expect(try ws.credfile(["recipients", "add", second.recipient, "--label", "alice laptop"]).status == 0)
        let third = ws.dir.file("third.txt")
        let thirdRecipient = try ws.credfile(["keygen", "-o", third.path]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try ws.credfile(["recipients", "add", thirdRecipient]).status == 0)
        #expect(try ws.credfile(["rotate"]).status == 0)
        let removed = try ws.credfile(["recipients", "rm", thirdRecipient])
        #expect(removed.status == 0, "\(removed.err)")
        // New recipients go after the last one; every other line stays as it was.
        #expect(try ws.read(".sops.yaml") == """
            # who can read the credentials
            creation_rules:
              - path_regex: ^credentials/.*\\.yaml$
                age:
                  - \(ws.recipient)  # ci runner
                  - \(second.recipient)  # alice laptop
                  # former staff keys are removed, never commented out
            """)
        // init completes a repository and never rewrites its .sops.yaml.
        let before = try ws.read(".sops.yaml")
        #expect(try ws.credfile(["init", "--age", thirdRecipient]).status == 0)
        #expect(try ws.read(".sops.yaml") == before)
        // Remove the first: its line goes, the others keep their labels.
        #expect(try ws.credfile(["recipients", "rm", ws.recipient, "--identity", second.file.path]).status == 0)
        let config = try ws.read(".sops.yaml")
        #expect(!config.contains(ws.recipient) && !config.contains("ci runner"))
        #expect(config.contains("      - \(second.recipient)  # alice laptop"))
        let rows = try #require(try Self.listJSON(ws)["recipients"] as? [[String: Any]])
        #expect(rows.map { $0["label"] as? String } == ["alice laptop"])
    }

    /// sops 3.11 reads `age:` as a list (`config/config.go`, `parseKeyField`); comments are
    /// YAML comments. The rewritten config must still be what sops encrypts with.
    @Test(PeerTool.needs("sops"))
    func realSopsEncryptsWithTheRewrittenListConfig() throws {
        let (ws, second) = try Self.repository()
        #expect(try ws.credfile(["recipients", "add", second.recipient, "--label", "alice laptop"]).status == 0)
        #expect(try ws.read(".sops.yaml").contains("# alice laptop"))
        try ws.write("credentials/by-sops.yaml", "name: by-sops\ntype: generic\ndescription: written by sops\n")
        let encrypted = try ws.sops(["encrypt", "-i", "credentials/by-sops.yaml"])
        #expect(encrypted.status == 0, "\(encrypted.err)")
        let text = try ws.read("credentials/by-sops.yaml")
        #expect(text.contains("- recipient: \(ws.recipient)\n") && text.contains("- recipient: \(second.recipient)\n"), "\(text)")
        // Both keys open it, each on its own, with sops itself.
        for identity in [ws.identityFile, second.file] {
            let opened = try Subprocess.run(
                try PeerTool.require("sops"), ["decrypt", "credentials/by-sops.yaml"],
                environment: ["SOPS_AGE_KEY_FILE": identity.path], currentDirectory: ws.dir.url)
            #expect(opened.status == 0, "\(opened.err)")
        }
        // And `recipients list` sees that file under the rule, not stale.
        let json = try Self.listJSON(ws)
        #expect(try #require(json["stale"] as? [Any]).isEmpty)
        let rows = try #require(json["recipients"] as? [[String: Any]])
        #expect(rows.allSatisfy { ($0["credentials"] as? [String])?.contains("by-sops") == true })
    }

    /// A comma-separated `age:` (what older credfile and many hand-written configs have) is
    /// still read, and converted to the list only by a write that touches the rule.
    @Test(PeerTool.needs("sops"))
    func aCommaSeparatedStringIsConvertedOnlyWhenTouched() throws {
        let (ws, second) = try Self.repository()
        let commaForm = """
            creation_rules:
              - path_regex: ^credentials/.*\\.yaml$
                age: \(ws.recipient)   # team keys

            """
        try ws.write(".sops.yaml", commaForm)
        #expect(try ws.credfile(["rotate"]).status == 0)
        #expect(try ws.credfile(["recipients", "add", second.recipient, "smtp-prod"]).status == 0)
        #expect(try ws.read(".sops.yaml") == commaForm, "neither rotate nor a NAME-only change touches the rule")
        #expect(try ws.credfile(["recipients", "add", second.recipient, "--label", "bob"]).status == 0)
        #expect(try ws.read(".sops.yaml") == """
            creation_rules:
              - path_regex: ^credentials/.*\\.yaml$
                age:  # team keys
                  - \(ws.recipient)
                  - \(second.recipient)  # bob

            """)
        try ws.write("credentials/by-sops.yaml", "name: by-sops\ntype: generic\ndescription: x\n")
        #expect(try ws.sops(["encrypt", "-i", "credentials/by-sops.yaml"]).status == 0)
        #expect(try ws.read("credentials/by-sops.yaml").contains("- recipient: \(second.recipient)\n"))
    }

    @Test func removeNamesWhatTheRecipientCouldReadAndThatHistoryKeepsIt() throws {
        let (ws, second) = try Self.repository()
        #expect(try ws.credfile(["recipients", "add", second.recipient, "smtp-prod"]).status == 0)
        let result = try ws.credfile(["recipients", "rm", second.recipient])
        #expect(result.status == 0, "\(result.err)")
        // Only the one credential the key could open, by name.
        #expect(result.err.contains("could read 1 credential: smtp-prod\n"), "\(result.err)")
        #expect(!result.err.contains("graph-inbox"))
        #expect(result.err.contains("git history"))
        #expect(result.err.contains("change these secrets at their providers"))
        #expect(result.err.contains("--prompt") && result.err.contains("--stdin"))
        #expect(result.err.contains("  credfile rotate smtp-prod\n"))
        // Never a value, plain or masked, nor ciphertext.
        #expect(!(result.out + result.err).contains(Self.canary) && !(result.out + result.err).contains("7741"))
        #expect(!(result.out + result.err).contains("ENC["))

        // The key the whole repository used: both credentials named.
        #expect(try ws.credfile(["recipients", "add", second.recipient]).status == 0)
        let all = try ws.credfile(["recipients", "rm", ws.recipient, "--identity", second.file.path])
        #expect(all.status == 0, "\(all.err)")
        #expect(all.err.contains("could read 2 credentials: graph-inbox, smtp-prod\n"), "\(all.err)")
        #expect(all.err.contains("  credfile rotate graph-inbox smtp-prod\n"))
    }
}
