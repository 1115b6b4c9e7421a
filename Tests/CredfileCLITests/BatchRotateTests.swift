import CredfileTestSupport
import Foundation
import Testing

/// `rotate` and `recipients add|rm` over many credentials (issue 14): files in parallel under
/// the one lock, a failing file reported on its own while the others change, and a progress
/// line only when standard error is a terminal.
@Suite struct BatchRotateTests {
    static let count = 40
    /// Sorts in the middle of `relay-00` … `relay-39`: a run that stopped at it would leave
    /// half the files untouched.
    static let foreign = "relay-20a"

    /// `count` credentials to the workspace's recipient, and `foreign` to a key it does not hold.
    func repository() throws -> (Workspace, other: String) {
        let ws = try Workspace()
        try ws.authoringRepository()
        for i in 0..<Self.count {
            let name = String(format: "relay-%02d", i)
            try ws.write("credentials/\(name).yaml", "name: \(name)\ntype: smtp\ndescription: Relay \(i)\nhost: r\(i).example.com\nusername: u\(i)\npassword: pw-\(i)-s3cret\n")
        }
        let other = try CLI.run(["keygen", "-o", ws.dir.file("other-identity.txt").path], in: ws.dir.url)
        let otherRecipient = other.out.trimmingCharacters(in: .whitespacesAndNewlines)
        try ws.write("credentials/\(Self.foreign).yaml", "name: \(Self.foreign)\ntype: smtp\ndescription: x\nhost: f.example.com\nusername: f\npassword: foreign-pw\n")
        for i in 0..<Self.count {
            let result = try ws.credfile(["encrypt", String(format: "credentials/relay-%02d.yaml", i)])
            guard result.status == 0 else { throw Workspace.Failure(result.err) }
        }
        let foreign = try ws.credfile(["encrypt", "--age", otherRecipient, "credentials/\(Self.foreign).yaml"])
        guard foreign.status == 0 else { throw Workspace.Failure(foreign.err) }
        return (ws, otherRecipient)
    }

    func files(_ ws: Workspace) throws -> [String: String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: ws.dir.file("credentials").path)
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try ws.read("credentials/\($0)")) })
    }

    @Test func rotateReportsTheFailingFileAndRotatesEveryOther() throws {
        let (ws, _) = try repository()
        let before = try files(ws)
        let result = try ws.credfile(["rotate"])
        #expect(result.status == 128, "no identity opens the foreign file: \(result.err)")
        #expect(result.err.components(separatedBy: "credentials/\(Self.foreign).yaml").count == 2, "named once: \(result.err)")
        #expect(!result.err.contains("rotating"), "no progress line without a terminal")
        #expect(result.out.split(separator: "\n").count == Self.count + 1, "the smtp-prod file and the relays")
        let after = try files(ws)
        #expect(after["\(Self.foreign).yaml"] == before["\(Self.foreign).yaml"], "left as it was")
        for (name, text) in after where name != "\(Self.foreign).yaml" {
            #expect(AuthoringFixture.tokens(text).isDisjoint(with: AuthoringFixture.tokens(before[name]!)), "\(name) rotated")
        }
        // Every rotated file still opens, and nothing was left behind by the parallel writes.
        #expect(try ws.credfile(["validate", "--decrypt", "credentials/relay-00.yaml", "credentials/relay-39.yaml"]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.dir.file("credentials").path).count == Self.count + 2)
        #expect(try ws.credfile(["export", "relay-39", "--format", "json"]).out.contains("pw-39-s3cret"))
    }

    @Test func recipientsAddChangesTheConfigOnlyWhenEveryFileChanged() throws {
        let (ws, other) = try repository()
        let config = try ws.read(".sops.yaml")
        let result = try ws.credfile(["recipients", "add", other])
        #expect(result.status == 128, "\(result.err)")
        #expect(result.err.contains("credentials/\(Self.foreign).yaml") && !result.err.contains("re-wrapping"))
        #expect(result.out.split(separator: "\n").count == Self.count + 1 && !result.out.contains("updated"))
        #expect(try ws.read(".sops.yaml") == config, "the config waits for every file")
        #expect(try ws.read("credentials/relay-39.yaml").contains("recipient: \(other)"))
        // The foreign file fixed (here: removed), the same command finishes the job.
        try FileManager.default.removeItem(at: ws.dir.file("credentials/\(Self.foreign).yaml"))
        let again = try ws.credfile(["recipients", "add", other])
        #expect(again.status == 0 && again.out == "updated .sops.yaml\n", "\(again.out) \(again.err)")
    }

    /// The identity search runs once for the run, not once per file (nor per thread).
    @Test func keyCommandRunsOncePerRun() throws {
        let (ws, _) = try repository()
        try FileManager.default.removeItem(at: ws.dir.file("credentials/\(Self.foreign).yaml"))
        let command = "sh -c 'echo run >> \(ws.dir.file("key-cmd-runs").path); cat \(ws.identityFile.path)'"
        let result = try CLI.run(["rotate"], in: ws.dir.url, environment: ["SOPS_AGE_KEY_CMD": command])
        #expect(result.status == 0, "\(result.err)")
        #expect(try ws.read("key-cmd-runs") == "run\n")
    }

    @Test(.enabled(if: PeerTool.runnable("python3")))
    func progressLineOnATerminalIsCountedAndCleared() throws {
        let (ws, other) = try repository()
        try FileManager.default.removeItem(at: ws.dir.file("credentials/\(Self.foreign).yaml"))
        let total = Self.count + 1
        let rotate = try PTY.run(ws, ["rotate"], steps: [])
        #expect(rotate.status == 0, "\(rotate.output)")
        #expect(rotate.output.hasPrefix("\rrotating 1/\(total)"), "\(rotate.output.prefix(80).debugDescription)")
        // The last count, then the line erased before the first file is listed.
        #expect(rotate.output.contains("\rrotating \(total)/\(total)\r\u{1B}[Krotated credentials/relay-00.yaml"))
        #expect(rotate.output.components(separatedBy: "rotated credentials/").count == total + 1)
        let add = try PTY.run(ws, ["recipients", "add", other], steps: [])
        #expect(add.status == 0, "\(add.output)")
        #expect(add.output.contains("\rre-wrapping \(total)/\(total)\r\u{1B}[Kre-wrapped credentials/relay-00.yaml"))
    }
}
