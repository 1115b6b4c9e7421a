import CredfileTestSupport
import Foundation
import Testing

/// Two credfile processes changing one credential at once: the lock serialises them and the
/// read happens inside it, so neither process loses the other's change.
@Suite struct ConcurrencyTests {
    @Test(PeerTool.needs("sops"))
    func twoWritersOfFiftySetsEachLoseNothing() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        try Self.runWriters(ws, [
            "for i in $(seq 1 50); do \"$CREDFILE\" set smtp-prod host=a-$i.example.org || exit 1; done",
            "for i in $(seq 1 50); do \"$CREDFILE\" set smtp-prod password=b-$i-secret || exit 1; done",
        ])
        let validate = try ws.credfile(["validate", "--decrypt"])
        #expect(validate.status == 0, "\(validate.err)")
        let values = try ws.sopsValues(ws.smtpFile)
        #expect(values["host"] == "a-50.example.org")
        #expect(values["password"] == "b-50-secret")
        #expect(values["username"] == "invoices@example.com")
    }

    /// Each set adds a field of its own, so a single lost update (a write based on a read
    /// from before the other process's write) leaves a field missing for good.
    @Test(PeerTool.needs("sops"))
    func everyOneOfAHundredNewFieldsSurvives() throws {
        let ws = try Workspace()
        try ws.write("schemas/open.yaml", """
            type: open
            fields:
              token: { type: string, sensitive: true }
            extra_fields: true

            """)
        try ws.authoringRepository("name: smtp-prod\ntype: open\ndescription: open-ended\ntoken: t0k3n-value\n")
        try Self.runWriters(ws, [
            "for i in $(seq 1 50); do \"$CREDFILE\" set smtp-prod a$i=from-a-$i token=a-$i || exit 1; done",
            "for i in $(seq 1 50); do \"$CREDFILE\" set smtp-prod b$i=from-b-$i || exit 1; done",
        ])
        let validate = try ws.credfile(["validate", "--decrypt"])
        #expect(validate.status == 0, "\(validate.err)")
        let values = try ws.sopsValues(ws.smtpFile)
        let missing = (1...50).flatMap { i in
            [("a\(i)", "from-a-\(i)"), ("b\(i)", "from-b-\(i)")].filter { values[$0.0] != $0.1 }.map(\.0)
        }
        #expect(missing.isEmpty, "lost updates: \(missing)")
        #expect(values["token"] == "a-50")
    }

    /// Runs the shell loops at the same time, each with `$CREDFILE` and the test identity.
    static func runWriters(_ ws: Workspace, _ loops: [String]) throws {
        let results = ResultBox()
        let directory = ws.dir.url, identity = ws.identityFile.path
        DispatchQueue.concurrentPerform(iterations: loops.count) { index in
            let run = Result {
                try Subprocess.run(
                    "/bin/sh", ["-c", loops[index]],
                    environment: ["CREDFILE": CLI.binary, "SOPS_AGE_KEY_FILE": identity, "NO_COLOR": "1"],
                    currentDirectory: directory)
            }
            results.set(index, run)
        }
        for index in loops.indices {
            let run = try results.get(index).get()
            #expect(run.status == 0, "writer \(index): \(run.err)")
        }
    }
}

/// Results of the concurrent writers, by index.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: Result<Subprocess.Result, any Error>] = [:]

    func set(_ index: Int, _ result: Result<Subprocess.Result, any Error>) { lock.withLock { results[index] = result } }

    func get(_ index: Int) -> Result<Subprocess.Result, any Error> {
        lock.withLock { results[index] } ?? .failure(Workspace.Failure("writer \(index) did not finish"))
    }
}
