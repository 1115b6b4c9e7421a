import Testing
@testable import CredfileCrypto

/// bcrypt_pbkdf's building blocks; the whole derivation is checked against real
/// `ssh-keygen -N` keys in CredfileAgeTests (SSHInteropTests).
@Suite struct BcryptPBKDFTests {
    /// Blowfish's published initial state: π's hex digits, P1 first, S4 last.
    @Test func piDigitsAreBlowfishsInitialState() {
        let words = PiDigits.words(18 + 1024)
        #expect(words[0] == 0x243F_6A88)
        #expect(words[17] == 0x8979_FB1B)
        #expect(words[18] == 0xD131_0BA6)
        #expect(words[18 + 1023] == 0x3AC3_72E6)
    }

    @Test func invalidParametersAreRefused() {
        #expect(throws: CryptoError.self) { try BcryptPBKDF.derive(passphrase: [1], salt: [], rounds: 16, keyCount: 48) }
        #expect(throws: CryptoError.self) { try BcryptPBKDF.derive(passphrase: [1], salt: [1], rounds: 0, keyCount: 48) }
    }

    /// Different passphrases, salts and rounds give different keys; the same inputs the same key.
    @Test func derivationDependsOnEveryInput() throws {
        let base = try BcryptPBKDF.derive(passphrase: Array("pass".utf8), salt: Array("salt".utf8), rounds: 2, keyCount: 48)
        #expect(base.count == 48)
        #expect(try BcryptPBKDF.derive(passphrase: Array("pass".utf8), salt: Array("salt".utf8), rounds: 2, keyCount: 48) == base)
        #expect(try BcryptPBKDF.derive(passphrase: Array("pasS".utf8), salt: Array("salt".utf8), rounds: 2, keyCount: 48) != base)
        #expect(try BcryptPBKDF.derive(passphrase: Array("pass".utf8), salt: Array("salT".utf8), rounds: 2, keyCount: 48) != base)
        #expect(try BcryptPBKDF.derive(passphrase: Array("pass".utf8), salt: Array("salt".utf8), rounds: 3, keyCount: 48) != base)
    }
}
