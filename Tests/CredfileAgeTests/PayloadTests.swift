import CredfileCrypto
import Testing
@testable import CredfileAge

/// STREAM rules (age-format.md §8) and tampering (§12.3 negative checks).
@Suite struct PayloadTests {
    static let edgeSizes = [0, 1, 15, 16, 17, 31, 32, 33, 47, 48, 49, 65535, 65536, 65537, 131072, 131073]

    @Test(arguments: edgeSizes, [false, true])
    func edgeSizesRoundTrip(_ size: Int, _ armored: Bool) throws {
        let identity = try AgeIdentity.generate()
        let plaintext = try SecureRandom.bytes(size)
        let file = try Age.encrypt(plaintext, to: [identity.recipient], armored: armored)
        #expect(try Age.decrypt(file, identities: [identity]) == plaintext)
        // Layout: header, 16-byte nonce, one 16-byte tag per chunk, never an empty extra chunk.
        let binary = armored ? try Armor.decode(file) : file
        let headerSize = try HeaderParser.parse(binary).payloadStart
        let chunks = max(1, (size + 65535) / 65536)
        #expect(binary.count == headerSize + 16 + size + 16 * chunks)
    }

    @Test func thirtyTwoBytesToOneRecipientIs232BytesBinary() throws {
        let identity = try AgeIdentity.generate()
        let file = try Age.encrypt(Keys.plaintext, to: [identity.recipient], armored: false)
        #expect(file.count == 232)  // age-format.md §11, sops-format.md §4.3
        #expect(try Age.encrypt(Keys.plaintext, to: [identity.recipient]).count == 385)
    }

    @Test func everyPayloadByteIsAuthenticated() throws {
        let binary = try Armor.decode(AgeVector("kat-1-x25519-one-recipient").file)
        let start = try HeaderParser.parse(binary).payloadStart
        let identity = try AgeIdentity(parsing: Keys.identityA)
        for index in start..<binary.count {
            var file = binary
            file[index] ^= 0x01
            #expect(ageErrorKind { _ = try Age.decrypt(file, identities: [identity]) } == .payloadFailure, "byte \(index)")
        }
    }

    /// Every header byte flipped: the file is rejected at the header, the MAC, or (for bytes of
    /// the share or the body, which only change what the stanza decrypts to) as no match.
    @Test func everyHeaderByteIsProtected() throws {
        let binary = try Armor.decode(AgeVector("kat-1-x25519-one-recipient").file)
        let start = try HeaderParser.parse(binary).payloadStart
        let identity = try AgeIdentity(parsing: Keys.identityA)
        let macStart = start - 44
        for index in 0..<start {
            var file = binary
            file[index] ^= 0x01
            let kind = ageErrorKind { _ = try Age.decrypt(file, identities: [identity]) }
            let allowed: [AgeError.Kind] = index >= macStart ? [.headerFailure, .hmacFailure] : [.headerFailure, .hmacFailure, .noMatch]
            #expect(kind.map(allowed.contains) == true, "byte \(index) gave \(String(describing: kind))")
        }
    }

    @Test func macMismatchIsHMACFailure() throws {
        // Changing the last MAC character keeps it canonical ('o' → 'k': both have zero low bits).
        var text = try Armor.decode(AgeVector("kat-1-x25519-one-recipient").file)
        let start = try HeaderParser.parse(text).payloadStart
        #expect(text[start - 2] == UInt8(ascii: "o"))
        text[start - 2] = UInt8(ascii: "k")
        let identity = try AgeIdentity(parsing: Keys.identityA)
        #expect(ageErrorKind { _ = try Age.decrypt(text, identities: [identity]) } == .hmacFailure)
    }

    @Test(arguments: [0, 1, 15])
    func shortNonceIsHeaderFailure(_ nonceBytes: Int) throws {
        let builder = try Builder()
        let file = try builder.file(payload: Array(Builder.nonce.prefix(nonceBytes)))
        #expect(ageErrorKind { _ = try Age.decrypt(file, identities: [builder.identity]) } == .headerFailure)
    }

    @Test func nonceWithoutChunksIsPayloadFailure() throws {
        let builder = try Builder()
        let file = try builder.file(payload: Builder.nonce)
        #expect(ageErrorKind { _ = try Age.decrypt(file, identities: [builder.identity]) } == .payloadFailure)
    }

    static let full = [UInt8](repeating: 0x61, count: 65536)

    /// Chunk layouts as (plaintext, final flag) lists; only the first is well-formed.
    static let layouts: [(String, [([UInt8], Bool)], AgeError.Kind?)] = [
        ("full final chunk", [(full, true)], nil),
        ("full chunk then short final", [(full, false), ([1], true)], nil),
        ("empty final chunk after a full one", [(full, false), ([], true)], .payloadFailure),
        ("full chunk not flagged final", [(full, false)], .payloadFailure),
        ("short chunk not flagged final", [([1, 2, 3], false)], .payloadFailure),
        ("data after a full final chunk", [(full, true), ([1], true)], .payloadFailure),
        ("final flag on a middle chunk", [(full, true), (full, false), ([1], true)], .payloadFailure),
        ("empty only chunk", [([], true)], nil),
    ]

    @Test(arguments: layouts)
    func chunkLayouts(_ name: String, _ chunks: [([UInt8], Bool)], _ expected: AgeError.Kind?) throws {
        let builder = try Builder()
        var payload = Builder.nonce
        for (index, chunk) in chunks.enumerated() {
            payload += try ChaChaPoly.seal(chunk.0, key: builder.payloadKey, nonce: PayloadStream.chunkNonce(index: UInt64(index), final: chunk.1))
        }
        let file = try builder.file(payload: payload)
        #expect(ageErrorKind { _ = try Age.decrypt(file, identities: [builder.identity]) } == expected, "\(name)")
    }

    @Test func truncatedLastChunkIsPayloadFailure() throws {
        let identity = try AgeIdentity.generate()
        let file = try Age.encrypt([UInt8](repeating: 1, count: 65537), to: [identity.recipient], armored: false)
        for cut in [1, 2, 16] {
            #expect(ageErrorKind { _ = try Age.decrypt(Array(file.dropLast(cut)), identities: [identity]) } == .payloadFailure)
        }
    }

    @Test func chunkNonceLayout() {
        #expect(PayloadStream.chunkNonce(index: 0, final: true).hex == "000000000000000000000001")
        #expect(PayloadStream.chunkNonce(index: 0x0102, final: false).hex == "000000000000000000010200")
    }
}

/// Builds files with a valid header and MAC around hand-made payloads.
struct Builder {
    static let nonce = [UInt8](repeating: 0xA0, count: 16)
    let fileKey = SecretBytes([UInt8](repeating: 0x11, count: 16))
    let payloadKey: SecretBytes
    let identity: AgeIdentity

    init() throws {
        identity = try AgeIdentity(parsing: Keys.identityA)
        payloadKey = try PayloadStream.key(fileKey: fileKey, nonce: Self.nonce)
    }

    func file(payload: [UInt8]) throws -> [UInt8] {
        let ephemeral = SecretBytes([UInt8](repeating: 0x22, count: 32))
        var header = Header(stanzas: [try X25519Stanza.wrap(fileKey, to: identity.recipient, ephemeral: ephemeral)], mac: [])
        header.mac = try HeaderMAC.compute(header, fileKey: fileKey)
        return header.encoded() + payload
    }
}
