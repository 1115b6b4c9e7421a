import CredfileAge
import CredfileCrypto
import CredfileYAML
import Testing
@testable import CredfileKit

/// The complete file real sops 3.11 wrote for sops-format.md §2.3.
@Suite struct SopsWrittenFileTests {
    let fixture = Fixture("sops-3.11-wrote-default-rules")

    func load() throws -> (SOPSDocument, [AgeIdentity]) {
        let document = try SOPSDocument(bytes: fixture.bytes("encrypted.yaml"), path: "encrypted.yaml")
        return (document, try AgeKeyFile.parseIdentities(fixture.text("identity.txt")))
    }

    @Test func unwrapsTheKnownDataKey() throws {
        let (document, identities) = try load()
        let key = try document.unwrapDataKey(with: identities)
        let hex = key.withBytes { $0.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }
        #expect(hex == "4941f9a7a845febb0b046e1bc48db063fa32a314da101297b701ec44a18fc834")
    }

    @Test func decryptsEveryValueAndVerifiesTheMAC() throws {
        let (document, identities) = try load()
        let decrypted = try document.decrypt(identities: identities)
        #expect(decrypted.value(at: ["db", "user"]) == .string("admin"))
        #expect(decrypted.value(at: ["db", "password"]) == .string("hunter2"))
        #expect(decrypted.value(at: ["ratio"]) == .float(0.5))
        #expect(decrypted.value(at: ["debug_unencrypted"]) == .bool(true))
        #expect(decrypted.computedMAC.hasPrefix("9220E1C236AFE324F00A5C534842A7D9"))
        #expect(decrypted.leaves.filter { $0.leaf.path == ["ports"] }.map(\.value) == [.int(80), .int(443)])
    }

    @Test func rendersPlaintextWithDecryptedComment() throws {
        let (document, identities) = try load()
        let text = String(decoding: try document.decrypt(identities: identities).plaintextYAML(), as: UTF8.self)
        #expect(text == """
            # db settings
            db:
                user: admin
                password: hunter2
            ports:
                - 80
                - 443
            ratio: 0.5
            debug_unencrypted: true

            """)
    }

    @Test func wrongIdentityNamesTheRecipients() throws {
        let (document, _) = try load()
        let stranger = try AgeIdentity.generate()
        #expect {
            try document.decrypt(identities: [stranger])
        } throws: { error in
            guard let error = error as? CredfileError else { return false }
            return error.kind == .noIdentity
                && error.message.contains("age1z6hysrdywydqcd2etadgnhe9pga0h6mpmj0scwz3mka7nd48humqwrg66u")
        }
    }
}
