import CredfileAge
import CredfileTestSupport
import Foundation
import Testing
@testable import CredfileKit

/// The identity search as a library: the passphrase of an encrypted identity file comes from
/// the injected provider (never the terminal), only when no other identity opens the file;
/// warnings go to the injected sink.
@Suite struct IdentityDiscoveryTests {
    /// Counts the questions; Sendable because the provider is.
    final class Asker: @unchecked Sendable {
        private let lock = NSLock()
        private var sources: [String] = []
        let answer: String?

        init(answer: String?) { self.answer = answer }

        var asked: [String] { lock.withLock { sources } }

        var provider: IdentityDiscovery.PassphraseProvider {
            { source in
                self.lock.withLock { self.sources.append(source) }
                return self.answer
            }
        }
    }

    /// A credential encrypted to a fresh identity, and that identity's key file encrypted under
    /// `passphrase` (a small work factor: the format is the same, the test is fast).
    static func lockedSetup(_ dir: TemporaryDirectory, passphrase: String) throws -> (SOPSDocument, AgeIdentity, URL) {
        let identity = try AgeIdentity.generate()
        let plain = try SOPSDocument(bytes: Array("password: s3cret-value\n".utf8), path: "smtp.yaml")
        let bytes = try plain.encrypted(
            with: EncryptionSettings(recipients: [identity.recipient], rule: try EncryptionRule(.encryptedRegex, "^password$")))
        let keyFile = AgeKeyFile.format(identity, created: "2026-12-06T00:00:00Z")
        let locked = try Age.encrypt(Array(keyFile.utf8), passphrase: passphrase, workFactor: 10)
        let url = dir.file("keys.age")
        try Data(locked).write(to: url)
        return (try SOPSDocument(bytes: bytes, path: "smtp.yaml"), identity, url)
    }

    @Test func encryptedIdentityFileIsOpenedWithTheProvidedPassphrase() throws {
        let dir = try TemporaryDirectory()
        let (document, _, url) = try Self.lockedSetup(dir, passphrase: "open sesame")
        let asker = Asker(answer: "open sesame")
        let discovery = IdentityDiscovery(
            environment: ["HOME": dir.url.path, "SOPS_AGE_KEY_FILE": url.path], passphrase: asker.provider)
        let keys = KeyRing(discovery: discovery)
        #expect(try discovery.identities().isEmpty, "nothing is decrypted by the search itself")
        #expect(asker.asked.isEmpty)
        let decrypted = try document.decrypt(keys: keys)
        #expect(decrypted.value(at: ["password"]) == .string("s3cret-value"))
        #expect(asker.asked == [url.path])
        // Opened once per run: a second file asks nothing more.
        _ = try document.decrypt(keys: keys)
        #expect(asker.asked == [url.path])
    }

    /// A work factor over age's cap (22) could never be opened: the error comes before anyone
    /// is asked for a passphrase (red-team finding F10 of issue 14).
    @Test func aWorkFactorOverTheCapIsRefusedBeforeThePrompt() throws {
        let dir = try TemporaryDirectory()
        let (document, _, _) = try Self.lockedSetup(dir, passphrase: "open sesame")
        let keyFile = AgeKeyFile.format(try AgeIdentity.generate(), created: "2026-12-06T00:00:00Z")
        let binary = try Age.encrypt(Array(keyFile.utf8), passphrase: "open sesame", workFactor: 10, armored: false)
        let text = String(decoding: binary, as: UTF8.self)
        let heavy = try #require(text.firstRange(of: #/-> scrypt [A-Za-z0-9+\/]+ 10\n/#))
        let bytes = Array(text.replacingCharacters(in: heavy, with: text[heavy].replacing(" 10\n", with: " 30\n")).utf8)
        let url = dir.file("heavy.age")
        try Data(bytes).write(to: url)
        let asker = Asker(answer: "open sesame")
        let discovery = IdentityDiscovery(
            environment: ["HOME": dir.url.path, "SOPS_AGE_KEY_FILE": url.path], passphrase: asker.provider)
        let error = #expect(throws: CredfileError.self) { try document.decrypt(keys: KeyRing(discovery: discovery)) }
        #expect(error?.message.contains("scrypt work factor 30 exceeds the limit of 22") == true)
        #expect(asker.asked.isEmpty)
    }

    @Test func withoutAnyoneToAskTheErrorSaysSo() throws {
        let dir = try TemporaryDirectory()
        let (document, _, url) = try Self.lockedSetup(dir, passphrase: "open sesame")
        let discovery = IdentityDiscovery(environment: ["HOME": dir.url.path, "SOPS_AGE_KEY_FILE": url.path])
        let none = #expect(throws: CredfileError.self) { try document.decrypt(keys: KeyRing(discovery: discovery)) }
        #expect(none?.kind == .noIdentity)
        #expect(none?.message == "the identity file \(url.path) is encrypted with a passphrase, and there is no terminal to ask for it")
        let wrong = IdentityDiscovery(
            environment: ["HOME": dir.url.path, "SOPS_AGE_KEY_FILE": url.path], passphrase: Asker(answer: "nope").provider)
        let incorrect = #expect(throws: CredfileError.self) { try document.decrypt(keys: KeyRing(discovery: wrong)) }
        #expect(incorrect?.kind == .noIdentity)
        #expect(incorrect?.message == "incorrect passphrase for the identity file \(url.path)")
    }

    @Test func noQuestionWhenAnotherIdentityOpensTheFile() throws {
        let dir = try TemporaryDirectory()
        let (document, identity, url) = try Self.lockedSetup(dir, passphrase: "open sesame")
        let asker = Asker(answer: "open sesame")
        let discovery = IdentityDiscovery(
            environment: ["HOME": dir.url.path, "SOPS_AGE_KEY_FILE": url.path, "SOPS_AGE_KEY": identity.secretKeyString],
            passphrase: asker.provider)
        _ = try document.decrypt(keys: KeyRing(discovery: discovery))
        #expect(asker.asked.isEmpty)
    }

    @Test func missingKeyFileBesideAKeyIsAWarningNotAnError() throws {
        let dir = try TemporaryDirectory()
        let identity = try AgeIdentity.generate()
        let missing = dir.file("missing.txt").path
        let warnings = Asker(answer: nil)
        let discovery = IdentityDiscovery(
            environment: ["HOME": dir.url.path, "SOPS_AGE_KEY_FILE": missing, "SOPS_AGE_KEY": identity.secretKeyString],
            warn: { message in _ = try? warnings.provider(message) })
        #expect(try discovery.identities().map(\.recipient) == [identity.recipient])
        #expect(warnings.asked == ["SOPS_AGE_KEY_FILE: \(missing): no such file; using the identities found elsewhere"])
        let alone = IdentityDiscovery(environment: ["HOME": dir.url.path, "SOPS_AGE_KEY_FILE": missing])
        let error = #expect(throws: CredfileError.self) { try alone.identities() }
        #expect(error?.kind == .io && error?.message == "no such file" && error?.path == missing)
    }
}
