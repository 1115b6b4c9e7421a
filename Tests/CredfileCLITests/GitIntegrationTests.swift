import CredfileTestSupport
import Foundation
import Testing

/// Name immutability, the pre-commit hook and masked diffs, with a real git in temporary
/// repositories (issue 4).
@Suite struct GitIntegrationTests {
    static let secret = "canary-Git-2f9a"

    /// A git repository with one committed, encrypted smtp credential `relay`.
    final class Repo {
        let ws: Workspace
        let git: String
        init() throws {
            ws = try Workspace()
            git = try PeerTool.require("git")
            try ws.write(".sops.yaml", "creation_rules:\n  - path_regex: ^credentials/\n    age: \(ws.recipient)\n")
            try ws.write("credentials/relay.yaml", """
                name: relay
                type: smtp
                description: Relay
                host: smtp.example.com
                username: u@example.com
                password: \(GitIntegrationTests.secret)

                """)
            #expect(try ws.credfile(["encrypt", "credentials/relay.yaml"]).status == 0)
            try run(["init", "-q"])
            try run(["config", "user.email", "t@example.com"])
            try run(["config", "user.name", "t"])
            try run(["add", "-A"])
            try run(["commit", "-q", "-m", "init"])
        }

        @discardableResult
        func run(_ args: [String], env: [String: String] = [:]) throws -> Subprocess.Result {
            try Subprocess.run(git, args, environment: env, currentDirectory: ws.dir.url)
        }

        func staged() throws -> Subprocess.Result { try ws.credfile(["validate", "--staged"], identity: false) }

        func edit(_ path: String, _ from: String, _ to: String) throws {
            try ws.write(path, try ws.read(path).replacingOccurrences(of: from, with: to))
        }
    }

    @Test(PeerTool.needs("git")) func renameIsRefused() throws {
        let repo = try Repo()
        try repo.run(["mv", "credentials/relay.yaml", "credentials/relay2.yaml"])
        try repo.edit("credentials/relay2.yaml", "name: relay\n", "name: relay2\n")
        try repo.run(["add", "-A"])
        let result = try repo.staged()
        #expect(result.status == 1)
        #expect(result.err.contains("credentials/relay2.yaml:1:7: error: credential file renamed (from credentials/relay.yaml)"))
        #expect(result.err.contains("[name.immutable]") && result.err.contains("hint:"))
    }

    @Test(PeerTool.needs("git")) func nameChangeIsRefusedEvenWithAnUnstagedFix() throws {
        let repo = try Repo()
        try repo.edit("credentials/relay.yaml", "name: relay\n", "name: other\n")
        try repo.run(["add", "-A"])
        #expect(try repo.staged().err.contains("[name.changed]"))
        try repo.edit("credentials/relay.yaml", "name: other\n", "name: relay\n")
        let result = try repo.staged()
        #expect(result.status == 1, "the index still holds the bad name")
        #expect(result.err.contains("'name' changed from 'relay' to 'other'"))
        #expect(try repo.ws.credfile(["validate"], identity: false).status == 0, "the working tree is fine")
    }

    /// A new file with a deleted file's data key is a rename, whatever the text similarity:
    /// here the plain fields change so much that git itself sees an add and a delete.
    @Test(PeerTool.needs("git")) func copyThenDeleteIsARename() throws {
        let repo = try Repo()
        let text = try repo.ws.read("credentials/relay.yaml")
        let filler = (1...30).map { "# changed line \($0) to defeat rename detection" }.joined(separator: "\n")
        try repo.ws.write("credentials/mail.yaml", filler + "\n" + text.replacingOccurrences(of: "name: relay\n", with: "name: mail\n"))
        try repo.run(["rm", "-q", "credentials/relay.yaml"])
        try repo.run(["add", "-A"])
        let status = try repo.run(["status", "--short"]).out
        #expect(status.contains("A  credentials/mail.yaml") && status.contains("D  credentials/relay.yaml"), "git sees no rename")
        let result = try repo.staged()
        #expect(result.status == 1)
        #expect(result.err.contains("credentials/mail.yaml:31:7: error: credential file renamed (from credentials/relay.yaml)"))
    }

