import CredfileCrypto
import Testing
@testable import CredfileAge

/// The vectors of age-format.md §12 and sops-format.md §2.3.
@Suite struct KnownAnswerTests {
    static let x25519Scenarios = [
        "kat-1-x25519-one-recipient", "kat-2-x25519-two-recipients", "age-cli-x25519-armored",
        "pyrage-two-recipients-with-grease", "sops-data-key-wrapped-for-age",
    ]

    @Test(arguments: x25519Scenarios)
    func eachIdentityDecrypts(_ scenario: String) throws {
        let vector = try AgeVector(scenario)
        for identity in try vector.identities {
            #expect(try Age.decrypt(vector.file, identities: [identity]) == vector.plaintext)
        }
    }

    @Test(arguments: ["kat-1-x25519-one-recipient", "kat-2-x25519-two-recipients"])
    func deterministicX25519ReEncryptionIsByteIdentical(_ scenario: String) throws {
        let vector = try AgeVector(scenario)
        let random = vector.random
        let recipients = try [Keys.recipientA, Keys.recipientB].prefix(vector.values("identity").count)
            .map { try AgeRecipient(parsing: $0) }
        let file = try Age.encrypt(vector.plaintext, to: recipients, armored: true, random: random)
        #expect(file.text == vector.file.text)
        #expect(random.isExhausted)
    }

    // KAT-4 (logN 10) is cheap; KAT-3 (logN 18, 256 MiB) runs in the serialized suite below.
    @Test func kat4DecryptsAndReEncryptsByteIdentically() throws {
        try checkScryptVector("kat-4-scrypt-work-factor-10", workFactor: 10)
    }

    @Test func sopsEncBlockUnwrapsToTheDataKey() throws {
        let vector = try AgeVector("sops-data-key-wrapped-for-age")
        let key = try Age.decrypt(vector.file, identities: vector.identities)
        #expect(key.hex == "4941f9a7a845febb0b046e1bc48db063fa32a314da101297b701ec44a18fc834")
        // sops-format.md §4.3: one stanza per recipient, 232 bytes binary.
        #expect(try Age.stanzaTypes(of: vector.file) == ["X25519"])
        #expect(try Armor.decode(vector.file).count == 232)
    }

    @Test func greaseStanzaIsParsedAndIgnored() throws {
        let vector = try AgeVector("pyrage-two-recipients-with-grease")
        #expect(try Age.stanzaTypes(of: vector.file) == ["X25519", "X25519", ")-grease"])
        let header = try HeaderParser.parse(Armor.decode(vector.file)).header
        #expect(header.stanzas[2].body.count > 48)  // multi-line body
    }

    @Test func kat1IntermediatesMatchTheDocument() throws {
        let vector = try AgeVector("kat-1-x25519-one-recipient")
        let header = try HeaderParser.parse(Armor.decode(vector.file)).header
        #expect(header.mac.hex == "11379d0262bb7b9d8da5cccf112e346289aeed257df418b149cedd6e4baeb7ea")
        #expect(header.stanzas[0].body.hex == "cf1dcceac3001f4b265120c8bdf69bc45fbcf12c45a625097accb55b20565132")
        let fileKey = SecretBytes([UInt8](hex: "00112233445566778899aabbccddeeff"))
        #expect(try HeaderMAC.compute(header, fileKey: fileKey) == header.mac)
        let payloadKey = try PayloadStream.key(fileKey: fileKey, nonce: [UInt8](hex: "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"))
        #expect(payloadKey.withBytes { $0.hex } == "2e2211a1cdbaeb5e9feca678ef395b78aa45c4f97b19d683b9a2313540ea9eb9")
    }

    @Test func wrongIdentityIsNoMatch() throws {
        let vector = try AgeVector("kat-1-x25519-one-recipient")
        let stranger = try AgeIdentity(parsing: Keys.identityB)
        #expect(ageErrorKind { _ = try Age.decrypt(vector.file, identities: [stranger]) } == .noMatch)
    }

    @Test func passphraseFileWithIdentityIsNoMatchAndViceVersa() throws {
        let scrypt = try AgeVector("kat-4-scrypt-work-factor-10")
        let x25519 = try AgeVector("kat-1-x25519-one-recipient")
        let identity = try AgeIdentity(parsing: Keys.identityA)
        #expect(ageErrorKind { _ = try Age.decrypt(scrypt.file, identities: [identity]) } == .noMatch)
        #expect(ageErrorKind { _ = try Age.decrypt(x25519.file, passphrase: Keys.passphrase) } == .noMatch)
    }

    @Test func wrongPassphraseIsNoMatch() throws {
        let vector = try AgeVector("kat-4-scrypt-work-factor-10")
        #expect(ageErrorKind { _ = try Age.decrypt(vector.file, passphrase: "incorrect horse") } == .noMatch)
    }
}

/// scrypt vectors at logN 18 and 19 use 256 and 512 MiB; run them one at a time.
@Suite(.serialized) struct ExpensiveScryptVectorTests {
    @Test func kat3DecryptsAndReEncryptsByteIdentically() throws {
        try checkScryptVector("kat-3-scrypt-work-factor-18", workFactor: 18)
    }

    @Test(arguments: ["age-cli-scrypt-work-factor-18", "pyrage-scrypt-work-factor-19"])
    func toolMadePassphraseFileDecrypts(_ scenario: String) throws {
        let vector = try AgeVector(scenario)
        #expect(try Age.decrypt(vector.file, passphrase: vector.value("passphrase")) == vector.plaintext)
    }

    @Test func workFactorAboveTheCapIsRefused() throws {
        let vector = try AgeVector("pyrage-scrypt-work-factor-19")
        let error = #expect(throws: AgeError.self) {
            try Age.decrypt(vector.file, passphrase: Keys.passphrase, maxWorkFactor: 18)
        }
        #expect(error?.kind == .headerFailure)
    }
}

/// Decrypts a deterministic scrypt vector and re-encrypts it with the same randomness.
func checkScryptVector(_ scenario: String, workFactor: Int) throws {
    let vector = try AgeVector(scenario)
    let passphrase = try vector.value("passphrase")
    #expect(try Age.decrypt(vector.file, passphrase: passphrase) == vector.plaintext)
    let random = vector.random
    let file = try Age.encrypt(vector.plaintext, passphrase: passphrase, workFactor: workFactor, armored: true, random: random)
    #expect(file.text == vector.file.text)
    #expect(random.isExhausted)
}
