import CredfileAge
import CredfileCrypto
import CredfileYAML
import Foundation
import Testing
@testable import CredfileKit

/// credfile's own writer read back by credfile's reader, across types and both MAC modes.
@Suite struct RoundTripTests {
    static let plaintext = """
        # SMTP relay for invoices
        name: smtp-prod
        type: smtp
        description: "Outbound mail: invoices # not a comment"
        host: smtp.example.com
        port: 587
        tls: true
        ratio: 1.50
        since: 2024-01-02
        password: "p@ss: w0rd #1 'q' \\"dq\\""
        note: |
          line one
          line two
        unicode: "grüße 日本 🔑"
        empty: ""
        nothing: ~
        list: [80, "x,y"]

        """

    func encrypt(_ regex: String, macOnly: Bool = false) throws -> ([UInt8], AgeIdentity) {
        let identity = try AgeIdentity.generate()
        let document = try SOPSDocument(bytes: Array(Self.plaintext.utf8), path: "smtp.yaml")
        let rule = try EncryptionRule(.encryptedRegex, regex)
        let bytes = try document.encrypted(
            with: EncryptionSettings(recipients: [identity.recipient], rule: rule, macOnlyEncrypted: macOnly))
        return (bytes, identity)
    }

    @Test(arguments: [false, true])
    func everyTypeSurvives(macOnly: Bool) throws {
        let (bytes, identity) = try encrypt("^(password|port|tls|ratio|since|note|unicode|empty|nothing|list)$", macOnly: macOnly)
        let decrypted = try SOPSDocument(bytes: bytes, path: "smtp.yaml").decrypt(identities: [identity])
        #expect(decrypted.value(at: ["password"]) == .string("p@ss: w0rd #1 'q' \"dq\""))
        #expect(decrypted.value(at: ["port"]) == .int(587))
        #expect(decrypted.value(at: ["tls"]) == .bool(true))
        #expect(decrypted.value(at: ["ratio"]) == .float(1.5))
        #expect(decrypted.value(at: ["note"]) == .string("line one\nline two\n"))
        #expect(decrypted.value(at: ["unicode"]) == .string("grüße 日本 🔑"))
        #expect(decrypted.value(at: ["empty"]) == .string(""))
        #expect(decrypted.value(at: ["nothing"]) == nil)
        #expect(decrypted.value(at: ["host"]) == .string("smtp.example.com"))
        #expect(decrypted.leaves.filter { $0.leaf.path == ["list"] }.map(\.value) == [.int(80), .string("x,y")])
    }

    /// Only the selected values change; comments and plain lines stay byte for byte.
    @Test func encryptionIsSurgical() throws {
        let (bytes, _) = try encrypt("^(password)$")
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let original = Self.plaintext.split(separator: "\n", omittingEmptySubsequences: false)
        for line in original where !line.hasPrefix("password:") && !line.isEmpty {
            #expect(lines.contains(line), "line lost: \(line)")
        }
        #expect(lines.contains { $0.hasPrefix("password: ENC[AES256_GCM,data:") && $0.hasSuffix(",type:str]") })
        #expect(text.contains("\nsops:\n    age:\n        - recipient: age1"))
        #expect(text.contains("    encrypted_regex: ^(password)$\n    version: 3.11.0\n"))
        #expect(!text.contains("p@ss"))
    }

    @Test func plaintextOfDecryptedFileRoundTrips() throws {
        let (bytes, identity) = try encrypt("^(password|port|note|list)$")
        let decrypted = try SOPSDocument(bytes: bytes, path: "smtp.yaml").decrypt(identities: [identity])
        let plain = try decrypted.plaintextYAML()
        let reloaded = try SOPSDocument(bytes: plain, path: "plain.yaml")
        #expect(!reloaded.isEncrypted)
        let again = try reloaded.encrypted(
            with: EncryptionSettings(recipients: [identity.recipient], rule: try EncryptionRule(.encryptedRegex, "^(password)$")))
        let values = try SOPSDocument(bytes: again, path: "again.yaml").decrypt(identities: [identity])
        #expect(values.value(at: ["password"]) == decrypted.value(at: ["password"]))
        #expect(values.value(at: ["note"]) == .string("line one\nline two\n"))
    }

    @Test func refusesAnAlreadyEncryptedFile() throws {
        let (bytes, identity) = try encrypt("^(password)$")
        let document = try SOPSDocument(bytes: bytes, path: "smtp.yaml")
        #expect(throws: CredfileError.self) {
            try document.encrypted(with: EncryptionSettings(recipients: [identity.recipient], rule: .sopsDefault))
        }
    }

    @Test func refusesIntegersBeyondInt64() throws {
        let document = try SOPSDocument(bytes: Array("big: 18446744073709551615\n".utf8), path: "big.yaml")
        #expect {
            try document.encrypted(with: EncryptionSettings(recipients: [try AgeIdentity.generate().recipient], rule: .sopsDefault))
        } throws: { ($0 as? CredfileError)?.kind == .cannotEncrypt }
    }
}
