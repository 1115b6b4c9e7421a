import CredfileTestSupport
import Foundation
import Testing

/// Issue 16, item 5: on a terminal `new` asks for the type from the list when it is missing,
/// then the required fields, then offers the optional ones (Enter skips, defaults shown), and
/// says what to do next.
@Suite struct NewInteractiveTests {
    @Test(PeerTool.needs("python3"))
    func asksTheTypeThenRequiredThenOffersOptionalFields() throws {
        let ws = try Workspace.initialised()
        let secret = "Relay-Pass-Canary-7e21"
        let outcome = try PTY.run(ws, ["new", "mail"], steps: [
            .init(expect: "3. smtp — SMTP server", send: ""),
            .init(expect: "type (name or number): ", send: "nosuch\n"),
            .init(expect: "no such type", send: ""),
            .init(expect: "type (name or number): ", send: "3\n"),
            .init(expect: "description (what the credential is for): ", send: "Invoice mail\n"),
            .init(expect: "host (server name or IP address): ", send: "smtp.example.com\n"),
            .init(expect: "Optional fields (Enter skips)", send: ""),
            .init(expect: "port (server port (usually 25 or 465 or 587)) [25]: ", send: "587\n"),
            .init(expect: "email (sender address): ", send: "\n"),
            .init(expect: "username (login name when the server needs authentication): ", send: "bot\n"),
            .init(expect: "password (login password (often an app password)): ", send: "\(secret)\n"),
            .init(expect: "(again): ", send: "\(secret)\n"),
            .init(expect: "tls (connect with TLS) [false]: ", send: "maybe\n"),
            .init(expect: "'tls'", send: ""),
            .init(expect: "tls (connect with TLS) [false]: ", send: "true\n"),
            .init(expect: "tls_mode (how TLS starts (absent: implicit on port 465, else STARTTLS when tls is true)): ", send: "\n"),
        ])
        #expect(outcome.failedStep == nil, "prompt not shown; terminal said: \(outcome.output)")
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(!outcome.output.contains(secret), "secret echoed: \(outcome.output)")
        #expect(outcome.output.contains("created credentials/mail.yaml"))
        #expect(outcome.output.contains("next steps:") && outcome.output.contains("credfile exec mail -- "), "\(outcome.output)")
        let plain = try ws.credfile(["decrypt", "credentials/mail.yaml"]).out
        for line in ["type: smtp", "host: smtp.example.com", "port: 587", "username: bot", "password: \(secret)", "tls: true"] {
            #expect(plain.contains(line + "\n"), "\(line) missing from \(plain)")
        }
        #expect(!plain.contains("email"), "a skipped field is not written")
    }

    @Test(PeerTool.needs("python3"))
    func aGraphCredentialIsOfferedItsExpiryDate() throws {
        let ws = try Workspace.initialised()
        let outcome = try PTY.run(ws, ["new", "graph", "--type", "msgraph", "--description", "d"], steps: [
            .init(expect: "tenant_id (directory ID: a UUID (preferred), or a verified domain such as contoso.onmicrosoft.com): ",
                  send: "0b5f5a2e-3c1d-4e8a-9b7c-1d2e3f4a5b6c\n"),
            .init(expect: "client_id (application ID): ", send: "7c9e6679-7425-40de-944b-e07fc1f90ae7\n"),
            .init(expect: "client_secret (client secret value): ", send: "Graph-Canary-1234\n"),
            .init(expect: "(again): ", send: "Graph-Canary-1234\n"),
            .init(expect: "secret_expires (when the client secret expires): ", send: "2099-06-30\n"),
        ])
        #expect(outcome.failedStep == nil, "\(outcome.output)")
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(try ws.credfile(["decrypt", "credentials/graph.yaml"]).out.contains("secret_expires: \"2099-06-30\"\n"))
    }

    @Test(PeerTool.needs("python3"))
    func skippingAnOptionalPartnerStillAsksForIt() throws {
        // username is optional, but once given its password is needed: asked, not skippable.
        let ws = try Workspace.initialised()
        let outcome = try PTY.run(ws, ["new", "mail", "--type", "smtp", "--description", "d"], steps: [
            .init(expect: "host (server name or IP address): ", send: "mx.example.com\n"),
            .init(expect: "port (server port (usually 25 or 465 or 587)) [25]: ", send: "\n"),
            .init(expect: "email (sender address): ", send: "\n"),
            .init(expect: "username (login name when the server needs authentication): ", send: "bot\n"),
            .init(expect: "password (login password (often an app password)): ", send: "\n"),
            .init(expect: "password (login password (often an app password)): ", send: "pw-Canary-99\n"),
            .init(expect: "(again): ", send: "pw-Canary-99\n"),
            .init(expect: "tls (connect with TLS) [false]: ", send: "\n"),
            .init(expect: "tls_mode (how TLS starts (absent: implicit on port 465, else STARTTLS when tls is true)): ", send: "\n"),
        ])
        #expect(outcome.failedStep == nil, "\(outcome.output)")
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(try ws.credfile(["validate", "--decrypt"]).status == 0)
    }

    @Test func withoutATerminalAMissingTypeListsTheTypes() throws {
        let ws = try Workspace.initialised()
        let result = try ws.credfile(["new", "mail", "--description", "d", "host=mx.example.com"])
        #expect(result.status == 2)
        #expect(result.err.contains("missing --type") && result.err.contains("generic, msgraph, smtp"), "\(result.err)")
        #expect(!result.err.contains("next steps"), "a script gets no chatter")
    }
}
