import CredfileCrypto
import Foundation
import Testing
@testable import CredfileAge

/// age-format.md §2.1 (header, unpadded) and §9 (armor lines, padded).
@Suite struct Base64Tests {
    @Test(arguments: [0, 1, 2, 3, 4, 31, 32, 33, 47, 48, 49, 100])
    func matchesFoundationAndRoundTrips(_ count: Int) throws {
        let bytes = try SecureRandom.bytes(count)
        let padded = Data(bytes).base64EncodedString()
        #expect(Base64.encode(bytes, padded: true).text == padded)
        #expect(Base64.encodeRaw(bytes) == padded.replacingOccurrences(of: "=", with: ""))
        #expect(Base64.decodeRaw(Base64.encode(bytes, padded: false)) == bytes)
        #expect(Base64.decodePadded(Base64.encode(bytes, padded: true)) == bytes)
    }

    @Test func expectedLengths() {
        #expect(Base64.encodeRaw([UInt8](repeating: 0, count: 32)).count == 43)
        #expect(Base64.encodeRaw([UInt8](repeating: 0, count: 16)).count == 22)
    }

    @Test(arguments: ["A", "AB", "AAB", "AA==", "AA=", "A A", "AA\n", "AA\r", "AAA-", "AA_A", "AAAAA"])
    func nonCanonicalRawIsRejected(_ text: String) {
        #expect(Base64.decodeRaw(Array(text.utf8)) == nil)
    }

    @Test(arguments: ["AA", "AAA", "AAAA", ""])
    func canonicalRawIsAccepted(_ text: String) {
        #expect(Base64.decodeRaw(Array(text.utf8)) == [UInt8](repeating: 0, count: text.count * 3 / 4))
    }

    @Test(arguments: ["AA", "AA=", "A===", "AB==", "AAB=", "AA=A", "=AAA", "AAAA====", " AA=="])
    func nonCanonicalPaddedIsRejected(_ text: String) {
        #expect(Base64.decodePadded(Array(text.utf8)) == nil)
    }

    @Test func canonicalPaddedIsAccepted() {
        #expect(Base64.decodePadded(Array("AA==".utf8)) == [0])
        #expect(Base64.decodePadded(Array("AAA=".utf8)) == [0, 0])
        #expect(Base64.decodePadded(Array("AAAA".utf8)) == [0, 0, 0])
    }
}
