import CredfileCrypto
import Foundation
import Testing
@testable import CredfileAge

/// Header grammar (age-format.md §3) and fatal stanza rules (§5.3, §6.2, §6.3). Each case edits
/// the binary KAT-1 or KAT-4 header as text and keeps the payload.
@Suite struct HeaderStrictnessTests {
    /// A binary vector split into its header text and the payload bytes.
    struct Split {
        var header: String
        var payload: [UInt8]

        init(_ scenario: String) throws {
            let binary = try Armor.decode(AgeVector(scenario).file)
            let start = try HeaderParser.parse(binary).payloadStart
            header = String(decoding: binary[..<start], as: UTF8.self)
            payload = Array(binary[start...])
        }

        func replacing(_ old: String, with new: String) throws -> [UInt8] {
            try #require(header.contains(old), "the edit must apply")
            return Array(header.replacingOccurrences(of: old, with: new).utf8) + payload
        }
    }

    static let share = "e06Qm75//kTEZaIgA31gjuNYl9Me+XLwf3SJLLD3PxM"
    static let body = "zx3M6sMAH0smUSDIvfabxF+88SxFpiUJesy1WyBWUTI"
    static func raw(_ count: Int, _ byte: UInt8 = 1) -> String { Base64.encodeRaw([UInt8](repeating: byte, count: count)) }

    static let x25519Cases: [(String, String, String)] = [
        ("crlf version line", "org/v1\n", "org/v1\r\n"),
        ("unsupported version", "org/v1\n", "org/v2\n"),
        ("no space after arrow", "-> X25519", "->X25519"),
        ("double space between arguments", "X25519 e06", "X25519  e06"),
        ("trailing space after arguments", "PxM\n", "PxM \n"),
        ("stanza without arguments", "-> X25519 \(share)\n", "-> \n"),
        ("bare arrow line", "-> X25519 \(share)\n", "->\n"),
        ("argument byte outside vchar", "X25519 e06", "X25519 \u{e9}06"),
        ("tab in argument", "X25519 e06", "X25519 e\t06"),
        ("non-canonical body", "BWUTI\n", "BWUTJ\n"),
        ("padded body", "BWUTI\n", "BWUTI=\n"),
        ("body line over 64 columns", body, body + String(repeating: "A", count: 22)),
        ("64-column line followed by the mac line", "--- ", "-> grease\n" + String(repeating: "A", count: 64) + "\n--- "),
        ("64-column line followed by a stanza", "-> X25519", "-> grease\n" + String(repeating: "A", count: 64) + "\n-> X25519"),
        ("no stanzas", "-> X25519 \(share)\n\(body)\n", ""),
        ("unknown line kind", "-> X25519", "-- X25519"),
        ("mac line without space", "--- ", "---"),
        ("mac line with two spaces", "--- ", "---  "),
        ("mac line with trailing space", "ut+o\n", "ut+o \n"),
        ("mac too short", "ut+o\n", "ut+\n"),
        ("mac padded", "ut+o\n", "ut+o=\n"),
        ("x25519 share of 31 bytes", share, raw(31)),
        ("x25519 share of 33 bytes", share, raw(33)),
        ("x25519 share not canonical", "PxM\n", "PxN\n"),
        ("x25519 extra argument", "PxM\n", "PxM extra\n"),
        ("x25519 missing share", " \(share)\n", "\n"),
        ("x25519 body of 31 bytes", body, raw(31)),
        ("x25519 body of 33 bytes", body, raw(33)),
        ("x25519 low-order share (zero)", share, raw(32, 0)),
        ("x25519 low-order share (one)", share, Base64.encodeRaw([1] + [UInt8](repeating: 0, count: 31))),
        ("scrypt stanza next to x25519", "--- ", "-> scrypt \(raw(16)) 10\n\(body)\n--- "),
    ]

    @Test(arguments: x25519Cases)
    func malformedX25519HeaderIsHeaderFailure(_ name: String, _ old: String, _ new: String) throws {
        let file = try Split("kat-1-x25519-one-recipient").replacing(old, with: new)
        let identity = try AgeIdentity(parsing: Keys.identityA)
        #expect(ageErrorKind { _ = try Age.decrypt(file, identities: [identity]) } == .headerFailure, "\(name)")
    }

