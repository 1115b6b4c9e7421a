import Testing
@testable import CredfileAge

/// Calls the format does not allow, and how the public API reports them.
@Suite struct UsageTests {
    @Test func encryptNeedsRecipients() {
        #expect(throws: AgeError(.invalidUsage, "no recipients to encrypt to")) { try Age.encrypt([1], to: []) }
    }

    @Test func decryptNeedsIdentities() throws {
        let file = try AgeVector("kat-1-x25519-one-recipient").file
        #expect(throws: AgeError(.invalidUsage, "no identities to decrypt with")) { try Age.decrypt(file, identities: []) }
    }

    @Test func emptyPassphraseIsRefused() {
        #expect(throws: AgeError(.invalidUsage, "the passphrase is empty")) { try Age.encrypt([1], passphrase: "") }
    }

    @Test(arguments: [0, -1, 23, 64])
    func workFactorOutOfRangeIsRefused(_ workFactor: Int) {
        let error = #expect(throws: AgeError.self) { try Age.encrypt([1], passphrase: "p", workFactor: workFactor) }
        #expect(error?.kind == .invalidUsage)
    }

    @Test func passphraseRoundTripWritesTheRequestedWorkFactor() throws {
        let file = try Age.encrypt(Keys.plaintext, passphrase: "pässwörd", workFactor: 11, armored: false)
        let header = try HeaderParser.parse(file).header
        #expect(header.stanzas.map(\.arguments.count) == [3])
        #expect(header.stanzas[0].arguments[2] == "11")
        #expect(try Age.decrypt(file, passphrase: "pässwörd") == Keys.plaintext)
        // The exact UTF-8 bytes count: a decomposed spelling is a different passphrase.
        let decomposed = "pa\u{308}sswo\u{308}rd"
        #expect(decomposed == "pässwörd")  // Swift String equality is canonical equivalence
        #expect(ageErrorKind { _ = try Age.decrypt(file, passphrase: decomposed) } == .noMatch)
    }

    @Test func binaryGarbageIsHeaderFailure() {
        #expect(ageErrorKind { _ = try Age.stanzaTypes(of: [0, 1, 2, 3]) } == .headerFailure)
        #expect(ageErrorKind { _ = try Age.stanzaTypes(of: []) } == .headerFailure)
    }

    @Test func secondIdentityMatchesWhenTheFirstDoesNot() throws {
        let vector = try AgeVector("kat-1-x25519-one-recipient")
        let identities = try [AgeIdentity.generate(), AgeIdentity(parsing: Keys.identityA)]
        #expect(try Age.decrypt(vector.file, identities: identities) == Keys.plaintext)
    }

    @Test func errorMessagesCarryNoSecrets() throws {
        let vector = try AgeVector("kat-1-x25519-one-recipient")
        let error = #expect(throws: AgeError.self) { try Age.decrypt(vector.file, identities: [AgeIdentity.generate()]) }
        #expect(error?.message == "no identity matched any of the file's recipients")
    }
}