    @Test(PeerTool.needs("git")) func deletionAndDescriptionOrTypeChangesPass() throws {
        let repo = try Repo()
        try repo.edit("credentials/relay.yaml", "description: Relay\n", "description: Relay for invoices\n")
        try repo.run(["add", "-A"])
        #expect(try repo.staged().status == 0)
        try repo.edit("credentials/relay.yaml", "type: smtp\n", "type: generic\n")
        try repo.edit("credentials/relay.yaml", "host: smtp.example.com\n", "url: smtp://smtp.example.com\n")
        try repo.run(["add", "-A"])
        let typeChange = try repo.staged()
        #expect(typeChange.err.contains("[name.") == false, "\(typeChange.err)")
        try repo.run(["reset", "-q", "--hard"])
        try repo.run(["rm", "-q", "credentials/relay.yaml"])
        let deletion = try repo.staged()
        #expect(deletion.status == 0, "\(deletion.err)")
    }

    @Test(PeerTool.needs("git")) func againstARefChecksTheWorkingTree() throws {
        let repo = try Repo()
        try repo.run(["branch", "base"])
        try repo.edit("credentials/relay.yaml", "name: relay\n", "name: other\n")
        try repo.run(["commit", "-qam", "rename inside"])
        let result = try repo.ws.credfile(["validate", "--against", "base"], identity: false)
        #expect(result.status == 1 && result.err.contains("[name.changed]"))
        #expect(try repo.ws.credfile(["validate", "--against", "nope"], identity: false).status == 2)
    }

    @Test(PeerTool.needs("git")) func installedHookBlocksABadCommitAndPassesAGoodOne() throws {
        let repo = try Repo()
        #expect(try repo.ws.credfile(["hook", "install"]).status == 0)
        try repo.edit("credentials/relay.yaml", "host: smtp.example.com", "host: smtp..example.com")
        try repo.run(["add", "-A"])
        let bad = try repo.run(["commit", "-qm", "bad"])
        #expect(bad.status != 0)
        #expect(bad.err.contains("[field.invalid]") && !bad.err.contains(GitIntegrationTests.secret))
        try repo.edit("credentials/relay.yaml", "host: smtp..example.com", "host: smtp2.example.com")
        try repo.run(["add", "-A"])
        #expect(try repo.run(["commit", "-qm", "good"]).status == 0)
    }

    /// Issue 16: installed by a `credfile` found on PATH (argv[0] is then a bare name), the
    /// hook's fallback must still be this binary's absolute path, so that a commit without
    /// credfile on PATH (a GUI git client) runs the check instead of failing with 127.
    @Test(PeerTool.needs("git")) func hookFallbackIsTheBinarysRealPath() throws {
        let repo = try Repo()
        let binary = URL(fileURLWithPath: CLI.binary).resolvingSymlinksInPath()
        let bin = binary.deletingLastPathComponent().path
        let install = try Subprocess.run(
            "/bin/sh", ["-c", "credfile hook install"], environment: ["PATH": "\(bin):/usr/bin:/bin", "HOME": repo.ws.dir.url.path],
            currentDirectory: repo.ws.dir.url)
        #expect(install.status == 0, "\(install.err)")
        let hook = try repo.ws.read(".git/hooks/pre-commit")
        #expect(hook.contains("exec '\(binary.path)' validate --staged"), "\(hook)")
        try repo.edit("credentials/relay.yaml", "host: smtp.example.com", "host: smtp..example.com")
        try repo.run(["add", "-A"])
        let bad = try repo.run(["commit", "-qm", "bad"], env: ["PATH": "/usr/bin:/bin"])
        #expect(bad.status == 1 && bad.err.contains("[field.invalid]"), "the check ran: \(bad.status) \(bad.err)")
    }

