import Foundation
import Testing
@testable import CredfileCrypto

@Suite struct AESGCMTests {
    // McGrew–Viega GCM spec, Test Case 16 (age-format.md §14).
    static let key = SecretBytes([UInt8](hex: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"))
    static let iv = [UInt8](hex: "cafebabefacedbaddecaf888")
    static let aad = [UInt8](hex: "feedfacedeadbeeffeedfacedeadbeefabaddad2")
    static let plaintext = [UInt8](hex: """
        d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39
        """)
    static let ciphertext = [UInt8](hex: """
        522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662
        """)
    static let tag = [UInt8](hex: "76fc6ece0f4e1768cddf8853bb2d551b")

    @Test func testCase16Seals() throws {
        let sealed = try AESGCM.seal(Self.plaintext, key: Self.key, iv: Self.iv, aad: Self.aad)
        #expect(sealed.ciphertext == Self.ciphertext)
        #expect(sealed.tag == Self.tag)
    }

    @Test func testCase16Opens() throws {
        let opened = try AESGCM.open(Self.ciphertext, tag: Self.tag, key: Self.key, iv: Self.iv, aad: Self.aad)
        #expect(opened == Self.plaintext)
    }

    /// Which input of Test Case 16 a tamper test changes.
    enum Tamper: String, CaseIterable { case ciphertext, tag, iv, aad }

    @Test(arguments: Tamper.allCases)
    func flippedBitFailsAuthentication(_ field: Tamper) throws {
        var (ct, tag, iv, aad) = (Self.ciphertext, Self.tag, Self.iv, Self.aad)
        switch field {
        case .ciphertext: ct[7] ^= 0x01
        case .tag: tag[15] ^= 0x80
        case .iv: iv[0] ^= 0x01
        case .aad: aad[19] ^= 0x01
        }
        let error = #expect(throws: CryptoError.self) {
            try AESGCM.open(ct, tag: tag, key: Self.key, iv: iv, aad: aad)
        }
        #expect(error?.kind == .authenticationFailure)
    }

    @Test func wrongKeyFailsAuthentication() throws {
        let other = SecretBytes([UInt8](repeating: 0x01, count: 32))
        let error = #expect(throws: CryptoError.self) {
            try AESGCM.open(Self.ciphertext, tag: Self.tag, key: other, iv: Self.iv, aad: Self.aad)
        }
        #expect(error?.kind == .authenticationFailure)
    }

    // sops aes/cipher_test.go known answer (style-anchors §9): a 32-byte IV, key 32 × "f".
    @Test func sopsKnownAnswerWith32ByteIV() throws {
        let value = try SopsValue(
            "ENC[AES256_GCM,data:oYyi,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]")
        #expect(value.iv.count == 32)
        let key = SecretBytes([UInt8](repeating: 0x66, count: 32))
        let plain = try AESGCM.open(value.data, tag: value.tag, key: key, iv: value.iv, aad: Array("bar:".utf8))
        #expect(plain == Array("foo".utf8))
    }

    // sops-format.md §2.3: the value at db.password under the unwrapped data key.
    @Test func sopsFileVectorDecryptsPassword() throws {
        let value = try SopsValue(
            "ENC[AES256_GCM,data:kncwVdku0Q==,iv:gmgflpoJP6272MGLhYfWzRVk9Ci7rCm1kqT9BztdqwY=,tag:wcNd7YihC1Fae/SaPvubPw==,type:str]")
        let key = SecretBytes([UInt8](hex: "4941f9a7a845febb0b046e1bc48db063fa32a314da101297b701ec44a18fc834"))
        let plain = try AESGCM.open(value.data, tag: value.tag, key: key, iv: value.iv, aad: Array("db:password:".utf8))
        #expect(String(decoding: plain, as: UTF8.self) == "hunter2")
    }

    @Test func thirtyTwoByteIVRoundTrips() throws {
        let key = try SecretBytes.random(count: 32)
        let iv = try SecureRandom.bytes(32)
        let sealed = try AESGCM.seal(Array("hello".utf8), key: key, iv: iv, aad: Array("a:b:".utf8))
        let opened = try AESGCM.open(sealed.ciphertext, tag: sealed.tag, key: key, iv: iv, aad: Array("a:b:".utf8))
        #expect(opened == Array("hello".utf8))
    }

    @Test func emptyPlaintextHasOnlyATag() throws {
        let sealed = try AESGCM.seal([], key: Self.key, iv: Self.iv, aad: [])
        #expect(sealed.ciphertext.isEmpty)
        #expect(try AESGCM.open([], tag: sealed.tag, key: Self.key, iv: Self.iv, aad: []).isEmpty)
    }

    @Test func badParametersAreRejected() throws {
        let short = SecretBytes([UInt8](repeating: 1, count: 16))
        #expect(throws: CryptoError(.invalidParameter, "aes-gcm key must be 32 bytes")) {
            try AESGCM.seal([1], key: short, iv: Self.iv, aad: [])
        }
        #expect(throws: CryptoError(.invalidParameter, "aes-gcm iv must not be empty")) {
            try AESGCM.seal([1], key: Self.key, iv: [], aad: [])
        }
        #expect(throws: CryptoError(.invalidParameter, "aes-gcm tag must be 16 bytes")) {
            try AESGCM.open(Self.ciphertext, tag: Array(Self.tag.prefix(12)), key: Self.key, iv: Self.iv, aad: Self.aad)
        }
    }
}

/// The three binary fields of a sops `ENC[AES256_GCM,…]` value, decoded with Foundation
/// (allowed in tests only).
struct SopsValue {
    var data: [UInt8], iv: [UInt8], tag: [UInt8]

    init(_ text: String) throws {
        var fields: [String: [UInt8]] = [:]
        for part in text.dropFirst("ENC[AES256_GCM,".count).dropLast().split(separator: ",") {
            let pair = part.split(separator: ":", maxSplits: 1).map(String.init)
            fields[pair[0]] = Data(base64Encoded: pair[1]).map { Array($0) }
        }
        data = try #require(fields["data"])
        iv = try #require(fields["iv"])
        tag = try #require(fields["tag"])
    }
}
