import CredfileTestSupport
import Foundation
import Testing

@Suite struct UnsetCommandTests {
    @Test(PeerTool.needs("sops"))
    func removesOnlyTheFieldLines() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let before = try ws.read(ws.smtpFile)
        let result = try ws.credfile(["unset", "smtp-prod", "username", "password"])
        #expect(result.status == 0, "\(result.err)")
        let after = try ws.read(ws.smtpFile)
        let gone = Set(before.split(separator: "\n")).subtracting(after.split(separator: "\n"))
        let keys = Set(gone.map { String($0.prefix(while: { $0 != ":" })).trimmingCharacters(in: .whitespaces) })
        #expect(keys.isSubset(of: ["username", "password", "mac", "lastmodified"]) && keys.contains("password"), "\(keys)")
        #expect(after.contains("# Outbound mail for the invoice run\n"))
        let values = try ws.sopsValues(ws.smtpFile)
        #expect(values["username"] == nil && values["password"] == nil && values["host"] == "smtp.office365.com")
    }

    @Test func refusesRequiredMissingAndNameFields() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let before = try ws.read(ws.smtpFile)
        let required = try ws.credfile(["unset", "smtp-prod", "host"])
        #expect(required.status == 1 && required.err.contains("missing required field 'host'"))
        // The schema's rule: username and password together.
        #expect(try ws.credfile(["unset", "smtp-prod", "password"]).status == 1)
        let missing = try ws.credfile(["unset", "smtp-prod", "email"])
        #expect(missing.status == 1 && missing.err.contains("no field 'email'"))
        #expect(try ws.credfile(["unset", "smtp-prod", "name"]).status == 2)
        #expect(try ws.read(ws.smtpFile) == before)
    }
}