    /// Issue 16: the hook blocks a staged plain secret and says to encrypt it; the user
    /// encrypts the working-tree file and commits again. The index still holds the plain copy,
    /// so the hook must say that, or the advice loops ("already encrypted").
    @Test(PeerTool.needs("git")) func hookSaysWhenTheStagedCopyIsNotTheFixedOne() throws {
        let repo = try Repo()
        #expect(try repo.ws.credfile(["hook", "install"]).status == 0)
        try repo.ws.write("credentials/mail.yaml", """
            name: mail
            type: smtp
            description: Mail
            host: mail.example.com
            username: m@example.com
            password: plain-Secret-4711

            """)
        try repo.run(["add", "-A"])
        let first = try repo.run(["commit", "-qm", "mail"])
        #expect(first.status != 0 && first.err.contains("stored in plain text"))
        #expect(!first.err.contains("staged copy differs"), "staged and working tree agree: \(first.err)")
        #expect(try repo.ws.credfile(["encrypt", "credentials/mail.yaml"]).status == 0)
        let second = try repo.run(["commit", "-qm", "mail"])
        #expect(second.status != 0)
        #expect(second.err.contains(
            "hint: the staged copy differs from the working tree: 'git add credentials/mail.yaml' to commit the working-tree version"),
            "\(second.err)")
        #expect(!second.err.contains("plain-Secret-4711"))
        try repo.run(["add", "-A"])
        #expect(try repo.run(["commit", "-qm", "mail"]).status == 0)
    }

    @Test(PeerTool.needs("git")) func hookInstallRefusesAForeignHook() throws {
        let repo = try Repo()
        try repo.ws.dir.write(".git/hooks/pre-commit", "#!/bin/sh\necho mine\n", mode: 0o755)
        let refused = try repo.ws.credfile(["hook", "install"])
        #expect(refused.status == 2 && refused.err.contains("--force"))
        #expect(try repo.ws.read(".git/hooks/pre-commit") == "#!/bin/sh\necho mine\n")
        #expect(try repo.ws.credfile(["hook", "install", "--force"]).status == 0)
        #expect(try repo.ws.credfile(["hook", "install"]).status == 0, "its own hook may be rewritten")
    }

    /// Issue 16: with the pre-commit framework's hook installed, `hook install --diff` still
    /// sets up masked diffs, leaves the framework's hook as it is and says so.
    @Test(PeerTool.needs("git", "pre-commit"))
    func diffDriverBesideThePreCommitFrameworksHook() throws {
        let repo = try GitIntegrationTests.Repo()
        try repo.ws.write(".pre-commit-config.yaml", "repos: []\n")
        let install = try Subprocess.run(try PeerTool.require("pre-commit"), ["install"], currentDirectory: repo.ws.dir.url)
        #expect(install.status == 0, "\(install.err)")
        let framework = try repo.ws.read(".git/hooks/pre-commit")
        #expect(try repo.ws.credfile(["hook", "install"]).status == 2, "without --diff the hook itself is refused")
        let diff = try repo.ws.credfile(["hook", "install", "--diff"])
        #expect(diff.status == 0, "\(diff.err)")
        #expect(diff.err.contains("as it is (the pre-commit framework's hook"), "\(diff.err)")
        #expect(try repo.ws.read(".git/hooks/pre-commit") == framework)
        #expect(try repo.ws.read(".gitattributes").contains("credentials/*.yaml diff=credfile"))
        #expect(try repo.run(["config", "diff.credfile.textconv"]).out.contains("textconv"))
        try repo.edit("credentials/relay.yaml", "host: smtp.example.com", "host: smtp.example.org")
        let shown = try repo.run(["diff"], env: ["SOPS_AGE_KEY_FILE": repo.ws.identityFile.path]).out
        #expect(shown.contains("+host: smtp.example.org") && !shown.contains("ENC["), "\(shown)")
    }

    /// `git diff` through the textconv driver: the changed plain field as it is, the changed
    /// secret as ****+last four, never the secret or its ciphertext.
    @Test(PeerTool.needs("git")) func gitDiffShowsMaskedSecrets() throws {
        let repo = try Repo()
        #expect(try repo.ws.credfile(["hook", "install", "--diff"]).status == 0)
        try repo.run(["add", "-A"])
        try repo.run(["commit", "-qm", "diff driver"])
        let old = try repo.ws.read("credentials/relay.yaml")
        let newSecret = "rotated-Secret-9876"
        let decrypted = try repo.ws.credfile(["decrypt", "credentials/relay.yaml"]).out
        try repo.ws.write("credentials/relay.yaml", decrypted
            .replacingOccurrences(of: GitIntegrationTests.secret, with: newSecret)
            .replacingOccurrences(of: "smtp.example.com", with: "smtp.example.org"))
        #expect(try repo.ws.credfile(["encrypt", "credentials/relay.yaml"]).status == 0)
        let diff = try repo.run(["diff"], env: ["SOPS_AGE_KEY_FILE": repo.ws.identityFile.path])
        #expect(diff.out.contains("-host: smtp.example.com") && diff.out.contains("+host: smtp.example.org"))
        #expect(diff.out.contains("-password: \"****2f9a fp:") && diff.out.contains("+password: \"****9876 fp:"))
        #expect(!diff.out.contains(newSecret) && !diff.out.contains(GitIntegrationTests.secret))
        #expect(!diff.out.contains("ENC["), "no ciphertext in the review form")
        let enc = old.split(separator: "\n").first { $0.hasPrefix("password:") }!.dropFirst(30).prefix(12)
        #expect(!diff.out.contains(enc))
        // Without a key a secret shows as `****` and a hash of its ciphertext: the value not at all.
        let keyless = try repo.run(["diff"], env: ["SOPS_AGE_KEY_FILE": "/nonexistent"])
        #expect(keyless.out.contains("-password: \"**** enc:") && keyless.out.contains("+password: \"**** enc:"))
        #expect(keyless.out.contains("+host: smtp.example.org") && !keyless.out.contains("9876"))
    }

    /// Issue 16: a secret changed to a value with the same last four characters is a changed
    /// line (the fingerprint), with and without a key; an unchanged secret is no line at all,
    /// because `set` keeps its ciphertext.
    @Test(PeerTool.needs("git")) func gitDiffShowsWhichSecretChanged() throws {
        let repo = try Repo()
        #expect(try repo.ws.credfile(["hook", "install", "--diff"]).status == 0)
        try repo.run(["add", "-A"])
        try repo.run(["commit", "-qm", "diff driver"])
        let withKey = ["SOPS_AGE_KEY_FILE": repo.ws.identityFile.path], keyless = ["SOPS_AGE_KEY_FILE": "/nonexistent"]
        #expect(try repo.ws.credfile(["set", "relay", "host=smtp.example.org"]).status == 0)
        for env in [withKey, keyless] {
            let diff = try repo.run(["diff"], env: env).out
            #expect(diff.contains("+host: smtp.example.org") && !diff.contains("-password:") && !diff.contains("+password:"), "\(diff)")
        }
        try repo.run(["commit", "-qam", "host"])
        let sameTail = "different-Git-2f9a"
        #expect(try repo.ws.credfile(["set", "relay", "password=\(sameTail)"]).status == 0)
        let diff = try repo.run(["diff"], env: withKey).out
        let removed = diff.split(separator: "\n").first { $0.hasPrefix("-password: \"****2f9a fp:") }
        let added = diff.split(separator: "\n").first { $0.hasPrefix("+password: \"****2f9a fp:") }
        #expect(removed != nil && added != nil && removed?.dropFirst() != added?.dropFirst(), "\(diff)")
        let blind = try repo.run(["diff"], env: keyless).out
        #expect(blind.contains("-password: \"**** enc:") && blind.contains("+password: \"**** enc:"), "\(blind)")
        for out in [diff, blind] {
            #expect(!out.contains(sameTail) && !out.contains(GitIntegrationTests.secret) && !out.contains("ENC["))
        }
        // The same value under the same data key is the same fingerprint: textconv of the
        // committed file agrees with the diff's old side.
        let old = try repo.run(["show", "HEAD:credentials/relay.yaml"]).out
        try repo.ws.write("old.yaml", old)
        let shown = try CLI.run(["textconv", "old.yaml"], in: repo.ws.dir.url, environment: withKey).out
        #expect(removed.map { shown.contains($0.dropFirst()) } == true, "\(shown)")
    }

    // --- The hook validates only the staged changes in full; these pin what it must still see.

    /// The same for a file whose only key is AWS KMS (written by real sops against moto): its
    /// blob, not an age stanza, is what a copy shares.
    @Test(PeerTool.needs("git")) func stagedCopyOfAKMSOnlyCredentialWarnsOfTheSharedKey() throws {
        let repo = try Repo()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../CredfileKitTests/Fixtures/sops-3.11-wrote-kms-and-age/encrypted.yaml")
        let text = try String(contentsOf: fixture, encoding: .utf8)
        let kmsOnly = text.replacing(#/    age:\n(?:        .*\n|          .*\n)*/#, with: "")
        #expect(!kmsOnly.contains("recipient:") && kmsOnly.contains("    kms:\n"))
        try repo.ws.write("credentials/smtp-prod.yaml", kmsOnly)
        try repo.run(["add", "-A"])
        try repo.run(["commit", "-qm", "kms"])
        try repo.ws.write("credentials/smtp-copy.yaml", kmsOnly.replacingOccurrences(of: "name: smtp-prod\n", with: "name: smtp-copy\n"))
        try repo.run(["add", "-A"])
        let result = try repo.staged()
        #expect(result.err.contains("credentials/smtp-copy.yaml:") && result.err.contains("shares its data key with credentials/smtp-prod.yaml"), "\(result.err)")
    }

    /// Overwriting an existing credential with a copy of another is a copy too (red-team
    /// round 2: only new files were searched).
    @Test(PeerTool.needs("git")) func stagedOverwriteWithACopyWarnsOfTheSharedKey() throws {
        let repo = try Repo()
        try repo.ws.write("credentials/other.yaml", "name: other\ntype: smtp\ndescription: d\nhost: h.example.com\n")
        #expect(try repo.ws.credfile(["encrypt", "credentials/other.yaml"]).status == 0)
        try repo.run(["add", "-A"])
        try repo.run(["commit", "-qm", "other"])
        let text = try repo.ws.read("credentials/relay.yaml")
        try repo.ws.write("credentials/other.yaml", text.replacingOccurrences(of: "name: relay\n", with: "name: other\n"))
        try repo.run(["add", "-A"])
        let result = try repo.staged()
        #expect(result.err.contains("credentials/other.yaml:") && result.err.contains("shares its data key with credentials/relay.yaml"), "\(result.err)")
        // A modification that keeps the file's own key is not a copy.
        try repo.run(["reset", "-q", "--hard"])
        #expect(try repo.ws.credfile(["set", "other", "host=mail.example.com"]).status == 0)
        try repo.run(["add", "-A"])
        let own = try repo.staged()
        #expect(own.status == 0 && !own.err.contains("shares its data key"), "\(own.err)")
    }

    @Test(PeerTool.needs("git")) func stagedCopyOfACommittedCredentialWarnsOfTheSharedKey() throws {
        let repo = try Repo()
        let text = try repo.ws.read("credentials/relay.yaml")
        try repo.ws.write("credentials/relay-copy.yaml", text.replacingOccurrences(of: "name: relay\n", with: "name: relay-copy\n"))
        try repo.run(["add", "-A"])
        let result = try repo.staged()
        #expect(result.status == 0, "a warning, not an error")
        #expect(result.err.contains("credentials/relay-copy.yaml:") && result.err.contains("shares its data key with credentials/relay.yaml"))
    }

    /// A copy whose age `enc` is re-armored with CRLF line ends (a double-quoted scalar) still
    /// decrypts (the armor reader drops one CR per line, as age's does), so it is still a copy.
    @Test(PeerTool.needs("git")) func stagedCopyReArmoredWithCRLFWarnsOfTheSharedKey() throws {
        let repo = try Repo()
        let text = try repo.ws.read("credentials/relay.yaml")
        let block = try #require(text.firstMatch(of: #/          enc: \|\n((?:            .*\n)+)/#))
        let armor = block.output.1.split(separator: "\n").map { $0.dropFirst(12) + "\r\n" }.joined()
        let quoted = "          enc: \"" + armor.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n") + "\"\n"
        let copy = text.replacingCharacters(in: block.range, with: quoted)
            .replacingOccurrences(of: "name: relay\n", with: "name: relay-copy\n")
        try repo.ws.write("credentials/relay-copy.yaml", copy)
        try repo.run(["add", "-A"])
        let result = try repo.staged()
        #expect(result.err.contains("credentials/relay-copy.yaml:") && result.err.contains("shares its data key with credentials/relay.yaml"), "\(result.err)")
    }

    /// The full check (what CI runs; the author's own hook can be skipped) compares each wrapped
    /// copy of the data key, not the whole set: a copy with one more stanza (or one less, or one
    /// re-armored) still shares the key.
    @Test(PeerTool.needs("git")) func fullValidateCatchesACopyWithAnotherRecipientSet() throws {
        let repo = try Repo()
        let text = try repo.ws.read("credentials/relay.yaml")
        let stanza = try #require(text.firstMatch(of: #/        - recipient: .*\n          enc: \|\n(?:            .*\n)+/#))
        let extra = String(stanza.output).replacing(#/recipient: \S+/#, with: "recipient: \(repo.ws.recipient)")
        let copy = text.replacingCharacters(in: stanza.range, with: String(stanza.output) + extra)
            .replacingOccurrences(of: "name: relay\n", with: "name: relay-copy\n")
        try repo.ws.write("credentials/relay-copy.yaml", copy)
        let result = try repo.ws.credfile(["validate"], identity: false)
        // Files are compared in path order: the warning is on whichever comes second.
        #expect(result.err.contains("credentials/relay.yaml:") && result.err.contains("shares its data key with credentials/relay-copy.yaml"), "\(result.err)")
    }

    @Test(PeerTool.needs("git")) func stagedNameClashingWithACommittedPrefix() throws {
        let repo = try Repo()
        try repo.ws.write("credentials/mail-out.yaml", "name: mail-out\ntype: smtp\ndescription: d\nhost: h.example.com\n")
        try repo.run(["add", "-A"])
        try repo.run(["commit", "-qm", "mail-out"])
        try repo.ws.write("credentials/mail_out.yaml", "name: mail_out\ntype: smtp\ndescription: d\nhost: h.example.com\n")
        try repo.run(["add", "-A"])
        let result = try repo.staged()
        #expect(result.status == 1)
        #expect(result.err.contains("credentials/mail_out.yaml:1:7: error: 'mail_out' and 'mail-out' (credentials/mail-out.yaml)"))
    }

    @Test(PeerTool.needs("git")) func stagedSchemaChangeRevalidatesUnchangedCredentials() throws {
        let repo = try Repo()
        // A stricter smtp type without username and password: the committed file no longer fits.
        try repo.ws.write("schemas/smtp.yaml", "type: smtp\ntitle: SMTP server\nfields:\n  host: { type: hostname, required: true }\n")
        try repo.run(["add", "-A"])
        let result = try repo.staged()
        #expect(result.status == 1, "\(result.err)")
        #expect(result.err.contains("credentials/relay.yaml") && result.err.contains("unknown field 'username'"), "\(result.err)")
    }

    @Test(PeerTool.needs("git")) func hookWorksFromASubdirectory() throws {
        let repo = try Repo()
        try repo.edit("credentials/relay.yaml", "name: relay\n", "name: other\n")
        try repo.run(["add", "-A"])
        let result = try CLI.run(["validate", "--staged"], in: repo.ws.dir.file("credentials"))
        #expect(result.status == 1 && result.err.contains("relay.yaml:1:7: error: 'name' changed"))
    }
}
