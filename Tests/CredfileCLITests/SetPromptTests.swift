import CredfileTestSupport
import Foundation
import Testing

/// `set --prompt` on a real pseudo-terminal: the same prompts as `new` (echo off before the
/// prompt appears, typed twice, asked again on a mismatch).
@Suite struct SetPromptTests {
    @Test(PeerTool.needs("python3"))
    func promptsTwiceWithoutEcho() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let outcome = try PTY.run(ws, ["set", "smtp-prod", "--prompt", "password"], steps: [
            .init(expect: "password: ", send: "pty-secret-4821\n"),
            .init(expect: "password (again): ", send: "pty-secret-4821\n"),
        ])
        #expect(outcome.failedStep == nil && !outcome.hung, "\(outcome.output)")
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(!outcome.output.contains("pty-secret-4821"), "the terminal echoed the secret")
        #expect(try ws.credfile(["decrypt", "--extract", "password", ws.smtpFile]).out == "pty-secret-4821")
    }

    @Test(PeerTool.needs("python3"))
    func entriesThatNeverMatchWriteNothing() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let before = try ws.read(ws.smtpFile)
        let steps: [PTY.Step] = (1...3).flatMap { attempt in
            [PTY.Step(expect: "password: ", send: "first-entry-\(attempt)\n"),
             PTY.Step(expect: "(again): ", send: "second-entry-\(attempt)\n")]
        }
        let outcome = try PTY.run(ws, ["set", "smtp-prod", "--prompt", "password"], steps: steps)
        #expect(outcome.failedStep == nil && !outcome.hung, "\(outcome.output)")
        #expect(outcome.status == 2)
        #expect(outcome.output.contains("differ") && !outcome.output.contains("entry-"))
        #expect(try ws.read(ws.smtpFile) == before)
    }

    @Test func promptWithoutATerminalIsAUsageError() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let result = try ws.credfile(["set", "smtp-prod", "--prompt", "password"])
        #expect(result.status == 2 && result.err.contains("--prompt needs a terminal"))
    }
}
