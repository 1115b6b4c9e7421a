import Testing
@testable import CredfileCrypto

@Suite struct SecretBytesTests {
    @Test func descriptionsAreRedacted() {
        let secret = SecretBytes(Array("hunter2".utf8))
        #expect(secret.description == "<redacted>")
        #expect(secret.debugDescription == "<redacted>")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
    }

    @Test func equalityComparesContentsAndLength() {
        #expect(SecretBytes([1, 2, 3]) == SecretBytes([1, 2, 3]))
        #expect(SecretBytes([1, 2, 3]) != SecretBytes([1, 2, 4]))
        #expect(SecretBytes([1, 2, 3]) != SecretBytes([1, 2]))
        #expect(SecretBytes([]) == SecretBytes([]))
    }

    @Test func wipingInitClearsTheSource() {
        var source: [UInt8] = [7, 7, 7]
        let secret = SecretBytes(wiping: &source)
        #expect(source == [0, 0, 0])
        #expect(secret.withBytes { $0 } == [7, 7, 7])
        #expect(secret.count == 3)
    }

    @Test func wipeZeroesInPlace() {
        var buffer: [UInt8] = [1, 2, 3, 4]
        SecretBytes.wipe(&buffer)
        #expect(buffer == [0, 0, 0, 0])
    }

    @Test func constantTimeEqualsMatchesEquality() {
        #expect(constantTimeEquals([1, 2], [1, 2]))
        #expect(!constantTimeEquals([1, 2], [1, 3]))
        #expect(!constantTimeEquals([1, 2], [1, 2, 3]))
        #expect(constantTimeEquals([], []))
    }

    @Test func randomHasTheRequestedLengthAndVaries() throws {
        let a = try SecretBytes.random(count: 32), b = try SecretBytes.random(count: 32)
        #expect(a.count == 32)
        #expect(a != b)  // 2^-256 chance of a false failure
        #expect(try SecureRandom.bytes(0).isEmpty)
        #expect(try SecureRandom.bytes(17).count == 17)
        #expect(throws: CryptoError.self) { try SecureRandom.bytes(-1) }
    }
}
