import CredfileTestSupport
import Foundation
import Testing

@Suite struct NewTerminalTests {
    @Test(PeerTool.needs("python3"))
    func promptsForMissingFieldsHidesSecretsAndRepromptsOnMismatch() throws {
        let ws = try Workspace.initialised()
        let secret = "Cl1ent-Secret-Canary-9f3a"
        let tenant = "0b5f5a2e-3c1d-4e8a-9b7c-1d2e3f4a5b6c", client = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
        let outcome = try PTY.run(ws, ["new", "graph-mail", "--type", "msgraph"], steps: [
            .init(expect: "description", send: "Reads the invoices inbox\n"),
            .init(expect: "tenant_id", send: "not-a-uuid\n"),
            .init(expect: "a UUID (preferred)", send: ""),
            .init(expect: "tenant_id", send: "\(tenant)\n"),
            .init(expect: "client_id", send: "\(client)\n"),
            .init(expect: "client_secret (client secret value): ", send: "\(secret)\n"),
            .init(expect: "(again): ", send: "typo-\(secret)\n"),
            .init(expect: "the two entries differ", send: ""),
            .init(expect: "client_secret (client secret value): ", send: "\(secret)\n"),
            .init(expect: "(again): ", send: "\(secret)\n"),
            .init(expect: "secret_expires (when the client secret expires): ", send: "\n"),
        ])
        #expect(outcome.failedStep == nil, "prompt not shown; terminal said: \(outcome.output)")
        #expect(outcome.status == 0, "\(outcome.output)")
        // Plain answers are echoed by the terminal; the secret never is.
        #expect(outcome.output.contains(tenant))
        #expect(!outcome.output.contains(secret), "secret echoed: \(outcome.output)")
        #expect(outcome.output.contains("created credentials/graph-mail.yaml"))
        let plain = try ws.credfile(["decrypt", "credentials/graph-mail.yaml"])
        #expect(plain.status == 0)
        #expect(plain.out.contains("client_secret: \(secret)\n"))
        #expect(plain.out.contains("tenant_id: \(tenant)\n"))
        #expect(plain.out.contains("description: Reads the invoices inbox\n"))
    }

    @Test(PeerTool.needs("python3"))
    func aTogetherRuleAsksForThePartnerField() throws {
        let ws = try Workspace.initialised()
        let outcome = try PTY.run(ws, ["new", "mail", "--type", "smtp", "--description", "d", "host=mx.example.com", "username=bot"], steps: [
            .init(expect: "password (login password (often an app password)): ", send: "app-pass-1234\n"),
            .init(expect: "(again): ", send: "app-pass-1234\n"),
            .init(expect: "port (server port (usually 25 or 465 or 587)) [25]: ", send: "\n"),
            .init(expect: "email (sender address): ", send: "\n"),
            .init(expect: "tls (connect with TLS) [false]: ", send: "\n"),
            .init(expect: "tls_mode (how TLS starts (absent: implicit on port 465, else STARTTLS when tls is true)): ", send: "\n"),
        ])
        #expect(outcome.failedStep == nil, "\(outcome.output)")
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(!outcome.output.contains("app-pass-1234"))
        #expect(!outcome.output.contains("host ("), "host was given and must not be asked")
    }

    @Test(PeerTool.needs("python3"))
    func endOfInputAtAPromptFailsAndWritesNothing() throws {
        let ws = try Workspace.initialised()
        let outcome = try PTY.run(ws, ["new", "mail", "--type", "smtp", "--description", "d"], steps: [
            .init(expect: "host", send: "\u{04}"),
        ])
        // The documented status of a failed step, not any non-zero one: the driver's SIGKILL of
        // a hung or unprompted run (status -9) passed before.
        #expect(outcome.failedStep == nil && !outcome.hung, "\(outcome.output)")
        #expect(outcome.status == 2 && outcome.output.contains("standard input ended [usage]"), "\(outcome.status): \(outcome.output)")
        #expect(!FileManager.default.fileExists(atPath: ws.dir.file("credentials/mail.yaml").path))
    }
}

extension Workspace {
    /// A workspace after `credfile init --age <its recipient>`.
    static func initialised() throws -> Workspace {
        let ws = try Workspace()
        let result = try ws.credfile(["init", "--age", ws.recipient])
        guard result.status == 0 else { throw Failure("init failed: \(result.err)") }
        return ws
    }

    /// Runs `credfile new` and fails unless it succeeds.
    @discardableResult
    func new(_ name: String, type: String, _ fields: [String], description: String = "test credential") throws -> Subprocess.Result {
        let result = try credfile(["new", name, "--type", type, "--description", description] + fields)
        guard result.status == 0 else { throw Failure("new failed (\(result.status)): \(result.err)") }
        return result
    }
}
