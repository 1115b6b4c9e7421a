import CredfileTestSupport
import Foundation
import Testing

@Suite struct RotateCommandTests {
    @Test(PeerTool.needs("sops"))
    func newDataKeyEveryValueReencryptedSameValues() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let before = try ws.read(ws.smtpFile)
        let valuesBefore = try ws.sopsValues(ws.smtpFile)
        let result = try ws.credfile(["rotate"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "rotated credentials/smtp-prod.yaml\n")
        let after = try ws.read(ws.smtpFile)
        #expect(AuthoringFixture.tokens(before).isDisjoint(with: AuthoringFixture.tokens(after)), "every ENC token changes")
        let armor = { (text: String) in Set(text.split(separator: "\n").filter { $0.hasPrefix("            ") }) }
        #expect(armor(before).isDisjoint(with: armor(after).subtracting(["            -----BEGIN AGE ENCRYPTED FILE-----",
                                                                          "            -----END AGE ENCRYPTED FILE-----"])))
        #expect(try ws.sopsValues(ws.smtpFile) == valuesBefore)
        let validate = try ws.credfile(["validate", "--decrypt"])
        #expect(validate.status == 0, "\(validate.err)")
        // Plain lines stay as they were.
        #expect(after.contains("# Outbound mail for the invoice run\nname: smtp-prod\n"))
    }

    @Test func unknownNameIsAnError() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let result = try ws.credfile(["rotate", "nope"])
        #expect(result.status != 0 && result.err.contains("no credential 'nope'"))
    }
}
