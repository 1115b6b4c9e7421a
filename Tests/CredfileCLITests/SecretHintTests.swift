import CredfileTestSupport
import Foundation
import Testing

/// Issue 16, item 6: no hint tells anyone to put a secret on the command line; each one names
/// `--stdin FIELD` or `--prompt FIELD`, and `set` warns about shell history as `new` does.
@Suite struct SecretHintTests {
    @Test func aMissingSecretOfNewIsToBeGivenOffTheCommandLine() throws {
        let ws = try Workspace.initialised()
        let result = try ws.credfile(["new", "mail", "--type", "smtp", "--description", "d", "host=mx.example.com", "username=u"])
        #expect(result.status == 1)
        #expect(result.err.contains("--stdin password or --prompt password"), "\(result.err)")
        #expect(!result.err.contains("password=VALUE"), "\(result.err)")
        // A plain field may still be given as an argument.
        let host = try ws.credfile(["new", "mail", "--type", "smtp", "--description", "d"])
        #expect(host.err.contains("give it as host=VALUE"), "\(host.err)")
    }

    @Test func setWarnsAboutShellHistoryForASecretOnly() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let secret = try ws.credfile(["set", "smtp-prod", "password=Hist-Canary-0001"])
        #expect(secret.status == 0, "\(secret.err)")
        #expect(secret.err.contains("note: 'password' was given on the command line, where shell history keeps it"), "\(secret.err)")
        #expect(secret.err.contains("--stdin password or --prompt password"))
        #expect(!secret.err.contains("Canary"))
        let plain = try ws.credfile(["set", "smtp-prod", "host=smtp.example.org"])
        #expect(plain.status == 0)
        #expect(plain.err.isEmpty, "\(plain.err)")
        let new = try ws.credfile(["new", "api", "--type", "generic", "--description", "d", "token=Hist-Canary-0002"])
        #expect(new.err.contains("--stdin token or --prompt token"), "\(new.err)")
    }

    @Test func validateSaysHowToAddAMissingSecret() throws {
        let ws = try Workspace.initialised()
        try ws.write("credentials/graph.yaml", """
            name: graph
            type: msgraph
            description: d
            tenant_id: 0b5f5a2e-3c1d-4e8a-9b7c-1d2e3f4a5b6c
            client_id: 7c9e6679-7425-40de-944b-e07fc1f90ae7

            """)
        #expect(try ws.credfile(["encrypt", "credentials/graph.yaml"]).status == 0)
        let result = try ws.credfile(["validate"])
        #expect(result.status == 1)
        #expect(result.err.contains("credfile set graph client_secret --stdin (or --prompt client_secret)"), "\(result.err)")
        #expect(!result.err.contains("client_secret="), "\(result.err)")
    }
}
