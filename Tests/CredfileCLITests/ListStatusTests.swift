import CredfileTestSupport
import Foundation
import Testing

/// Issue 16, item 12: `list` and `show` no longer trust a broken file. `list` has a STATUS
/// column (JSON `status`) from `validate`'s key-less checks; `show` warns before the fields
/// and marks a secret stored in plain text instead of masking it like a decrypted one.
@Suite struct ListStatusTests {
    static let plainSecret = "Plain-Status-Secret-8812"

    /// One credential of each kind of trouble, and a good one.
    static func workspace() throws -> Workspace {
        let ws = try Workspace.initialised()
        try ws.new("good", type: "smtp", ["host=smtp.example.com", "username=u", "password=Good-Secret-1234"])
        try ws.write("credentials/plain.yaml", """
            name: plain
            type: smtp
            description: pasted by hand
            host: smtp.example.com
            username: u
            password: \(plainSecret)

            """)
        try ws.write("credentials/unknown.yaml", "name: unknown\ntype: nosuch\ndescription: a type without schema\n")
        try ws.write("credentials/renamed.yaml", "name: original\ntype: generic\ndescription: copied under another name\n")
        try ws.write("credentials/badport.yaml", "name: badport\ntype: smtp\ndescription: x\nhost: h.example.com\nport: many\n")
        try ws.write("credentials/broken.yaml", "name: [unclosed\n")
        return ws
    }

    @Test func listHasAStatusForEachKindOfBrokenFile() throws {
        let ws = try Self.workspace()
        let result = try ws.credfile(["list"], identity: false)
        #expect(result.status == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix("EXPIRES  STATUS"), "\(result.out)")
        let status = { (name: String) in lines.first { $0.hasPrefix(name + " ") }?.split(separator: " ").last.map(String.init) }
        #expect(status("good") == "ok", "\(result.out)")
        #expect(status("plain") == "plaintext-secret")
        #expect(status("unknown") == "unknown-type")
        #expect(status("original") == "name-mismatch")
        #expect(status("badport") == "invalid")
        #expect(status("broken") == "invalid")
        #expect(!(result.out + result.err).contains(Self.plainSecret) && !(result.out + result.err).contains("8812"))

        let json = try ws.credfile(["list", "--format", "json"], identity: false)
        let entries = try JSONLinesReader.objects(json.out)
        let byPath = Dictionary(uniqueKeysWithValues: entries.map { ($0["path"] as? String ?? "", $0["status"] as? String) })
        #expect(byPath == [
            "credentials/good.yaml": "ok", "credentials/plain.yaml": "plaintext-secret", "credentials/unknown.yaml": "unknown-type",
            "credentials/renamed.yaml": "name-mismatch", "credentials/badport.yaml": "invalid", "credentials/broken.yaml": "invalid",
        ])
        #expect(!json.out.contains(Self.plainSecret))
    }

    /// The status is `validate`'s verdict: a file `validate` passes is ok, one it fails is not.
    @Test func statusAgreesWithValidate() throws {
        let ws = try Self.workspace()
        let json = try ws.credfile(["list", "--format", "json"], identity: false)
        let entries = try JSONLinesReader.objects(json.out)
        for entry in entries {
            let path = try #require(entry["path"] as? String)
            let validate = try ws.credfile(["validate", path], identity: false)
            #expect((entry["status"] as? String == "ok") == (validate.status == 0), "\(path): \(validate.err)")
        }
    }

    @Test func showWarnsAboutAPlaintextSecretAndMarksIt() throws {
        let ws = try Self.workspace()
        let result = try ws.credfile(["show", "plain"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err.contains("warning: 'password' is stored in plain text in credentials/plain.yaml"), "\(result.err)")
        #expect(result.err.contains("[secret.not-encrypted]"))
        #expect(result.err.contains("hint: encrypt it: credfile encrypt credentials/plain.yaml"))
        #expect(result.err.contains("credfile set plain password --prompt (or --stdin)"))
        #expect(!result.err.contains(Self.plainSecret) && !result.err.contains("8812"), "never the value in a warning")
        // Masked, but not as if it had been decrypted.
        #expect(result.out.contains("password     ****8812 (stored in plain text)\n"), "\(result.out)")
        #expect(!result.out.contains(Self.plainSecret))

        let json = try ws.credfile(["show", "plain", "--format", "json"])
        let view = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect(view["status"] as? String == "plaintext-secret")
        let fields = try #require(view["fields"] as? [[String: Any]])
        #expect(fields.first { $0["name"] as? String == "password" }?["plaintext"] as? Bool == true)
        #expect(fields.first { $0["name"] as? String == "host" }?["plaintext"] as? Bool == false)
    }

    @Test func showWarnsAboutAnInvalidFileAndNotAboutAGoodOne() throws {
        let ws = try Self.workspace()
        let renamed = try ws.credfile(["show", "renamed"])
        #expect(renamed.status == 0, "\(renamed.err)")
        #expect(renamed.err.contains("warning: 'name' must equal the file name 'renamed' [name.file-mismatch]"), "\(renamed.err)")
        #expect(renamed.err.contains("credfile validate credentials/renamed.yaml"))
        let unknown = try ws.credfile(["show", "unknown"])
        #expect(unknown.err.contains("warning:") && unknown.err.contains("[type.unknown]"), "\(unknown.err)")

        let good = try ws.credfile(["show", "good"])
        #expect(good.status == 0 && good.err.isEmpty, "\(good.err)")
        #expect(good.out.contains("password     ****1234\n"))
        let json = try ws.credfile(["show", "good", "--format", "json"])
        #expect((try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])?["status"] as? String == "ok")
    }
}
