import Testing
@testable import CredfileCrypto

@Suite struct KDFTests {
    // RFC 5869 A.1 (case 1) and A.3 (case 3: empty salt and info).
    @Test(arguments: [
        (ikm: String(repeating: "0b", count: 22), salt: "000102030405060708090a0b0c", info: "f0f1f2f3f4f5f6f7f8f9",
         okm: "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
        (ikm: String(repeating: "0b", count: 22), salt: "", info: "",
         okm: "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
    ])
    func hkdfRFC5869(_ vector: (ikm: String, salt: String, info: String, okm: String)) throws {
        let okm = try HKDF.sha256(
            key: SecretBytes([UInt8](hex: vector.ikm)), salt: [UInt8](hex: vector.salt), info: [UInt8](hex: vector.info),
            count: 42)
        #expect(okm.withBytes { $0.hex } == vector.okm)
    }

    // RFC 5869 §2.2: an absent salt is HashLen zero bytes; age's header key relies on it (§7).
    @Test func emptySaltEqualsZeroSalt() throws {
        let key = SecretBytes(Array("file key".utf8))
        let empty = try HKDF.sha256(key: key, salt: [], info: Array("header".utf8), count: 32)
        let zeros = try HKDF.sha256(key: key, salt: [UInt8](repeating: 0, count: 32), info: Array("header".utf8), count: 32)
        #expect(empty == zeros)
    }

    @Test func hkdfRejectsBadLengths() {
        #expect(throws: CryptoError.self) { try HKDF.sha256(key: SecretBytes([1]), salt: [], info: [], count: 0) }
        #expect(throws: CryptoError.self) { try HKDF.sha256(key: SecretBytes([1]), salt: [], info: [], count: 8161) }
    }

    // RFC 4231 test cases 1 and 2.
    @Test(arguments: [
        (key: String(repeating: "0b", count: 20), data: "4869205468657265",
         mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (key: "4a656665", data: "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
         mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    ])
    func hmacRFC4231(_ vector: (key: String, data: String, mac: String)) throws {
        let mac = try HMAC.sha256(key: SecretBytes([UInt8](hex: vector.key)), message: [UInt8](hex: vector.data))
        #expect(mac.hex == vector.mac)
    }

    // RFC 7914 §12, the N = 16384 vector.
    @Test func scryptRFC7914() throws {
        let key = try Scrypt.derive(
            passphrase: Array("pleaseletmein".utf8), salt: Array("SodiumChloride".utf8), logN: 14, r: 8, p: 1, count: 64)
        #expect(key.withBytes { $0.hex } == """
            7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2\
            d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887
            """)
    }

    // OpenSSL's bound is 128·r·(N+2) + 128·r·p; for logN 18 that is 268 438 528 (age-format.md §13).
    @Test func scryptMemoryLimitCoversLogN18() throws {
        let limit = try #require(Scrypt.memoryLimit(n: 1 << 18, r: 8, p: 1))
        #expect(limit >= 268_438_528)
        #expect(Scrypt.memoryLimit(n: 1 << 62, r: 1 << 40, p: 1) == nil)
    }

    @Test func scryptRejectsBadParameters() {
        #expect(throws: CryptoError.self) { try Scrypt.derive(passphrase: [1], salt: [1], logN: 0) }
        #expect(throws: CryptoError.self) { try Scrypt.derive(passphrase: [1], salt: [1], logN: 10, r: 0) }
    }

    @Test func digests() {
        #expect(Digest.sha512([]).hex.uppercased().hasPrefix("CF83E135"))
        #expect(Digest.sha512([]).count == 64)
        #expect(Digest.sha256(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
