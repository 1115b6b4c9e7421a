import CredfileCrypto
import Testing
@testable import CredfileAge

@Suite struct KeyTests {
    // age-format.md §2.2: secret 32×0x42 and its recipient.
    @Test func identityExampleParsesAndPrints() throws {
        let identity = try AgeIdentity(parsing: Keys.identityA)
        #expect(identity.secretKeyString == Keys.identityA)
        #expect(identity.secretKeyString.count == 74)
        #expect(identity.secret?.withBytes { $0 } == [UInt8](repeating: 0x42, count: 32))
        #expect(identity.recipient.description == Keys.recipientA)
    }

    @Test func recipientExampleParsesAndPrints() throws {
        let recipient = try AgeRecipient(parsing: Keys.recipientA)
        #expect(recipient.publicKey.hex == "132c442be010fbd57e72603328aa76e71fccc1503aae219327d14d9c9993f472")
        #expect(recipient.description == Keys.recipientA)
        #expect(recipient.description.count == 62)
    }

    /// Go's strings.TrimSpace, as sops applies it: ASCII white space at both ends, a final CRLF
    /// included (one Character in Swift, which a Character-wise trim left in place).
    @Test(arguments: [" \t\(Keys.recipientA)\r\n", "\(Keys.recipientA)\r\n", "\u{0B}\(Keys.recipientA)\u{0C}"])
    func recipientWithSurroundingWhiteSpaceParses(text: String) throws {
        #expect(try AgeRecipient(parsing: text).description == Keys.recipientA)
    }

    /// An ecdsa or security-key ssh key is a real key age cannot use: say so, not "malformed".
    @Test(arguments: [
        "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBE= alice@laptop",
        "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29t bob",
    ])
    func unsupportedSSHKeyKindsAreNamed(text: String) {
        #expect(throws: AgeError(.invalidKey, "age encrypts only to ssh-ed25519 and ssh-rsa keys, not to ecdsa or security-key (sk-) keys")) {
            try AgeRecipient(parsing: text)
        }
    }

    @Test func secretFromRawBytesEncodesToTheExample() throws {
        let identity = try AgeIdentity(secret: SecretBytes([UInt8](repeating: 0x42, count: 32)))
        #expect(identity.secretKeyString == Keys.identityA)
    }

    @Test func generatedIdentitiesRoundTrip() throws {
        for _ in 0..<20 {
            let identity = try AgeIdentity.generate()
            let reparsed = try AgeIdentity(parsing: identity.secretKeyString)
            #expect(reparsed.recipient == identity.recipient)
            #expect(try AgeRecipient(parsing: identity.recipient.description) == identity.recipient)
        }
    }

    @Test func identityIsRedacted() throws {
        let identity = try AgeIdentity(parsing: Keys.identityA)
        #expect(identity.description == "<redacted age identity>")
        #expect("\(identity)" == "<redacted age identity>")
        var dumped = ""
        dump(identity, to: &dumped)
        #expect(!dumped.contains("GFPYY"))
        #expect(!dumped.contains("66, 66"))
    }

    /// Case rules of age 1.1.1 (age-format.md §2.2): identities uppercase, recipients lowercase.
    @Test(arguments: [
        (Keys.recipientA.uppercased(), "age recipients must be lowercase (age1…)"),
        (Keys.identityA, "this is an age identity (secret key), not a recipient"),
        ("age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwq", "malformed age recipient"),
        ("age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73eQunujwj", "malformed age recipient"),
        ("", "malformed age recipient"),
    ])
    func badRecipientsAreRejectedWithoutEchoingInput(_ input: String, _ message: String) {
        let error = #expect(throws: AgeError.self) { try AgeRecipient(parsing: input) }
        #expect(error?.kind == .invalidKey)
        #expect(error?.message == message)
    }

    @Test(arguments: [
        (Keys.identityA.lowercased(), "age identities must be uppercase (AGE-SECRET-KEY-1…)"),
        (Keys.recipientA, "this is an age recipient (public key), not an identity"),
        (String(Keys.identityA.dropLast()) + "Y", "malformed age identity"),
        (" " + Keys.identityA, "malformed age identity"),
    ])
    func badIdentitiesAreRejectedWithoutEchoingInput(_ input: String, _ message: String) {
        let error = #expect(throws: AgeError.self) { try AgeIdentity(parsing: input) }
        #expect(error?.kind == .invalidKey)
        #expect(error?.message == message)
    }

    @Test func validBech32OfTheWrongLengthIsRejected() {
        let short = Bech32.encode(hrp: "age", data: [UInt8](repeating: 7, count: 31))
        #expect(throws: AgeError(.invalidKey, "age recipient must hold 32 bytes")) { try AgeRecipient(parsing: short) }
    }
}

@Suite struct Bech32Tests {
    // BIP173's valid test strings (checksum constant 1), including the 90-character one.
    @Test(arguments: [
        "A12UEL5L", "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11" + String(repeating: "q", count: 82) + "c8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    ])
    func bip173ValidChecksums(_ text: String) throws {
        // The data part of these is not whole bytes, so check the checksum through re-decoding.
        #expect(Bech32.decodeChecksum(text))
    }

    // BIP173's invalid strings: HRP character out of range, no separator, empty HRP,
    // too-short checksum, invalid character, mixed case, and a Bech32m string.
    @Test(arguments: [
        "\u{20}1nwldj5", "pzry9x0s0muk", "1pzry9x0s0muk", "x1b4n0q5v", "li1dgmt3", "de1lg7wt\u{ff}",
        "A1G7SGD8", "10a06t8", "1qzzfhee", "a1lqfn3a", "A12uEL5L",
    ])
    func bip173InvalidStrings(_ text: String) {
        #expect(!Bech32.decodeChecksum(text))
    }

    @Test func noLengthLimitForLongData() throws {
        let data = [UInt8](0..<200)
        let text = Bech32.encode(hrp: "age", data: data)
        #expect(text.count > 90)
        #expect(Bech32.decode(text)?.data == data)
    }

    @Test func nonZeroPaddingBitsAreRejected() throws {
        // 32 bytes leave 4 pad bits in the last data group; set one and fix up the checksum.
        var groups = try #require(Bech32.convertBits([UInt8](repeating: 0x42, count: 32), from: 8, to: 5, pad: true))
        groups[groups.count - 1] |= 1
        let text = Bech32.encodeGroups(hrp: "age", groups: groups)
        #expect(Bech32.decodeChecksum(text))
        #expect(Bech32.decode(text) == nil)
    }

    @Test(arguments: [0, 1, 5, 31, 32, 33, 64])
    func roundTripsAnyLength(_ count: Int) throws {
        let data = try SecureRandom.bytes(count)
        let decoded = try #require(Bech32.decode(Bech32.encode(hrp: "test", data: data)))
        #expect(decoded.hrp == "test")
        #expect(decoded.data == data)
    }
}
