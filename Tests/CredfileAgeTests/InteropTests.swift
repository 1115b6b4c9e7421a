import CredfileCrypto
import CredfileTestSupport
import Foundation
import Testing
@testable import CredfileAge

/// Runs `tool` and returns its stdout, failing the test (with the tool's stderr) on a non-zero exit.
func runPeer(_ tool: String, _ arguments: [String], stdin: [UInt8] = [], environment: [String: String] = [:]) throws -> [UInt8] {
    let result = try Subprocess.run(tool, arguments, stdin: Data(stdin), environment: environment)
    try #require(result.status == 0, "\(tool) failed: \(result.err)")
    return Array(result.stdout)
}

/// pyrage runs from the venv; it counts as present when that python can import it.
/// Small pyrage programs; keys and passphrases travel in the environment, data on stdin/stdout.
enum Pyrage {
    static let encrypt = """
        import os, sys, pyrage
        rs = [pyrage.x25519.Recipient.from_str(r) for r in os.environ["RECIPIENTS"].split()]
        sys.stdout.buffer.write(pyrage.encrypt(sys.stdin.buffer.read(), rs, armored=os.environ["ARMORED"] == "1"))
        """
    static let decrypt = """
        import os, sys, pyrage
        ids = [pyrage.x25519.Identity.from_str(os.environ["IDENTITY"])]
        sys.stdout.buffer.write(pyrage.decrypt(sys.stdin.buffer.read(), ids))
        """
    static let passphraseEncrypt = """
        import os, sys, pyrage
        data = sys.stdin.buffer.read()
        sys.stdout.buffer.write(pyrage.passphrase.encrypt(data, os.environ["PASSPHRASE"], armored=True))
        """
    static let passphraseDecrypt = """
        import os, sys, pyrage
        sys.stdout.buffer.write(pyrage.passphrase.decrypt(sys.stdin.buffer.read(), os.environ["PASSPHRASE"]))
        """

    static func run(_ script: String, stdin: [UInt8], _ environment: [String: String]) throws -> [UInt8] {
        try runPeer(try PeerTool.require("python3"), ["-c", script], stdin: stdin, environment: environment)
    }
}

/// Interop with age 1.1.1 (`age`, `age-keygen`) and pyrage, in both directions.
@Suite struct InteropTests {
    /// Spans two STREAM chunks.
    static let plaintext = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }

    @Test(PeerTool.needs("age"), arguments: [false, true], [1, 2])
    func ourFileDecryptsWithAge(_ armored: Bool, _ recipientCount: Int) throws {
        let age = try PeerTool.require("age")
        let directory = try TemporaryDirectory()
        let identities = try (0..<recipientCount).map { _ in try AgeIdentity.generate() }
        let file = try Age.encrypt(Self.plaintext, to: identities.map(\.recipient), armored: armored)
        let encrypted = directory.file("secret.age")
        try Data(file).write(to: encrypted)
        for (index, identity) in identities.enumerated() {
            // Our key file format must be one age accepts (AgeKeyFile.format).
            let keyFile = try directory.write("key\(index).txt", AgeKeyFile.format(identity, created: "2026-11-22T08:16:39Z"))
            #expect(try runPeer(age, ["-d", "-i", keyFile.path, encrypted.path]) == Self.plaintext)
        }
    }

    @Test(PeerTool.needs("age"), arguments: [false, true])
    func ageFileDecryptsWithUs(_ armored: Bool) throws {
        let age = try PeerTool.require("age")
        let identity = try AgeIdentity.generate()
        let file = try runPeer(age, ["-r", identity.recipient.description] + (armored ? ["-a"] : []), stdin: Self.plaintext)
        #expect(Armor.isArmored(file) == armored)
        #expect(try Age.decrypt(file, identities: [identity]) == Self.plaintext)
    }

    @Test(PeerTool.needs("age-keygen"))
    func ageKeygenFileParsesAndDecrypts() throws {
        let keygen = try PeerTool.require("age-keygen")
        let age = try PeerTool.require("age")
        let directory = try TemporaryDirectory()
        let keyFile = directory.file("keys.txt")
        _ = try runPeer(keygen, ["-o", keyFile.path])
        let identities = try AgeKeyFile.parseIdentities(String(contentsOf: keyFile, encoding: .utf8))
        let published = String(decoding: try runPeer(keygen, ["-y", keyFile.path]), as: UTF8.self)
        #expect(identities.map { $0.recipient.description + "\n" } == [published])
        let file = try runPeer(age, ["-a", "-r", published.trimmingCharacters(in: .newlines)], stdin: Self.plaintext)
        #expect(try Age.decrypt(file, identities: identities) == Self.plaintext)
        // Our rendering of the key file equals age-keygen's, apart from the timestamp line.
        let text = try String(contentsOf: keyFile, encoding: .utf8)
        let created = String(text.split(separator: "\n")[0].dropFirst("# created: ".count))
        #expect(AgeKeyFile.format(identities[0], created: created) == text)
    }

    @Test(PeerTool.needsPython("pyrage"), arguments: [false, true])
    func pyrageFileWithGreaseDecryptsWithUs(_ armored: Bool) throws {
        let identities = try [AgeIdentity.generate(), AgeIdentity.generate()]
        let file = try Pyrage.run(Pyrage.encrypt, stdin: Self.plaintext, [
            "RECIPIENTS": identities.map(\.recipient.description).joined(separator: " "), "ARMORED": armored ? "1" : "0",
        ])
        let types = try Age.stanzaTypes(of: file)
        #expect(types.filter { $0 == "X25519" }.count == 2)
        #expect(types.contains { $0.hasSuffix("-grease") })
        for identity in identities {
            #expect(try Age.decrypt(file, identities: [identity]) == Self.plaintext)
        }
    }

    @Test(PeerTool.needsPython("pyrage"), arguments: [false, true])
    func ourFileDecryptsWithPyrage(_ armored: Bool) throws {
        let identity = try AgeIdentity.generate()
        let file = try Age.encrypt(Self.plaintext, to: [identity.recipient], armored: armored)
        let plaintext = try Pyrage.run(Pyrage.decrypt, stdin: file, ["IDENTITY": identity.secretKeyString])
        #expect(plaintext == Self.plaintext)
    }

    @Test(PeerTool.needsPython("pyrage"))
    func ourPassphraseFileDecryptsWithPyrage() throws {
        let file = try Age.encrypt(Self.plaintext, passphrase: Keys.passphrase, workFactor: 10)
        let plaintext = try Pyrage.run(Pyrage.passphraseDecrypt, stdin: file, ["PASSPHRASE": Keys.passphrase])
        #expect(plaintext == Self.plaintext)
    }

    // pyrage calibrates its work factor (19 on this machine, 512 MiB): fine for one test.
    @Test(PeerTool.needsPython("pyrage"))
    func pyragePassphraseFileDecryptsWithUs() throws {
        let file = try Pyrage.run(Pyrage.passphraseEncrypt, stdin: Self.plaintext, ["PASSPHRASE": Keys.passphrase])
        #expect(try Age.stanzaTypes(of: file) == ["scrypt"])
        #expect(try Age.decrypt(file, passphrase: Keys.passphrase) == Self.plaintext)
        #expect(ageErrorKind { _ = try Age.decrypt(file, passphrase: "wrong") } == .noMatch)
    }
}
