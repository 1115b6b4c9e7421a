import CredfileTestSupport
import Foundation
import Testing

@Suite struct RemoveCommandTests {
    static func workspace() throws -> Workspace {
        let ws = try Workspace.initialised()
        try ws.new("old-relay", type: "smtp", ["host=a.example.com"])
        return ws
    }

    var path: String { "credentials/old-relay.yaml" }

    @Test func offTerminalWithoutYesFailsAndDeletesNothing() throws {
        let ws = try Self.workspace()
        let result = try ws.credfile(["rm", "old-relay"])
        #expect(result.status == 2)
        #expect(result.err.contains("hint: pass --yes"))
        #expect(FileManager.default.fileExists(atPath: ws.dir.file(path).path))
    }

    @Test func yesDeletes() throws {
        let ws = try Self.workspace()
        let result = try ws.credfile(["rm", "old-relay", "--yes"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "deleted \(path)\n")
        #expect(!FileManager.default.fileExists(atPath: ws.dir.file(path).path))
        // Deleting is not revoking (issue 16): said once, with what to do.
        #expect(result.err.contains("stays in git history") && result.err.contains("revoke the secret at its provider"), "\(result.err)")
    }

    @Test func anUnknownOrInvalidNameIsAnError() throws {
        let ws = try Self.workspace()
        #expect(try ws.credfile(["rm", "nope", "--yes"]).status == 3)
        #expect(try ws.credfile(["rm", "../schemas/smtp", "--yes"]).status == 2)
        #expect(FileManager.default.fileExists(atPath: ws.dir.file("schemas/smtp.yaml").path))
    }

    @Test(PeerTool.needs("python3"))
    func onATerminalItAsksAndNoKeepsTheFile() throws {
        let ws = try Self.workspace()
        let declined = try PTY.run(ws, ["rm", "old-relay"], steps: [.init(expect: "delete \(path)? [y/N] ", send: "\n")])
        #expect(declined.failedStep == nil, "\(declined.output)")
        #expect(declined.status == 1)
        #expect(FileManager.default.fileExists(atPath: ws.dir.file(path).path))
        let confirmed = try PTY.run(ws, ["rm", "old-relay"], steps: [.init(expect: "[y/N] ", send: "y\n")])
        #expect(confirmed.status == 0, "\(confirmed.output)")
        #expect(!FileManager.default.fileExists(atPath: ws.dir.file(path).path))
    }
}