    static let scryptCases: [(String, String, String)] = [
        ("work factor 0", " 10\n", " 0\n"),
        ("work factor with leading zero", " 10\n", " 010\n"),
        ("work factor with plus", " 10\n", " +10\n"),
        ("work factor negative", " 10\n", " -10\n"),
        ("work factor in hex", " 10\n", " 0xa\n"),
        ("work factor with prefix", " 10\n", " aaaa10\n"),
        ("work factor with suffix", " 10\n", " 10aaaa\n"),
        ("work factor overflowing", " 10\n", " 99999999999999999999\n"),
        ("work factor 23 above the cap", " 10\n", " 23\n"),
        ("salt of 15 bytes", "WlpaWlpaWlpaWlpaWlpaWg", raw(15)),
        ("salt of 17 bytes", "WlpaWlpaWlpaWlpaWlpaWg", raw(17)),
        ("missing work factor", " 10\n", "\n"),
        ("extra argument", " 10\n", " 10 10\n"),
        ("body of 33 bytes", "XXyXPnwM8GegWq9HrWHhlKcmF/WbYD2/3hQFkkI0uWc", raw(33)),
        ("second scrypt stanza", "--- ", "-> scrypt \(raw(16)) 10\n\(raw(32))\n--- "),
        ("unknown stanza next to scrypt", "--- ", "-> grease\n\n--- "),
    ]

    @Test(arguments: scryptCases)
    func malformedScryptHeaderIsHeaderFailure(_ name: String, _ old: String, _ new: String) throws {
        let file = try Split("kat-4-scrypt-work-factor-10").replacing(old, with: new)
        #expect(ageErrorKind { _ = try Age.decrypt(file, passphrase: Keys.passphrase) } == .headerFailure, "\(name)")
    }

    @Test func mixedScryptFileIsHeaderFailureForIdentitiesToo() throws {
        let file = try Split("kat-1-x25519-one-recipient").replacing("--- ", with: "-> scrypt \(Self.raw(16)) 10\n\(Self.body)\n--- ")
        let identity = try AgeIdentity(parsing: Keys.identityA)
        #expect(ageErrorKind { _ = try Age.decrypt(file, identities: [identity]) } == .headerFailure)
    }

    @Test func typeIsCaseSensitive() throws {
        // "x25519" is an unknown type, so it is skipped rather than parsed (§5.3).
        let file = try Split("kat-1-x25519-one-recipient").replacing("-> X25519", with: "-> x25519")
        let identity = try AgeIdentity(parsing: Keys.identityA)
        #expect(ageErrorKind { _ = try Age.decrypt(file, identities: [identity]) } == .noMatch)
    }

    @Test(arguments: [0, 10, 21, 22, 100])
    func truncatedHeaderIsHeaderFailure(_ length: Int) throws {
        let split = try Split("kat-1-x25519-one-recipient")
        let file = Array(Array(split.header.utf8).prefix(length))
        let identity = try AgeIdentity(parsing: Keys.identityA)
        #expect(ageErrorKind { _ = try Age.decrypt(file, identities: [identity]) } == .headerFailure)
    }

    /// Unknown stanzas with odd arguments and bodies of 0, 48 and 100 bytes are legal, kept
    /// under the MAC and ignored (§3).
    @Test func unknownStanzasAreKeptAndIgnored() throws {
        let binary = try Armor.decode(AgeVector("kat-1-x25519-one-recipient").file)
        var (header, start) = try HeaderParser.parse(binary)
        header.stanzas.insert(Stanza(arguments: [")-grease", "\"", "\\", "a=b"], body: []), at: 0)
        header.stanzas.append(Stanza(arguments: ["x"], body: [UInt8](repeating: 7, count: 48)))
        header.stanzas.append(Stanza(arguments: ["y", "z"], body: [UInt8](repeating: 9, count: 100)))
        header.mac = try HeaderMAC.compute(header, fileKey: SecretBytes([UInt8](hex: "00112233445566778899aabbccddeeff")))
        let encoded = header.encoded()
        #expect(encoded.text.contains("-> )-grease \" \\ a=b\n\n-> X25519"))
        #expect(encoded.text.contains("\n-> x\n" + Base64.encodeRaw([UInt8](repeating: 7, count: 48)) + "\n\n-> y z\n"))
        let file = encoded + binary[start...]
        #expect(try HeaderParser.parse(file).header.stanzas == header.stanzas)
        #expect(try Age.decrypt(file, identities: [AgeIdentity(parsing: Keys.identityA)]) == Keys.plaintext)
        #expect(try Age.stanzaTypes(of: file) == [")-grease", "X25519", "x", "y"])
    }
}
