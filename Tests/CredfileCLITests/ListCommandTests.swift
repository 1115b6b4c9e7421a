import CredfileTestSupport
import Foundation
import Testing

@Suite struct ListCommandTests {
    static let canary = "Canary-List-Secret-5150"

    static func workspace() throws -> Workspace {
        let ws = try Workspace.initialised()
        try ws.new("smtp-prod", type: "smtp", ["host=smtp.example.com", "username=u", "password=\(canary)"], description: "Invoice mail")
        try ws.new("graph-inbox", type: "msgraph", [
            "tenant_id=0b5f5a2e-3c1d-4e8a-9b7c-1d2e3f4a5b6c", "client_id=7c9e6679-7425-40de-944b-e07fc1f90ae7",
            "client_secret=\(canary)", "secret_expires=2099-06-30",
        ], description: "Inbox reader")
        return ws
    }

    @Test func tableIsSortedAndNeedsNoKey() throws {
        let ws = try Self.workspace()
        let result = try ws.credfile(["list"], identity: false)
        #expect(result.status == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("NAME         TYPE     DESCRIPTION   MODIFIED"))
        #expect(lines[1].hasPrefix("graph-inbox  msgraph  Inbox reader  20"))
        #expect(lines[1].hasSuffix("\(ws.recipient.prefix(7))…\(ws.recipient.suffix(4))  2099-06-30  ok"))
        #expect(lines[2].hasPrefix("smtp-prod    smtp     Invoice mail  20"))
        #expect(lines[2].hasSuffix("  -           ok"))
        #expect(result.err.isEmpty)
    }

    @Test func neverPrintsASecretEvenWithAKey() throws {
        let ws = try Self.workspace()
        for format in ["table", "json"] {
            for identity in [true, false] {
                let result = try ws.credfile(["list", "--format", format], identity: identity)
                #expect(result.status == 0)
                #expect(!(result.out + result.err).contains("Canary"), "format \(format)")
                #expect(!(result.out + result.err).contains("5150"), "not even the masked tail")
                #expect(!result.out.contains("ENC["))
            }
        }
    }

    @Test func jsonHasEveryColumn() throws {
        let ws = try Self.workspace()
        let result = try ws.credfile(["list", "--format", "json"], identity: false)
        let entries = try JSONLinesReader.objects(result.out)  // one line per credential
        #expect(entries.map { $0["name"] as? String } == ["graph-inbox", "smtp-prod"])
        #expect(entries[0]["type"] as? String == "msgraph")
        #expect(entries[0]["description"] as? String == "Inbox reader")
        #expect(entries[0]["expires"] as? String == "2099-06-30")
        #expect(entries[0]["recipients"] as? [String] == [ws.recipient])
        #expect((entries[0]["lastmodified"] as? String)?.hasSuffix("Z") == true)
        #expect(entries[1]["path"] as? String == "credentials/smtp-prod.yaml")
    }

    @Test func aBrokenFileIsListedAndReported() throws {
        let ws = try Self.workspace()
        try ws.write("credentials/broken.yaml", "name: [unclosed\n")
        let result = try ws.credfile(["list"], identity: false)
        #expect(result.status == 0)
        #expect(result.out.contains("\nbroken "))
        #expect(result.err.contains("credentials/broken.yaml"))
    }
}
