import CredfileTestSupport
import Foundation
import Testing

/// Issue 16, item 4: an expiry date that has passed is recorded (it is the truth), the secret
/// of an expired credential can be replaced in one command, a deploy refuses it unless told
/// otherwise, and `list`/`show` say how things stand.
@Suite struct ExpiryCommandTests {
    static let tenant = "tenant_id=0b5f5a2e-3c1d-4e8a-9b7c-1d2e3f4a5b6c"
    static let client = "client_id=7c9e6679-7425-40de-944b-e07fc1f90ae7"
    static let secret = "Expired-Canary-Secret-4711"

    /// A Graph credential whose secret expired on 2001-01-01.
    static func expired() throws -> Workspace {
        let ws = try Workspace.initialised()
        let result = try ws.credfile(
            ["new", "graph", "--type", "msgraph", "--description", "d", tenant, client, "--stdin", "client_secret",
             "secret_expires=2001-01-01"], input: secret + "\n")
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err.contains("warning: the secret expired"), "\(result.err)")
        #expect(!(result.out + result.err).contains("Canary"))
        return ws
    }

    /// YYYY-MM-DD, `days` from today (UTC).
    static func date(inDays days: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date().addingTimeInterval(Double(days) * 86_400))
    }

    @Test func aPastExpiryIsRecordedWithAWarning() throws {
        let ws = try Self.expired()
        let set = try ws.credfile(["set", "graph", "secret_expires=2002-02-02"])
        #expect(set.status == 0, "\(set.err)")
        #expect(set.err.contains("warning: the secret expired") && set.err.contains("[secret.expired]"), "\(set.err)")
        #expect(try ws.credfile(["decrypt", "credentials/graph.yaml"]).out.contains("secret_expires: \"2002-02-02\""))
        // Where it is used, it is still an error.
        #expect(try ws.credfile(["validate"]).status == 1)
    }

    @Test func theSecretOfAnExpiredCredentialIsReplacedInOneCommand() throws {
        let ws = try Self.expired()
        let future = Self.date(inDays: 400)
        let set = try ws.credfile(
            ["set", "graph", "client_secret", "--stdin", "secret_expires=\(future)"], input: "Renewed-Canary-0042\n")
        #expect(set.status == 0, "\(set.err)")
        #expect(set.err.isEmpty, "\(set.err)")
        let plain = try ws.credfile(["decrypt", "credentials/graph.yaml"]).out
        #expect(plain.contains("client_secret: Renewed-Canary-0042\n"))
        #expect(plain.contains("secret_expires: \"\(future)\""))
        #expect(try ws.credfile(["validate", "--decrypt"]).status == 0)
        // The old form, the secret alone, works on an expired credential too (with the warning).
        let again = try ws.credfile(["set", "graph", "secret_expires=2001-01-01"])
        #expect(again.status == 0)
        let alone = try ws.credfile(["set", "graph", "client_secret", "--stdin"], input: "Third-Canary-0043\n")
        #expect(alone.status == 0, "\(alone.err)")
        #expect(alone.err.contains("[secret.expired]"))
    }

    @Test func theHintStoresTheSecretWithoutPuttingItOnTheCommandLine() throws {
        let ws = try Self.expired()
        let result = try ws.credfile(["validate"])
        #expect(result.status == 1)
        #expect(result.err.contains("credfile set graph client_secret --stdin secret_expires=YYYY-MM-DD"), "\(result.err)")
        #expect(!result.err.contains("client_secret=VALUE"))
    }

    @Test func exportAndExecRefuseAnExpiredCredentialUnlessAllowed() throws {
        let ws = try Self.expired()
        let refused = try ws.credfile(["export", "graph", "--format", "dotenv"])
        #expect(refused.status == 1)
        #expect(refused.out.isEmpty)
        #expect(refused.err.contains("[secret.expired]") && refused.err.contains("--allow-expired"), "\(refused.err)")
        let allowed = try ws.credfile(["export", "graph", "--format", "dotenv", "--allow-expired"])
        #expect(allowed.status == 0, "\(allowed.err)")
        #expect(allowed.out.contains("GRAPH_CLIENT_SECRET=\"\(Self.secret)\""))
        #expect(allowed.err.contains("warning: credential 'graph' expired") && !allowed.err.contains("Canary"), "\(allowed.err)")

        #expect(try ws.credfile(["exec", "graph", "--", "true"]).status == 1)
        let exec = try ws.credfile(["exec", "graph", "--allow-expired", "--", "sh", "-c", "test \"$GRAPH_CLIENT_SECRET\" = \(Self.secret)"])
        #expect(exec.status == 0, "\(exec.err)")
        let early = try ws.credfile(["exec", "--allow-expired", "graph", "--", "true"])
        #expect(early.status == 0, "\(early.err)")
    }

    @Test func listAndShowMarkExpiredAndSoonExpiring() throws {
        let ws = try Self.expired()
        let soon = Self.date(inDays: 12)
        try ws.new("graph-soon", type: "msgraph", [Self.tenant, Self.client, "client_secret=x-1234567", "secret_expires=\(soon)"])
        try ws.new("graph-later", type: "msgraph", [Self.tenant, Self.client, "client_secret=x-1234567", "secret_expires=2099-06-30"])
        let list = try ws.credfile(["list"], identity: false)
        let lines = list.out.split(separator: "\n").map(String.init)
        // One STATUS column (issue 16): the date in EXPIRES, how it stands in STATUS.
        #expect(lines.first { $0.hasPrefix("graph ") }?.contains(try #require(try Regex("2001-01-01  expired [0-9]+ days ago$"))) == true, "\(list.out)")
        #expect(lines.first { $0.hasPrefix("graph-soon ") }?.hasSuffix("\(soon)  expiring in 12 days") == true, "\(list.out)")
        #expect(lines.first { $0.hasPrefix("graph-later ") }?.hasSuffix("  2099-06-30  ok") == true, "\(list.out)")
        let json = try ws.credfile(["list", "--format", "json"], identity: false)
        let entries = try JSONLinesReader.objects(json.out)
        #expect(entries.first { $0["name"] as? String == "graph-soon" }?["expires_in_days"] as? Int == 12)
        #expect((entries.first { $0["name"] as? String == "graph" }?["expires_in_days"] as? Int ?? 0) < 0)
        #expect(entries.first { $0["name"] as? String == "graph" }?["status"] as? String == "expired")
        #expect(entries.first { $0["name"] as? String == "graph-soon" }?["status"] as? String == "expiring")
        #expect(entries.first { $0["name"] as? String == "graph-later" }?["status"] as? String == "ok")

        let show = try ws.credfile(["show", "graph"])
        #expect(show.out.contains("secret_expires  2001-01-01 (expired "), "\(show.out)")
        #expect(try ws.credfile(["show", "graph-soon"]).out.contains("secret_expires  \(soon) (expires in 12 days)"))
        #expect(try ws.credfile(["show", "graph-later"]).out.contains("secret_expires  2099-06-30\n"))
        let showJSON = try ws.credfile(["show", "graph-soon", "--format", "json"])
        let view = try #require(try JSONSerialization.jsonObject(with: showJSON.stdout) as? [String: Any])
        #expect(view["expires_in_days"] as? Int == 12)
    }
}

extension Workspace {
    /// Runs credfile here with `input` on standard input.
    func credfile(_ args: [String], input: String) throws -> Subprocess.Result {
        try CLI.run(args, in: dir.url, environment: ["SOPS_AGE_KEY_FILE": identityFile.path], stdin: Data(input.utf8))
    }
}
