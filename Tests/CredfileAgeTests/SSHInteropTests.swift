import CredfileCrypto
import CredfileTestSupport
import Foundation
import Testing
@testable import CredfileAge

/// ssh-ed25519 and ssh-rsa recipients and identities (age's agessh, key-sources.md §2–5)
/// against keys from the real `ssh-keygen` and files from the real `age`, both directions.
@Suite struct SSHInteropTests {
    static let plaintext = Array("a sops data key, or anything else".utf8)
    static let keyTypes = ["ed25519", "rsa"]

    /// A fresh unencrypted key pair from ssh-keygen: (private key path, public key line).
    static func keyPair(_ type: String, in directory: TemporaryDirectory, comment: String = "me@host") throws -> (URL, String) {
        let keygen = try PeerTool.require("ssh-keygen")
        let key = directory.file("id_\(type)")
        _ = try runPeer(keygen, ["-q", "-t", type] + (type == "rsa" ? ["-b", "2048"] : []) + ["-N", "", "-C", comment, "-f", key.path])
        let line = try String(contentsOf: directory.file("id_\(type).pub"), encoding: .utf8)
        return (key, line.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(PeerTool.needs("ssh-keygen", "age"), arguments: keyTypes)
    func ageEncryptsToSSHKeyWeDecrypt(_ type: String) throws {
        let directory = try TemporaryDirectory()
        let (key, line) = try Self.keyPair(type, in: directory)
        let age = try PeerTool.require("age")
        let file = try runPeer(age, ["-a", "-R", directory.file("id_\(type).pub").path], stdin: Self.plaintext)
        #expect(try Age.stanzaTypes(of: file) == ["ssh-\(type)"])
        let identity = try AgeIdentity(sshPrivateKey: Array(try Data(contentsOf: key)))
        #expect(identity.recipient.description == line.split(separator: " ").prefix(2).joined(separator: " "))
        #expect(try Age.decrypt(file, identities: [identity]) == Self.plaintext)
    }

    @Test(PeerTool.needs("ssh-keygen", "age"), arguments: keyTypes)
    func weEncryptToSSHKeyAgeDecrypts(_ type: String) throws {
        let directory = try TemporaryDirectory()
        let (key, line) = try Self.keyPair(type, in: directory)
        let recipient = try AgeRecipient(parsing: line)
        // sops stores the line as given, comment and all.
        #expect(recipient.description == line)
        let file = try Age.encrypt(Self.plaintext, to: [recipient, try AgeIdentity.generate().recipient])
        let encrypted = try directory.write("secret.age", String(decoding: file, as: UTF8.self))
        #expect(try runPeer(try PeerTool.require("age"), ["-d", "-i", key.path, encrypted.path]) == Self.plaintext)
    }

    /// The tag names the key: another key of the same type is "not for me", not an error.
    @Test(PeerTool.needs("ssh-keygen"), arguments: keyTypes)
    func anotherSSHKeyDoesNotMatch(_ type: String) throws {
        let one = try TemporaryDirectory(), two = try TemporaryDirectory()
        let (_, line) = try Self.keyPair(type, in: one)
        let (otherKey, _) = try Self.keyPair(type, in: two)
        let file = try Age.encrypt(Self.plaintext, to: [try AgeRecipient(parsing: line)])
        let other = try AgeIdentity(sshPrivateKey: Array(try Data(contentsOf: otherKey)))
        #expect(throws: AgeError(.noMatch, "no identity matched any of the file's recipients")) {
            try Age.decrypt(file, identities: [other])
        }
    }

    /// `ssh-keygen -N` keys: aes256-ctr under bcrypt_pbkdf (16 rounds), decrypted with the
    /// passphrase; their public half is readable without it.
    @Test(PeerTool.needs("ssh-keygen", "age"), arguments: keyTypes)
    func passphraseProtectedSSHKeyOpensWithItsPassphrase(_ type: String) throws {
        let directory = try TemporaryDirectory()
        let key = directory.file("id_\(type)")
        let size = type == "rsa" ? ["-b", "2048"] : []
        _ = try runPeer(try PeerTool.require("ssh-keygen"), ["-q", "-t", type] + size + ["-N", "correct horse", "-f", key.path])
        let bytes = Array(try Data(contentsOf: key))
        let line = try String(contentsOf: directory.file("id_\(type).pub"), encoding: .utf8)
        let recipient = try AgeRecipient(parsing: line)
        #expect(try AgeIdentity.sshPrivateKeyLock(bytes)?.publicKey == recipient.publicKey)
        #expect(try AgeIdentity.sshPrivateKeyLock(bytes)?.description == line.split(separator: " ").prefix(2).joined(separator: " "))
        #expect(throws: AgeError(.invalidKey, "the ssh key is protected by a passphrase")) { try AgeIdentity(sshPrivateKey: bytes) }
        #expect(throws: AgeError(.noMatch, "incorrect passphrase for the ssh key")) {
            try AgeIdentity(sshPrivateKey: bytes, passphrase: "wrong horse")
        }
        let identity = try AgeIdentity(sshPrivateKey: bytes, passphrase: "correct horse")
        let file = try runPeer(try PeerTool.require("age"), ["-R", directory.file("id_\(type).pub").path], stdin: Self.plaintext)
        #expect(try Age.decrypt(file, identities: [identity]) == Self.plaintext)
    }

    @Test(PeerTool.needs("ssh-keygen"))
    func rsaKeySmallerThan2048BitsIsRefused() throws {
        let directory = try TemporaryDirectory()
        _ = try runPeer(try PeerTool.require("ssh-keygen"), ["-q", "-t", "rsa", "-b", "1024", "-N", "", "-f", directory.file("k").path])
        let line = try String(contentsOf: directory.file("k.pub"), encoding: .utf8)
        #expect(throws: AgeError(.invalidKey, "ssh-rsa key is smaller than 2048 bits")) { try AgeRecipient(parsing: line) }
    }

    @Test func malformedSSHRecipientsNeverEchoTheInput() {
        for text in ["ssh-ed25519", "ssh-ed25519 !!!notbase64", "ssh-dss AAAAB3NzaC1kc3MAAACBAP", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA=="] {
            do {
                _ = try AgeRecipient(parsing: text)
                Issue.record("accepted a malformed ssh recipient")
            } catch let error as AgeError {
                #expect(error.kind == .invalidKey)
                #expect(!error.message.contains("AAAAC3") && !error.message.contains("notbase64"))
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    /// Ed25519 → X25519: the converted public key equals X25519(SHA-512(seed)[:32], 9), the
    /// public key of the identity age derives from the same seed.
    @Test(PeerTool.needs("ssh-keygen"))
    func edwardsToMontgomeryMatchesTheSecretSide() throws {
        let directory = try TemporaryDirectory()
        let (key, line) = try Self.keyPair("ed25519", in: directory)
        let identity = try AgeIdentity(sshPrivateKey: Array(try Data(contentsOf: key)))
        guard case .sshEd25519(let scalar, _) = identity.kind else { Issue.record("not an ed25519 identity"); return }
        #expect(try AgeRecipient(parsing: line).publicKey == (try X25519.publicKey(privateKey: scalar)))
    }
}
