import CredfileTestSupport
import Foundation
import Testing

/// The masking rule (DESIGN.md §1) as `show` applies it to real encrypted files: `****` plus
/// the last four characters, only `****` under 8 characters, characters not bytes.
@Suite struct MaskingShowTests {
    static let cases: [(String, String)] = [
        ("", "****"),
        ("abc", "****"),
        ("abcdefg", "****"),
        ("abcdefgh", "****efgh"),
        (String(repeating: "x", count: 36) + "WXYZ", "****WXYZ"),
        ("motdepasse-é", "****se-é"),
        ("日本日本日本日", "****"),
        ("パスワード日本語です", "****本語です"),
        ("key-🔑🔑🔑👍🏽", "****🔑🔑🔑👍🏽"),
    ]

    @Test(arguments: cases)
    func showMasksByCharacters(_ secret: String, _ expected: String) throws {
        let ws = try Workspace.initialised()
        let quoted = "\"" + secret + "\""
        try ws.encrypt("credentials/api.yaml", "name: api\ntype: generic\ndescription: d\ntoken: \(quoted)\n", regex: "^(password|token)$")
        let result = try ws.credfile(["show", "api", "--format", "json"])
        #expect(result.status == 0, "\(result.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let token = try #require((object["fields"] as? [[String: Any]])?.first { $0["name"] as? String == "token" })
        #expect(token["value"] as? String == expected)
        if secret.count >= 8 {
            #expect(!result.out.contains(String(secret.prefix(secret.count - 4))))
        }
    }
}
