import Testing
@testable import CredfileCrypto

@Suite struct ChaChaPolyTests {
    // RFC 7539 §2.8.2.
    static let key = SecretBytes([UInt8](hex: "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"))
    static let nonce = [UInt8](hex: "070000004041424344454647")
    static let aad = [UInt8](hex: "50515253c0c1c2c3c4c5c6c7")
    static let plaintext = Array(
        "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."
            .utf8)
    static let sealed = [UInt8](hex: """
        d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b29
        05d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b
        6116
        1ae10b594f09e26a7e902ecbd0600691
        """)

    @Test func rfc7539Seals() throws {
        #expect(try ChaChaPoly.seal(Self.plaintext, key: Self.key, nonce: Self.nonce, aad: Self.aad) == Self.sealed)
    }

    @Test func rfc7539Opens() throws {
        #expect(try ChaChaPoly.open(Self.sealed, key: Self.key, nonce: Self.nonce, aad: Self.aad) == Self.plaintext)
    }

    @Test(arguments: [0, 50, 113, 129])
    func flippedByteFailsAuthentication(_ index: Int) throws {
        var sealed = Self.sealed
        sealed[index] ^= 0x01
        let error = #expect(throws: CryptoError.self) {
            try ChaChaPoly.open(sealed, key: Self.key, nonce: Self.nonce, aad: Self.aad)
        }
        #expect(error?.kind == .authenticationFailure)
    }

    @Test func wrongAADFailsAuthentication() throws {
        let error = #expect(throws: CryptoError.self) {
            try ChaChaPoly.open(Self.sealed, key: Self.key, nonce: Self.nonce, aad: [])
        }
        #expect(error?.kind == .authenticationFailure)
    }

    @Test func emptyPlaintextIsJustATag() throws {
        let sealed = try ChaChaPoly.seal([], key: Self.key, nonce: Self.nonce)
        #expect(sealed.count == 16)
        #expect(try ChaChaPoly.open(sealed, key: Self.key, nonce: Self.nonce).isEmpty)
    }

    @Test func shortInputAndBadNonceAreInvalid() throws {
        #expect(throws: CryptoError(.invalidParameter, "chacha20-poly1305 input is shorter than a tag")) {
            try ChaChaPoly.open([UInt8](repeating: 0, count: 15), key: Self.key, nonce: Self.nonce)
        }
        #expect(throws: CryptoError(.invalidParameter, "chacha20-poly1305 nonce must be 12 bytes")) {
            try ChaChaPoly.seal([1], key: Self.key, nonce: [0, 1])
        }
    }
}
