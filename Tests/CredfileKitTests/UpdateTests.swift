import CredfileAge
import CredfileCrypto
import CredfileYAML
import Foundation
import Testing
@testable import CredfileKit

/// `set`/`unset` through the library: minimal diffs (DESIGN.md §2.6, sops-format.md §6.3).
@Suite struct UpdateTests {
    static let plaintext = """
        # Outbound mail
        name: smtp-prod
        type: smtp
        description: Outbound mail for invoice runs
        host: smtp.office365.com
        port: 587   # submission
        username: invoices@example.com
        password: hunter2-long-secret

        # keep tls on
        tls: true

        """

    func encrypted() throws -> (DecryptedDocument, [UInt8]) {
        let identity = try AgeIdentity.generate()
        let document = try SOPSDocument(bytes: Array(Self.plaintext.utf8), path: "smtp-prod.yaml")
        let bytes = try document.encrypted(
            with: EncryptionSettings(recipients: [identity.recipient], rule: try EncryptionRule(.encryptedRegex, "^(password)$")),
            now: GoTime(rfc3339: "2026-01-01T00:00:00Z")!)
        return (try SOPSDocument(bytes: bytes, path: "smtp-prod.yaml").decrypt(identities: [identity]), bytes)
    }

    /// Lines of `after` that differ from `before`, in a line-by-line diff of equal-length files.
    func changedLines(_ before: [UInt8], _ after: [UInt8]) -> [String] {
        let a = String(decoding: before, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let b = String(decoding: after, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard a.count == b.count else { return ["line count \(a.count) → \(b.count)"] }
        return zip(a, b).filter { $0 != $1 }.map { String($0.1.prefix(while: { $0 != ":" })) }
    }

    @Test func changingAPlainFieldTouchesOnlyItsLineAndTheMAC() throws {
        let (decrypted, before) = try encrypted()
        let after = try decrypted.updated([.set(path: ["host"], value: .string("smtp.example.org"))])
        #expect(changedLines(before, after) == ["host", "    lastmodified", "    mac"])
        #expect(String(decoding: after, as: UTF8.self).contains("port: 587   # submission\n"))
    }

    @Test func changingASecretKeepsOtherCiphertexts() throws {
        let (decrypted, before) = try encrypted()
        let after = try decrypted.updated([.set(path: ["password"], value: .string("new-secret-9876"))])
        #expect(changedLines(before, after) == ["password", "    lastmodified", "    mac"])
        let reread = try SOPSDocument(bytes: after, path: "x").decrypt(dataKey: decrypted.dataKey, verifyMAC: true)
        #expect(reread.value(at: ["password"]) == .string("new-secret-9876"))
    }

    /// One update that removes the last field and adds another (what `edit` produces when a
    /// field is replaced): the new line goes after the last field kept, not inside the removed
    /// line (which failed with "text edit overlaps a previous edit").
    @Test func removingTheLastFieldAndAddingAnotherInOneUpdate() throws {
        let (decrypted, _) = try encrypted()
        let after = try decrypted.updated([.remove(path: ["tls"]), .set(path: ["region"], value: .string("eu"))])
        let text = String(decoding: after, as: UTF8.self)
        #expect(text.contains("password: ENC[") && !text.contains("tls:"))
        #expect(text.contains(",type:str]\nregion: eu\n\n# keep tls on\nsops:"), "\(text)")
        let reread = try SOPSDocument(bytes: after, path: "x").decrypt(dataKey: decrypted.dataKey, verifyMAC: true)
        #expect(reread.value(at: ["region"]) == .string("eu") && reread.value(at: ["tls"]) == nil)
        #expect(reread.value(at: ["password"]) == .string("hunter2-long-secret"))
    }

    /// Every field but `sops` removed and one added: the new line takes the first one's place.
    @Test func replacingEveryFieldInOneUpdate() throws {
        let (decrypted, _) = try encrypted()
        let all = ["name", "type", "description", "host", "port", "username", "password", "tls"]
        let after = try decrypted.updated(all.map { .remove(path: [$0]) } + [.set(path: ["only"], value: .string("one"))])
        let text = String(decoding: after, as: UTF8.self)
        #expect(text.hasPrefix("# Outbound mail\nonly: one\n"), "\(text)")
        let reread = try SOPSDocument(bytes: after, path: "x").decrypt(dataKey: decrypted.dataKey, verifyMAC: true)
        #expect(reread.value(at: ["only"]) == .string("one") && reread.value(at: ["name"]) == nil)
    }

    @Test func settingTheSameValueKeepsTheCiphertextByteForByte() throws {
        let (decrypted, before) = try encrypted()
        let after = try decrypted.updated([.set(path: ["password"], value: .string("hunter2-long-secret"))])
        #expect(changedLines(before, after) == ["    lastmodified", "    mac"])
    }

    @Test func addingAndRemovingKeys() throws {
        let (decrypted, _) = try encrypted()
        let added = try decrypted.updated([.set(path: ["email"], value: .string("sender@example.com"))])
        let withEmail = try SOPSDocument(bytes: added, path: "x").decrypt(dataKey: decrypted.dataKey, verifyMAC: true)
        #expect(withEmail.value(at: ["email"]) == .string("sender@example.com"))
        let text = String(decoding: added, as: UTF8.self)
        #expect(text.range(of: "email:")!.lowerBound < text.range(of: "sops:")!.lowerBound)
        let removed = try withEmail.updated([.remove(path: ["username"])])
        let without = try SOPSDocument(bytes: removed, path: "x").decrypt(dataKey: decrypted.dataKey, verifyMAC: true)
        #expect(without.value(at: ["username"]) == nil)
        #expect(String(decoding: removed, as: UTF8.self).contains("# keep tls on\ntls: true\n"))
    }

    /// `sops:` cannot be appended after a top-level `{…}`: refused with a position, not garbled.
    @Test func refusesToEncryptAFlowRoot() throws {
        let plain = try SOPSDocument(bytes: Array("{name: a, password: x}\n".utf8), path: "f.yaml")
        let settings = EncryptionSettings(
            recipients: [try AgeIdentity.generate().recipient], rule: try EncryptionRule(.encryptedRegex, "^(password)$"))
        #expect { try plain.encrypted(with: settings) } throws: {
            let error = $0 as? CredfileError
            return error?.kind == .unsupported && error?.position?.line == 1
        }
    }

    /// A key cannot be appended as a line to a nested flow mapping.
    @Test func refusesToAddToANestedFlowMapping() throws {
        let identity = try AgeIdentity.generate()
        let plain = try SOPSDocument(bytes: Array("name: a\nsmtp: {host: h}\npassword: x\n".utf8), path: "f.yaml")
        let rule = try EncryptionRule(.encryptedRegex, "^(password)$")
        let bytes = try plain.encrypted(with: EncryptionSettings(recipients: [identity.recipient], rule: rule))
        let decrypted = try SOPSDocument(bytes: bytes, path: "f.yaml").decrypt(identities: [identity])
        #expect { try decrypted.updated([.set(path: ["smtp", "port"], value: .int(25))]) } throws: {
            ($0 as? CredfileError)?.kind == .unsupported
        }
    }

