import CredfileKit
import CredfileTestSupport
import Foundation
import Testing

@Suite struct InitCommandTests {
    @Test func createsTheLayoutWithBuiltInSchemasByteForByte() throws {
        let ws = try Workspace()
        let result = try ws.credfile(["init", "--age", ws.recipient], identity: false)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("created credentials/\n"))
        #expect(result.out.contains("created .sops.yaml\n"))
        for (name, text) in SchemaSet.builtInFiles {
            #expect(try ws.read("schemas/\(name)") == text)
            let repository = try String(contentsOf: PeerTool.packageRoot.appendingPathComponent("schemas/\(name)"), encoding: .utf8)
            #expect(text == repository)
        }
        let config = try ws.read(".sops.yaml")
        #expect(config.contains("  - path_regex: ^credentials/.*\\.yaml$\n"))
        #expect(config.contains("    age:\n      - \(ws.recipient)\n"))
    }

    @Test func isIdempotentAndNeverOverwrites() throws {
        let ws = try Workspace()
        #expect(try ws.credfile(["init", "--age", ws.recipient]).status == 0)
        try ws.write("schemas/smtp.yaml", "# changed by the user\n")
        let config = try ws.read(".sops.yaml")
        let again = try ws.credfile(["init", "--age", ws.recipient])
        #expect(again.status == 0, "\(again.err)")
        #expect(!again.out.contains("created"))
        #expect(again.out.contains("exists  schemas/smtp.yaml (left unchanged)"))
        #expect(again.err.contains("the --age recipients were not added"))
        #expect(try ws.read("schemas/smtp.yaml") == "# changed by the user\n")
        #expect(try ws.read(".sops.yaml") == config)
        try FileManager.default.removeItem(at: ws.dir.file("schemas/msgraph.yaml"))
        let repair = try ws.credfile(["init"])
        #expect(repair.status == 0)
        #expect(repair.out.contains("created schemas/msgraph.yaml\n"))
    }

    @Test func withoutRecipientsItUsesTheIdentitySopsWouldUse() throws {
        let ws = try Workspace()
        let result = try ws.credfile(["init"])
        #expect(result.status == 0, "\(result.err)")
        #expect(try ws.read(".sops.yaml").contains("    age:\n      - \(ws.recipient)\n"))
    }

    @Test func withoutRecipientsOrIdentityOffTerminalItFailsWithAHintAndCreatesNothing() throws {
        let ws = try Workspace()
        let result = try ws.credfile(["init"], identity: false)
        #expect(result.status == 111)
        #expect(result.err.contains("hint: pass --age RECIPIENT, or create an identity: credfile keygen -o"))
        #expect(!FileManager.default.fileExists(atPath: ws.dir.file("credentials").path))
        #expect(!FileManager.default.fileExists(atPath: ws.dir.file(".sops.yaml").path))
    }

    @Test func aBadRecipientIsNotEchoedAndNothingIsCreated() throws {
        let ws = try Workspace()
        let result = try ws.credfile(["init", "--age", "AGE-SECRET-KEY-1CANARY"])
        #expect(result.status == 2)
        #expect(result.err.contains("recipient #1 is not an age recipient"))
        #expect(!result.err.contains("CANARY"))
        #expect(!FileManager.default.fileExists(atPath: ws.dir.file("schemas").path))
    }

    @Test(PeerTool.needs("python3"))
    func onATerminalItOffersToCreateAnIdentity() throws {
        let ws = try Workspace()
        let outcome = try PTY.run(ws, ["init"], steps: [.init(expect: "create one in", send: "y\n")], identity: false)
        #expect(outcome.failedStep == nil, "\(outcome.output)")
        #expect(outcome.status == 0, "\(outcome.output)")
        let keyFile = ws.dir.file(".config/sops/age/keys.txt")
        let mode = try FileManager.default.attributesOfItem(atPath: keyFile.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let recipient = try #require(try String(contentsOf: keyFile, encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("# public key: ") }?.dropFirst("# public key: ".count))
        #expect(outcome.output.contains("created identity"))
        #expect(try ws.read(".sops.yaml").contains("    age:\n      - \(recipient)\n"))
        #expect(!outcome.output.contains("AGE-SECRET-KEY"))
    }

    @Test(PeerTool.needs("python3"))
    func declinedKeygenOnATerminalFails() throws {
        let ws = try Workspace()
        let outcome = try PTY.run(ws, ["init"], steps: [.init(expect: "create one in", send: "n\n")], identity: false)
        #expect(outcome.status == 111)
        #expect(!FileManager.default.fileExists(atPath: ws.dir.file(".config/sops/age/keys.txt").path))
    }

    @Test(PeerTool.needs("sops"))
    func sopsUsesTheWrittenCreationRule() throws {
        let ws = try Workspace.initialised()
        try ws.write("credentials/hand.yaml", "name: hand\ntype: generic\ndescription: d\ntoken: tok-1234\n")
        let encrypted = try ws.sops(["encrypt", "-i", "credentials/hand.yaml"])
        #expect(encrypted.status == 0, "\(encrypted.err)")
        let text = try ws.read("credentials/hand.yaml")
        #expect(text.contains("name: hand\n"))
        #expect(!text.contains("tok-1234"))
        #expect(try ws.credfile(["validate", "--decrypt"]).status == 0)
    }

    /// Issue 16: `init` in a subdirectory of a git repository initialises its top level (and
    /// says so) instead of nesting a repository no command run from the top would find.
    @Test(PeerTool.needs("git")) func inAGitSubdirectoryItInitialisesTheTopLevel() throws {
        let ws = try Workspace()
        #expect(try Subprocess.run(try PeerTool.require("git"), ["init", "-q"], currentDirectory: ws.dir.url).status == 0)
        let sub = ws.dir.file("infra/mail")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let result = try CLI.run(["init", "--age", ws.recipient], in: sub)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err.contains("note: initialising at the git repository's top level"), "\(result.err)")
        for path in ["credentials", "schemas/smtp.yaml", ".sops.yaml"] {
            #expect(FileManager.default.fileExists(atPath: ws.dir.file(path).path), "\(path)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: sub.path).isEmpty, "nothing nested")
        #expect(result.out.contains("next steps:") && result.out.contains("credfile new NAME --type smtp"))
        #expect(result.out.contains("credfile hook install --diff"))
        // Every next step is indented alike, under "next steps:".
        let steps = result.out.split(separator: "\n").drop { $0 != "next steps:" }.dropFirst()
        #expect(steps.count == 5 && steps.allSatisfy { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }, "\(result.out)")
        // Commands run in the subdirectory find what was made.
        let made = try CLI.run(
            ["new", "relay", "--type", "smtp", "--description", "d", "host=smtp.example.com"], in: sub,
            environment: ["SOPS_AGE_KEY_FILE": ws.identityFile.path])
        #expect(made.status == 0 && FileManager.default.fileExists(atPath: ws.dir.file("credentials/relay.yaml").path), "\(made.err)")
        // --here makes a repository in the current directory after all.
        let here = try CLI.run(["init", "--here", "--age", ws.recipient], in: sub)
        #expect(here.status == 0 && FileManager.default.fileExists(atPath: sub.appendingPathComponent(".sops.yaml").path))
    }

    /// Issue 16: below an existing repository (no git needed) `init` completes it.
    @Test func belowAnExistingRepositoryItCompletesIt() throws {
        let ws = try Workspace()
        #expect(try ws.credfile(["init", "--age", ws.recipient]).status == 0)
        try FileManager.default.removeItem(at: ws.dir.file("schemas/msgraph.yaml"))
        let sub = ws.dir.file("credentials/notes")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let result = try CLI.run(["init"], in: sub, environment: ["SOPS_AGE_KEY_FILE": ws.identityFile.path])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err.contains("note: completing the credfile repository at"), "\(result.err)")
        #expect(result.out.contains("created schemas/msgraph.yaml\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: sub.path).isEmpty, "nothing nested")
        #expect(result.out.contains("next steps:") && !result.out.contains("hook install"), "not in git")
    }
}
