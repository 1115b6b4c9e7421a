import CredfileTestSupport
import Foundation
import Testing

@Suite struct RecipientsCommandTests {
    /// A second identity in the workspace.
    func secondIdentity(_ ws: Workspace) throws -> (file: URL, recipient: String) {
        let file = ws.dir.file("second-identity.txt")
        let result = try ws.credfile(["keygen", "-o", file.path])
        return (file, result.out.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The lines outside the `sops.age` list (values, lastmodified, mac …).
    static func outsideAge(_ text: String) -> [Substring] {
        var inAge = false
        return text.split(separator: "\n").filter { line in
            if line == "    age:" { inAge = true; return false }
            if inAge && (line.hasPrefix("        ") || line.hasPrefix("          ")) { return false }
            inAge = false
            return true
        }
    }

    func decrypts(_ ws: Workspace, identity: URL) throws -> (credfile: Bool, sops: Bool) {
        let ours = try CLI.run(["decrypt", ws.smtpFile], in: ws.dir.url, environment: ["SOPS_AGE_KEY_FILE": identity.path])
        let theirs = try Subprocess.run(
            try PeerTool.require("sops"), ["decrypt", ws.smtpFile], environment: ["SOPS_AGE_KEY_FILE": identity.path],
            currentDirectory: ws.dir.url)
        return (ours.status == 0, theirs.status == 0)
    }

    @Test(PeerTool.needs("sops"))
    func addRewrapsTheSameDataKeyAndUpdatesTheConfig() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let second = try secondIdentity(ws)
        let before = try ws.read(ws.smtpFile)
        #expect(try decrypts(ws, identity: second.file) == (false, false))
        let result = try ws.credfile(["recipients", "add", second.recipient])
        #expect(result.status == 0, "\(result.err)")
        let after = try ws.read(ws.smtpFile)
        #expect(Self.outsideAge(before) == Self.outsideAge(after), "values, lastmodified and mac stay")
        #expect(after.contains("- recipient: \(second.recipient)\n          enc: |\n"))
        #expect(try decrypts(ws, identity: second.file) == (true, true))
        #expect(try decrypts(ws, identity: ws.identityFile) == (true, true))
        let config = try ws.read(".sops.yaml")
        // The comma-separated string becomes a list, one recipient a line (issue 16).
        #expect(config.contains("# who can read the credentials") && config.contains("    age:\n      - \(ws.recipient)\n      - \(second.recipient)\n"))
        // Adding again changes nothing.
        #expect(try ws.credfile(["recipients", "add", second.recipient]).status == 0)
        #expect(try ws.read(ws.smtpFile) == after)
    }

    @Test(PeerTool.needs("sops"))
    func removeLocksTheRecipientOutAndSuggestsRotate() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let second = try secondIdentity(ws)
        #expect(try ws.credfile(["recipients", "add", second.recipient]).status == 0)
        let result = try ws.credfile(["recipients", "rm", ws.recipient, "--identity", second.file.path])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err.contains("credfile rotate"))
        #expect(try decrypts(ws, identity: ws.identityFile) == (false, false))
        #expect(try decrypts(ws, identity: second.file) == (true, true))
        let config = try ws.read(".sops.yaml")
        #expect(!config.contains(ws.recipient) && config.contains("    age:\n      - \(second.recipient)\n"))
    }

    @Test func theOnlyRecipientCannotBeRemoved() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let before = try ws.read(ws.smtpFile)
        let result = try ws.credfile(["recipients", "rm", ws.recipient])
        #expect(result.status == 2 && result.err.contains("only recipient"))
        #expect(try ws.read(ws.smtpFile) == before)
    }

    @Test func aListOfRecipientsInTheConfigStaysAList() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        try ws.write(".sops.yaml", """
            creation_rules:
              - path_regex: ^credentials/.*\\.yaml$
                age:
                  - \(ws.recipient)   # the test key

            """)
        let second = try secondIdentity(ws)
        #expect(try ws.credfile(["recipients", "add", second.recipient, "smtp-prod"]).status == 0)
        #expect(!(try ws.read(".sops.yaml")).contains(second.recipient), "with NAME only the credentials change")
        #expect(try ws.credfile(["recipients", "add", second.recipient]).status == 0)
        // The comment stays beside the recipient it labels (it used to move to the last line).
        #expect(try ws.read(".sops.yaml").contains("    age:\n      - \(ws.recipient)   # the test key\n      - \(second.recipient)\n"))
    }
}
