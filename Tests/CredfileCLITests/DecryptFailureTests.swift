import CredfileTestSupport
import Foundation
import Testing

/// Failure paths through the binary: documented exit codes, a one-line reason, and no value
/// on stdout or stderr.
@Suite struct DecryptFailureTests {
    static let secret = "canary-S3cr3t-9f2c"

    func setUp() throws -> (Workspace, String) {
        let ws = try Workspace()
        let text = try ws.encrypt("t.yaml", "name: t\nhost: h.example.com\npassword: \(Self.secret)\n", regex: "^(password)$")
        return (ws, text)
    }

    func expectNoLeak(_ result: Subprocess.Result, _ ciphertext: String) {
        #expect(result.stdout.isEmpty, "nothing on stdout on failure")
        #expect(!result.err.contains(Self.secret))
        #expect(!result.err.contains(ciphertext))
    }

    func ciphertext(_ text: String) -> String {
        let line = text.split(separator: "\n").first { $0.hasPrefix("password:") }!
        return String(line.dropFirst("password: ENC[AES256_GCM,data:".count).prefix(8))
    }

    /// sops's exit code for a value that does not decrypt is 25.
    @Test(arguments: ["data:", "iv:", "tag:"])
    func tamperedValue(field: String) throws {
        let (ws, text) = try setUp()
        let line = text.split(separator: "\n").first { $0.hasPrefix("password:") }!
        var chars = Array(line)
        let at = (String(line).range(of: field)!.upperBound.utf16Offset(in: String(line))) + 3
        chars[at] = chars[at] == "A" ? "B" : "A"
        try ws.write("t.yaml", text.replacingOccurrences(of: String(line), with: String(chars)))
        let result = try ws.credfile(["decrypt", "t.yaml"])
        #expect(result.status == 25)
        #expect(result.err.split(separator: "\n").first?.contains("t.yaml") == true)
        expectNoLeak(result, ciphertext(text))
    }

    /// One character of the stored MAC, or of the payload of the wrapped data key, changed.
    @Test(arguments: [("    mac: ENC[AES256_GCM,data:", 6, Int32(51)), ("-----BEGIN AGE ENCRYPTED FILE-----\n", 12 + 77 * 3 + 10, 128)])
    func tamperedMetadata(marker: String, offset: Int, code: Int32) throws {
        let (ws, text) = try setUp()
        var bytes = Array(text.utf8)
        let start = text.utf8.distance(from: text.utf8.startIndex, to: text.range(of: marker)!.upperBound.samePosition(in: text.utf8)!)
        bytes[start + offset] = bytes[start + offset] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        try ws.write("t.yaml", String(decoding: bytes, as: UTF8.self))
        let result = try ws.credfile(["decrypt", "t.yaml"])
        #expect(result.status == code)
        #expect(result.err.split(separator: "\n").first?.hasPrefix("t.yaml") == true)
        expectNoLeak(result, ciphertext(text))
    }

    @Test func editedPlainFieldIsAMACMismatch() throws {
        let (ws, text) = try setUp()
        try ws.write("t.yaml", text.replacingOccurrences(of: "host: h.example.com", with: "host: evil.example.com"))
        let result = try ws.credfile(["decrypt", "t.yaml"])
        #expect(result.status == 51)
        #expect(result.err.contains("MAC mismatch"))
        expectNoLeak(result, ciphertext(text))
    }

    @Test func wrongIdentityListsRecipients() throws {
        let (ws, text) = try setUp()
        let other = ws.dir.file("other.txt")
        _ = try ws.credfile(["keygen", "-o", other.path])
        let result = try ws.credfile(["decrypt", "--identity", other.path, "t.yaml"])
        #expect(result.status == 128)
        #expect(result.err.contains(ws.recipient))
        expectNoLeak(result, ciphertext(text))
    }

    @Test func noIdentityAtAllSaysWhereItLooked() throws {
        let (ws, _) = try setUp()
        let result = try ws.credfile(["decrypt", "t.yaml"], identity: false)
        #expect(result.status == 128)
        #expect(result.err.contains("SOPS_AGE_KEY_FILE"))
    }

    @Test func malformedYAMLHasAPosition() throws {
        let ws = try Workspace()
        try ws.write("bad.yaml", "name: a\nname: b\n")
        let result = try ws.credfile(["encrypt", "--age", ws.recipient, "bad.yaml"])
        #expect(result.status == 4)
        #expect(result.err.hasPrefix("bad.yaml:2:1: error:"))
    }

    @Test func usageErrorsExitTwo() throws {
        let ws = try Workspace()
        #expect(try ws.credfile(["decrypt"]).status == 2)
        #expect(try ws.credfile(["encrypt", "--bogus", "x"]).status == 2)
    }

    @Test func encryptWithoutRecipientsExits111() throws {
        let ws = try Workspace()
        try ws.write("p.yaml", "name: a\npassword: x\n")
        let result = try ws.credfile(["encrypt", "p.yaml"])
        #expect(result.status == 111)
        #expect(try ws.read("p.yaml") == "name: a\npassword: x\n", "nothing written on failure")
    }

    @Test func encryptUsesSopsConfigCreationRule() throws {
        let ws = try Workspace()
        try ws.write(".sops.yaml", "creation_rules:\n  - path_regex: ^credentials/.*\\.yaml$\n    encrypted_regex: ^(password)$\n    age: \(ws.recipient)\n")
        try ws.write("credentials/a.yaml", "name: a\nhost: h\npassword: \(Self.secret)\n")
        let result = try ws.credfile(["encrypt", "credentials/a.yaml"])
        #expect(result.status == 0, "\(result.err)")
        let text = try ws.read("credentials/a.yaml")
        #expect(text.contains("host: h\n"))
        #expect(!text.contains(Self.secret))
        #expect(text.contains("encrypted_regex: ^(password)$"))
        let again = try ws.credfile(["encrypt", "credentials/a.yaml"])
        #expect(again.status == 203)
    }
}
