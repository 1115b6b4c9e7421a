import CredfileTestSupport
import Foundation
import Testing

@Suite struct ShowCommandTests {
    static let secret = "pw-Canary-Show-7781"

    static func workspace() throws -> Workspace {
        let ws = try Workspace.initialised()
        try ws.new("smtp-prod", type: "smtp", ["host=smtp.example.com", "username=bot", "password=\(secret)"], description: "Invoices")
        return ws
    }

    @Test func masksSecretsWithAKeyAndMarksDefaults() throws {
        let ws = try Self.workspace()
        let result = try ws.credfile(["show", "smtp-prod"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == """
            name         smtp-prod
            type         smtp
            description  Invoices
            host         smtp.example.com
            port         25 (default)
            username     bot
            password     ****7781
            tls          false (default)

            """)
        #expect(result.err.isEmpty)
        #expect(!(result.out + result.err).contains(Self.secret))
    }

    @Test func withoutAKeySecretsAreStarsWithANote() throws {
        let ws = try Self.workspace()
        let result = try ws.credfile(["show", "smtp-prod"], identity: false)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("password     ****\n"))
        #expect(result.out.contains("host         smtp.example.com\n"))
        #expect(result.err.contains("note: no identity opens credentials/smtp-prod.yaml"))
        #expect(!(result.out + result.err).contains("7781"))
    }

    @Test func revealPrintsThePlaintextOnlyWhenAsked() throws {
        let ws = try Self.workspace()
        let revealed = try ws.credfile(["show", "smtp-prod", "--reveal"])
        #expect(revealed.status == 0)
        #expect(revealed.out.contains("password     \(Self.secret)\n"))
        let noKey = try ws.credfile(["show", "smtp-prod", "--reveal"], identity: false)
        #expect(noKey.status == 128)
        #expect(!(noKey.out + noKey.err).contains(Self.secret))
    }

    @Test func jsonFormatIsMaskedToo() throws {
        let ws = try Self.workspace()
        let result = try ws.credfile(["show", "smtp-prod", "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let fields = try #require(object["fields"] as? [[String: Any]])
        let password = try #require(fields.first { $0["name"] as? String == "password" })
        #expect(password["value"] as? String == "****7781")
        #expect(password["sensitive"] as? Bool == true)
        let port = try #require(fields.first { $0["name"] as? String == "port" })
        #expect(port["default"] as? Bool == true)
        #expect(object["locked"] as? Bool == false)
        #expect(!result.out.contains(Self.secret))
    }

    @Test func anUnknownCredentialIsAnIOError() throws {
        let ws = try Self.workspace()
        let result = try ws.credfile(["show", "nope"])
        #expect(result.status == 3)
        #expect(result.err.contains("no credential 'nope'"))
    }
}
