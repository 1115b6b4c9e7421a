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
        #expect(config.contains("    age: \(ws.recipient)\n"))
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
        #expect(try ws.read(".sops.yaml").contains("age: \(ws.recipient)\n"))
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
        #expect(try ws.read(".sops.yaml").contains("age: \(recipient)\n"))
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
}
