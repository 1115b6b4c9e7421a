import CredfileTestSupport
import Foundation
import Testing

@Suite struct KeygenCommandTests {
    @Test func writesAPrivateKeyFileAndRefusesToOverwrite() throws {
        let ws = try Workspace()
        let attributes = try FileManager.default.attributesOfItem(atPath: ws.identityFile.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(ws.recipient.hasPrefix("age1") && ws.recipient.count == 62)
        let before = try ws.read("test-identity.txt")
        let again = try ws.credfile(["keygen", "-o", ws.identityFile.path])
        #expect(again.status == 3)
        #expect(again.err.contains("already exists"))
        #expect(try ws.read("test-identity.txt") == before)
    }

    @Test func printsKeyFileToStdoutWithoutOutputOption() throws {
        let ws = try Workspace()
        let result = try ws.credfile(["keygen"])
        #expect(result.status == 0)
        #expect(result.out.contains("\nAGE-SECRET-KEY-1"))
        #expect(result.err.hasPrefix("Public key: age1"))
    }

    @Test(PeerTool.needs("age")) func ageAcceptsTheIdentity() throws {
        let age = try PeerTool.require("age")
        let ws = try Workspace()
        let sealed = try Subprocess.run(age, ["-r", ws.recipient, "-a"], stdin: Data("ping".utf8))
        #expect(sealed.status == 0)
        let opened = try Subprocess.run(age, ["-d", "-i", ws.identityFile.path], stdin: sealed.stdout)
        #expect(opened.status == 0)
        #expect(opened.out == "ping")
    }
}
