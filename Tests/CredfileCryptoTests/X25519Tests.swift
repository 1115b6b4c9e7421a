import Testing
@testable import CredfileCrypto

@Suite struct X25519Tests {
    // RFC 7748 §6.1.
    static let alicePrivate = SecretBytes([UInt8](hex: "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"))
    static let alicePublic = [UInt8](hex: "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
    static let bobPrivate = SecretBytes([UInt8](hex: "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"))
    static let bobPublic = [UInt8](hex: "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
    static let shared = [UInt8](hex: "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")

    @Test func rfc7748PublicKeys() throws {
        #expect(try X25519.publicKey(privateKey: Self.alicePrivate) == Self.alicePublic)
        #expect(try X25519.publicKey(privateKey: Self.bobPrivate) == Self.bobPublic)
    }

    @Test func rfc7748SharedSecretBothWays() throws {
        let ab = try X25519.sharedSecret(privateKey: Self.alicePrivate, peer: Self.bobPublic)
        let ba = try X25519.sharedSecret(privateKey: Self.bobPrivate, peer: Self.alicePublic)
        #expect(ab.withBytes { $0 } == Self.shared)
        #expect(ba == ab)
    }

    // Age identities are stored unclamped (age-format.md §5.1): 32×0x42 is identity A of §12.2.
    @Test func unclampedScalarGivesAgeIdentityAPublicKey() throws {
        let secret = SecretBytes([UInt8](repeating: 0x42, count: 32))
        #expect(try X25519.publicKey(privateKey: secret).hex == "132c442be010fbd57e72603328aa76e71fccc1503aae219327d14d9c9993f472")
    }

    // u-coordinates whose product with any scalar is the all-zero point (age's x25519_low_order);
    // the last one is the third with the ignored high bit set (RFC 7748 §5 masking).
    static let lowOrderPoints = [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
    ]

    @Test(arguments: lowOrderPoints)
    func lowOrderPointIsRejected(_ point: String) throws {
        let error = #expect(throws: CryptoError.self) {
            try X25519.sharedSecret(privateKey: Self.alicePrivate, peer: [UInt8](hex: point))
        }
        #expect(error?.kind == .lowOrderPoint)
        // The expected failure must not leave entries that a later call would report.
        #expect(try X25519.sharedSecret(privateKey: Self.alicePrivate, peer: Self.bobPublic).count == 32)
    }

    @Test func wrongLengthsAreInvalid() throws {
        #expect(throws: CryptoError(.invalidParameter, "x25519 public key must be 32 bytes")) {
            try X25519.sharedSecret(privateKey: Self.alicePrivate, peer: [9])
        }
        #expect(throws: CryptoError(.invalidParameter, "x25519 private key must be 32 bytes")) {
            try X25519.publicKey(privateKey: SecretBytes([1, 2, 3]))
        }
    }
}
