import CredfileAge
import CredfileCrypto
import CredfileYAML
import Foundation
import Testing
@testable import CredfileKit

/// Flipping any byte of a value, of the MAC or of an `enc` block, or editing a plain field
/// under the full MAC, fails decryption with the kind that maps to sops's exit code (CLI ExitStatusTests) — and
/// never yields values.
@Suite struct TamperTests {
    static let plaintext = "name: smtp-prod\nhost: smtp.example.com\nport: 587\npassword: hunter2-long-secret\n"

    func encrypted(macOnly: Bool = false) throws -> ([UInt8], AgeIdentity) {
        let identity = try AgeIdentity.generate()
        let document = try SOPSDocument(bytes: Array(Self.plaintext.utf8), path: "t.yaml")
        let bytes = try document.encrypted(
            with: EncryptionSettings(
                recipients: [identity.recipient], rule: try EncryptionRule(.encryptedRegex, "^(password)$"),
                macOnlyEncrypted: macOnly))
        return (bytes, identity)
    }

    func decryptError(_ bytes: [UInt8], _ identity: AgeIdentity) -> CredfileError? {
        do {
            _ = try SOPSDocument(bytes: bytes, path: "t.yaml").decrypt(identities: [identity])
            return nil
        } catch {
            return error as? CredfileError
        }
    }

    /// Replaces the character at `offset` within the first occurrence of `marker`'s value
    /// by another base64 character.
    func flip(_ bytes: [UInt8], after marker: String, offset: Int) -> [UInt8] {
        var copy = bytes
        let text = String(decoding: bytes, as: UTF8.self)
        let start = text.utf8.distance(from: text.utf8.startIndex, to: text.range(of: marker)!.upperBound.samePosition(in: text.utf8)!)
        let i = start + offset
        copy[i] = copy[i] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        return copy
    }

    @Test(arguments: ["password: ENC[AES256_GCM,data:", ",iv:", ",tag:"])
    func flippedValueFails(marker: String) throws {
        let (bytes, identity) = try encrypted()
        let error = decryptError(flip(bytes, after: marker, offset: 2), identity)
        #expect(error?.kind == .decryptFailed)
        #expect(error?.message.contains("hunter2") == false)
    }

    @Test func flippedMACFails() throws {
        let (bytes, identity) = try encrypted()
        #expect(decryptError(flip(bytes, after: "    mac: ENC[AES256_GCM,data:", offset: 5), identity)?.kind == .macMismatch)
    }

    @Test func flippedEncBlockFails() throws {
        let (bytes, identity) = try encrypted()
        // Line 4 of the armor (12 spaces of indent + 64 columns + LF per line): the payload.
        let error = decryptError(flip(bytes, after: "-----BEGIN AGE ENCRYPTED FILE-----\n", offset: 12 + 77 * 3 + 10), identity)
        #expect(error?.kind == .noIdentity)
    }

    @Test func plainFieldEditBreaksFullMACButNotMacOnly() throws {
        let (full, identity) = try encrypted()
        let edited = Array(String(decoding: full, as: UTF8.self).replacingOccurrences(of: "port: 587", with: "port: 588").utf8)
        #expect(decryptError(edited, identity)?.kind == .macMismatch)
        let (macOnly, identity2) = try encrypted(macOnly: true)
        let edited2 = Array(String(decoding: macOnly, as: UTF8.self).replacingOccurrences(of: "port: 587", with: "port: 588").utf8)
        #expect(decryptError(edited2, identity2) == nil)
    }

    @Test func missingMACIsReported() throws {
        let (bytes, identity) = try encrypted()
        let text = String(decoding: bytes, as: UTF8.self)
        let stripped = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("    mac:") }.joined(separator: "\n")
        #expect(decryptError(Array(stripped.utf8), identity)?.kind == .macNotFound)
    }

    @Test func plaintextWhereCiphertextBelongsFails() throws {
        let (bytes, identity) = try encrypted()
        let text = String(decoding: bytes, as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.hasPrefix("password:") }!
        let edited = text.replacingOccurrences(of: String(line), with: "password: leaked-in-plain")
        let error = decryptError(Array(edited.utf8), identity)
        #expect(error?.kind == .decryptFailed)
        #expect(error?.message.contains("leaked-in-plain") == false)
    }
}
