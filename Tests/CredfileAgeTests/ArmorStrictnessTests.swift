import Foundation
import Testing
@testable import CredfileAge

/// ASCII armor rules (age-format.md §9), applied to the armored KAT-1 file.
@Suite struct ArmorStrictnessTests {
    static func kat1() throws -> String { try AgeVector("kat-1-x25519-one-recipient").file.text }

    /// The failure class of decrypting `text` with identity A; nil when it yields the plaintext.
    static func decrypt(_ text: String) -> AgeError.Kind? {
        ageErrorKind {
            let identity = try AgeIdentity(parsing: Keys.identityA)
            let plaintext = try Age.decrypt(Array(text.utf8), identities: [identity])
            #expect(plaintext == Keys.plaintext)
        }
    }

    static let acceptedEdits: [(String, @Sendable (String) -> String)] = [
        ("leading blank lines", { "\n \n\t\r\n" + $0 }),
        ("crlf line endings", { $0.replacingOccurrences(of: "\n", with: "\r\n") }),
        ("missing final newline", { String($0.dropLast()) }),
        ("trailing whitespace", { $0 + "\n  \n\t" }),
    ]

    @Test(arguments: acceptedEdits)
    func acceptedVariants(_ name: String, _ edit: @Sendable (String) -> String) throws {
        #expect(Self.decrypt(edit(try Self.kat1())) == nil, "\(name)")
    }

    static let rejectedEdits: [(String, @Sendable (String) -> String)] = [
        ("over 1024 bytes of leading whitespace", { String(repeating: " \n", count: 513) + $0 }),
        ("over 1024 bytes of trailing whitespace", { $0 + String(repeating: " ", count: 1024) }),
        ("checksum line after end", { $0 + "=AbCd\n" }),
        ("checksum line before end", { $0.replacingOccurrences(of: "\n-----END", with: "\n=AbCd\n-----END") }),
        ("empty line in data", { $0.replacingOccurrences(of: "YUln", with: "YUln\n") }),
        ("leading space on a data line", { $0.replacingOccurrences(of: "\nQTMx", with: "\n QTMx") }),
        ("trailing space on a data line", { $0.replacingOccurrences(of: "YUln\n", with: "YUln \n") }),
        ("line over 64 columns", { $0.replacingOccurrences(of: "YUln\n", with: "YUln") }),
        ("lines of 60 columns", { rewrap($0, width: 60) }),
        ("lines of 76 columns", { rewrap($0, width: 76) }),
        ("space inside begin", { $0.replacingOccurrences(of: "-----BEGIN", with: "----- BEGIN") }),
        ("lowercase begin", { $0.replacingOccurrences(of: "BEGIN AGE ENCRYPTED FILE", with: "begin age encrypted file") }),
        ("lowercase end", { $0.replacingOccurrences(of: "END AGE ENCRYPTED FILE", with: "end age encrypted file") }),
        ("trailing space after begin", { $0.replacingOccurrences(of: "FILE-----\nYWdl", with: "FILE----- \nYWdl") }),
        ("trailing space after end", { $0.replacingOccurrences(of: "FILE-----\n", with: "FILE----- \n").replacingOccurrences(of: "BEGIN AGE ENCRYPTED FILE----- ", with: "BEGIN AGE ENCRYPTED FILE-----") }),
        ("pem header line", { $0.replacingOccurrences(of: "-----\nYWdl", with: "-----\nVersion: 1\n\nYWdl") }),
        ("missing end line", { $0.replacingOccurrences(of: "-----END AGE ENCRYPTED FILE-----\n", with: "") }),
        ("non-zero pad bits", { $0.replacingOccurrences(of: "Uqjw==", with: "Uqjx==") }),
        ("newline between padding", { $0.replacingOccurrences(of: "Uqjw==", with: "Uqjw=\n=") }),
        ("padding inside a line", { $0.replacingOccurrences(of: "YUln\n", with: "YU=n\n") }),
        ("garbage before begin", { "x\n" + $0 }),
    ]

    @Test(arguments: rejectedEdits)
    func rejectedVariantsAreArmorFailures(_ name: String, _ edit: @Sendable (String) -> String) throws {
        let original = try Self.kat1()
        let edited = edit(original)
        try #require(edited != original, "the edit must apply")
        let expected: AgeError.Kind = name == "garbage before begin" ? .headerFailure : .armorFailure
        #expect(Self.decrypt(edited) == expected, "\(name)")
    }

    @Test func beginThenEndIsAnEmptyFileAndAHeaderFailure() {
        // testkit armor_empty: valid armor of zero bytes, so the header parse fails.
        #expect(Self.decrypt("-----BEGIN AGE ENCRYPTED FILE-----\n-----END AGE ENCRYPTED FILE-----\n") == .headerFailure)
    }

    @Test func encoderWrapsAt64AndEndsWithOneNewline() throws {
        for count in [0, 1, 47, 48, 49, 95, 96, 97] {
            let text = Armor.encode([UInt8](repeating: 0xA5, count: count)).text
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first == "-----BEGIN AGE ENCRYPTED FILE-----")
            #expect(lines.dropLast().last == "-----END AGE ENCRYPTED FILE-----")
            #expect(lines.last == "")
            #expect(lines.dropFirst().dropLast(2).allSatisfy { $0.count <= 64 && !$0.isEmpty })
            #expect(lines.dropFirst().dropLast(3).allSatisfy { $0.count == 64 })
            #expect(try Armor.decode(Array(text.utf8)) == [UInt8](repeating: 0xA5, count: count))
        }
    }
}

/// Re-wraps the data lines of an armored file at `width` columns.
func rewrap(_ armored: String, width: Int) -> String {
    var lines = armored.split(separator: "\n").map(String.init)
    let data = lines[1..<(lines.count - 1)].joined()
    let wrapped = stride(from: 0, to: data.count, by: width).map { start in
        String(data.dropFirst(start).prefix(width))
    }
    lines = [lines[0]] + wrapped + [lines[lines.count - 1]]
    return lines.joined(separator: "\n") + "\n"
}