    @Test func refusesToEditTheSopsBlockOrAMissingField() throws {
        let (decrypted, _) = try encrypted()
        #expect(throws: CredfileError.self) { try decrypted.updated([.set(path: ["sops", "version"], value: .string("x"))]) }
        #expect { try decrypted.updated([.remove(path: ["nope"])]) } throws: { ($0 as? CredfileError)?.kind == .noSuchField }
    }
}

/// Issue 13: sops compares keys and values byte for byte; Swift's `==` on strings is canonical
/// equivalence. NFC `café` (U+00E9) and NFD `café` (e + U+0301) are different to sops.
@Suite struct UnicodeBytesUpdateTests {
    static let nfc = "caf\u{E9}", nfd = "cafe\u{301}"

    func encrypted(_ text: String) throws -> (DecryptedDocument, [UInt8]) {
        let identity = try AgeIdentity.generate()
        let document = try SOPSDocument(bytes: Array(text.utf8), path: "x.yaml")
        let bytes = try document.encrypted(
            with: EncryptionSettings(recipients: [identity.recipient], rule: .sopsDefault),
            now: GoTime(rfc3339: "2026-01-01T00:00:00Z")!)
        return (try SOPSDocument(bytes: bytes, path: "x.yaml").decrypt(identities: [identity]), bytes)
    }

    @Test func settingTheCanonicallyEquivalentTwinIsAChange() throws {
        let (decrypted, before) = try encrypted("note: \(Self.nfc)\n")
        let after = try decrypted.updated(
            [.set(path: ["note"], value: .string(Self.nfd))], rule: .sopsDefault, now: GoTime(rfc3339: "2026-01-02T00:00:00Z")!)
        #expect(after != before, "an NFD value over its NFC twin must be written")
        let reread = try SOPSDocument(bytes: after, path: "x.yaml").decrypt(dataKey: decrypted.dataKey, verifyMAC: true)
        guard case .string(let value)? = reread.value(at: ["note"]) else { Issue.record("no note"); return }
        #expect(Array(value.utf8) == Array(Self.nfd.utf8))
    }

    @Test func twinKeysAreTwoKeys() throws {
        let (decrypted, _) = try encrypted("\(Self.nfc): one\n\(Self.nfd): two\n")
        let after = try decrypted.updated(
            [.set(path: [Self.nfd], value: .string("three"))], rule: .sopsDefault, now: GoTime(rfc3339: "2026-01-02T00:00:00Z")!)
        let reread = try SOPSDocument(bytes: after, path: "x.yaml").decrypt(dataKey: decrypted.dataKey, verifyMAC: true)
        #expect(reread.value(at: [Self.nfc]) == .string("one"))
        #expect(reread.value(at: [Self.nfd]) == .string("three"))
    }
}
