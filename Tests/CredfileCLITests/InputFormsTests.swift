import CredfileTestSupport
import Foundation
import Testing

/// Issue 16, item 7: `new` and `set` take values the same ways, a credential may be named by
/// NAME or by its file wherever one is asked for, and `get` prints one value for scripts.
@Suite struct InputFormsTests {
    static let smtp = ["--type", "smtp", "--description", "d", "host=mx.example.com", "username=u"]

    @Test func newTakesStdinInBothFormsAndValueFiles() throws {
        let ws = try Workspace.initialised()
        let after = try ws.credfile(["new", "a"] + Self.smtp + ["password", "--stdin"], input: "pw-after-1234\n")
        #expect(after.status == 0, "\(after.err)")
        let before = try ws.credfile(["new", "b"] + Self.smtp + ["--stdin", "password"], input: "pw-before-1234\n")
        #expect(before.status == 0, "\(before.err)")
        try ws.write("secret.txt", "pw-file-1234")
        let file = try ws.credfile(["new", "c"] + Self.smtp + ["--value-file", "password=secret.txt"])
        #expect(file.status == 0, "\(file.err)")
        #expect(!(after.err + before.err + file.err).contains("shell history"))
        for (name, value) in [("a", "pw-after-1234"), ("b", "pw-before-1234"), ("c", "pw-file-1234")] {
            #expect(try ws.credfile(["get", name, "password"]).out == value + "\n")
        }
        #expect(try ws.credfile(["new", "d"] + Self.smtp + ["--prompt", "password"]).err.contains("--prompt needs a terminal"))
        #expect(try ws.credfile(["new", "d"] + Self.smtp + ["password", "port", "--stdin"]).status == 2)
    }

    @Test(.enabled(if: PeerTool.runnable("python3")))
    func newPromptsForAFieldWithoutEcho() throws {
        let ws = try Workspace.initialised()
        let outcome = try PTY.run(ws, ["new", "api", "--type", "generic", "--description", "d", "--prompt", "token"], steps: [
            .init(expect: "token: ", send: "Tok-Canary-5678\n"),
            .init(expect: "(again): ", send: "Tok-Canary-5678\n"),
        ])
        #expect(outcome.failedStep == nil && outcome.status == 0, "\(outcome.output)")
        #expect(!outcome.output.contains("Tok-Canary"))
        #expect(try ws.credfile(["get", "api", "token"]).out == "Tok-Canary-5678\n")
    }

    @Test func setTakesStdinBeforeTheField() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let result = try ws.credfile(["set", "smtp-prod", "--stdin", "password"], input: "pw-new-5678\n")
        #expect(result.status == 0, "\(result.err)")
        #expect(try ws.credfile(["get", "smtp-prod", "password"]).out == "pw-new-5678\n")
    }

    @Test func aCredentialIsNamedByNameOrByItsFile() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let path = "credentials/smtp-prod.yaml"
        #expect(try ws.credfile(["show", path]).out.contains("host         smtp.office365.com"))
        #expect(try ws.credfile(["set", path, "port=465"]).status == 0)
        #expect(try ws.credfile(["export", "./" + path, "--format", "dotenv"]).out.contains("SMTP_PROD_PORT=\"465\""))
        #expect(try ws.credfile(["get", ws.dir.file(path).path, "port"]).out == "465\n")
        #expect(try ws.credfile(["validate", "smtp-prod"]).status == 0)
        #expect(try ws.credfile(["decrypt", "smtp-prod"]).out.contains("password: hunter2-long-secret"))
        try ws.write("credentials/plain.yaml", "name: plain\ntype: generic\ndescription: d\ntoken: tok-plain-0001\n")
        #expect(try ws.credfile(["encrypt", "plain"]).status == 0)
        #expect(try ws.read("credentials/plain.yaml").contains("token: ENC["))
        // A path outside credentials/ is not a credential: said, with what is wanted.
        try ws.write("elsewhere/smtp-prod.yaml", AuthoringFixture.smtp)
        let refused = try ws.credfile(["show", "elsewhere/smtp-prod.yaml"])
        #expect(refused.status == 2)
        #expect(refused.err.contains("give the credential's NAME (e.g. smtp-prod) or its file credentials/NAME.yaml"), "\(refused.err)")
        // A file that exists is still a file: `validate PATH` of any YAML works as before.
        #expect(try ws.credfile(["validate", "nosuch"]).status != 0)
    }

    @Test func getPrintsExactlyTheValue() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let value = try ws.credfile(["get", "smtp-prod", "password"])
        #expect(value.status == 0)
        #expect(value.out == "hunter2-long-secret\n")
        #expect(value.err.isEmpty)
        #expect(try ws.credfile(["get", "smtp-prod", "password", "--no-newline"]).out == "hunter2-long-secret")
        #expect(try ws.credfile(["get", "smtp-prod", "tls"]).out == "true\n")
        #expect(try ws.credfile(["get", "smtp-prod", "name"]).out == "smtp-prod\n")
        try ws.write("credentials/second.yaml", "name: second\ntype: smtp\ndescription: d\nhost: mx.example.com\n")
        #expect(try ws.credfile(["encrypt", "credentials/second.yaml"]).status == 0)
        #expect(try ws.credfile(["get", "second", "port"]).out == "25\n", "the default, as export gives it")
        let absent = try ws.credfile(["get", "second", "password"])
        #expect(absent.status == 1 && absent.out.isEmpty && absent.err.contains("has no value for 'password'"), "\(absent.err)")
        let unknown = try ws.credfile(["get", "smtp-prod", "colour"])
        #expect(unknown.status == 1 && unknown.err.contains("fields of smtp"), "\(unknown.err)")
        let locked = try ws.credfile(["get", "smtp-prod", "password"], identity: false)
        #expect(locked.status == 128 && locked.out.isEmpty)
    }
}
