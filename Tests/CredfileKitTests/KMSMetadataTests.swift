import CredfileAge
import Foundation
import CredfileYAML
import Testing
@testable import CredfileKit

/// The `sops.kms` list as sops 3.11 writes it, read and written without any network: a file
/// with a KMS key and an age key opens with the age key alone, and re-wrapping keeps the
/// KMS entry byte for byte (issue 14).
@Suite struct KMSMetadataTests {
    let fixture = Fixture("sops-3.11-wrote-kms-and-age")

    func load() throws -> (SOPSDocument, [AgeIdentity]) {
        let document = try SOPSDocument(bytes: fixture.bytes("encrypted.yaml"), path: "encrypted.yaml")
        return (document, try AgeKeyFile.parseIdentities(fixture.text("identity.txt")))
    }

    @Test func readsEveryFieldOfTheKMSEntry() throws {
        let metadata = try #require(try load().0.metadata)
        let entry = try #require(metadata.kms.first)
        #expect(metadata.kms.count == 1)
        #expect(entry.key.arn == "arn:aws:kms:us-east-1:123456789012:key/d8df4156-d417-49d2-81f6-97b8a519723e")
        #expect(entry.key.role == "arn:aws:iam::123456789012:role/deployer")
        #expect(entry.key.context == ["app": "credfile", "env": "prod"])
        #expect(entry.key.profile == "")
        #expect(entry.key.region == "us-east-1")
        #expect(entry.createdAt == "2026-12-06T03:14:33Z")
        #expect(entry.enc.hasPrefix("ZDhkZjQxNTYt"))
        #expect(metadata.otherKeySources.isEmpty)
        #expect(metadata.recipientNames.first == "arn:aws:kms:us-east-1:123456789012:key/d8df4156-d417-49d2-81f6-97b8a519723e+arn:aws:iam::123456789012:role/deployer")
    }

    @Test func opensWithTheAgeKeyAloneAndVerifiesTheMAC() throws {
        let (document, identities) = try load()
        let decrypted = try document.decrypt(identities: identities)
        #expect(decrypted.value(at: ["password"]) == .string("hunter2"))
    }

    /// Adding an age recipient keeps the KMS entry as sops wrote it: `renderKMS` reproduces
    /// sops's layout exactly, or this comparison of the two `kms:` blocks fails.
    @Test func rewrapKeepsTheKMSEntryByteForByte() throws {
        let (document, identities) = try load()
        let decrypted = try document.decrypt(identities: identities)
        let extra = try AgeIdentity.generate().recipient
        let recipients = try document.recipients() + [.age(extra)]
        let bytes = try document.rewrapped(dataKey: decrypted.dataKey, for: recipients, keys: KeyRing([]))
        let text = String(decoding: bytes, as: UTF8.self)
        let original = try fixture.text("encrypted.yaml")
        #expect(Self.kmsBlock(text) == Self.kmsBlock(original))
        let reread = try SOPSDocument(bytes: bytes, path: "encrypted.yaml")
        #expect(try reread.metadata?.age.count == 2)
        #expect(try reread.decrypt(identities: identities).value(at: ["password"]) == .string("hunter2"))
    }

    /// Without a KMS source in the key ring, a new KMS recipient cannot be wrapped: an error
    /// naming the key, and nothing half-written.
    @Test func wrappingForKMSWithoutAServiceIsAnError() throws {
        let (document, identities) = try load()
        let decrypted = try document.decrypt(identities: identities)
        let other = try KMSMasterKey(parsing: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        #expect(throws: CredfileError.self) {
            try document.rewrapped(dataKey: decrypted.dataKey, for: [.kms(other)], keys: KeyRing([]))
        }
    }

    @Test func keylessValidationChecksTheShapeOfKMSEntries() throws {
        let original = try fixture.text("encrypted.yaml")
        let arn = "arn:aws:kms:us-east-1:123456789012:key/d8df4156-d417-49d2-81f6-97b8a519723e"
        let damaged = original
            .replacingOccurrences(of: "- arn: \(arn)", with: "- arn: arn:aws:s3:::bucket")
            .replacing(#/enc: ZDhk[A-Za-z0-9+\/=]+/#, with: "enc: \"\"")
        let document = try SOPSDocument(bytes: Array(damaged.utf8), path: "smtp-prod.yaml")
        var validator = CredentialValidator(
            document: document, schemas: .builtIn, options: ValidationOptions(), expectedName: "smtp-prod")
        _ = validator.run()
        let messages = validator.diagnostics.map { $0.message }
        #expect(messages.contains { $0.contains("'sops.kms' entry 1: 'arn' is not an AWS KMS key ARN") })
        #expect(messages.contains { $0.contains("'sops.kms' entry 1: 'enc' is not a base64 KMS ciphertext") })
        #expect(!messages.joined().contains("ZDhk"))
    }

    /// A context value that is not a string (null, a number, a boolean) is refused: sops 3.11
    /// dereferences a nil value and crashes, so a key-less edit could stop a KMS-only deploy.
    @Test(arguments: ["null", "1", "true", "~"])
    func aContextValueMustBeAString(value: String) throws {
        let original = try fixture.text("encrypted.yaml")
        let damaged = original.replacingOccurrences(of: "            env: prod\n", with: "            env: \(value)\n")
        #expect(damaged != original)
        #expect(throws: CredfileError.self) { try SOPSDocument(bytes: Array(damaged.utf8), path: "smtp-prod.yaml") }
    }

    /// Adding a KMS key to a creation rule is a policy weakening like adding an age recipient.
    @Test func aKMSKeyAddedToTheRuleIsReported() throws {
        let url = URL(fileURLWithPath: "/repo/.sops.yaml")
        let base = try SOPSConfig(bytes: Array("creation_rules:\n  - age: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n".utf8), url: url)
        let arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        for current in [
            "creation_rules:\n  - age: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n    kms: \(arn)\n",
            "creation_rules:\n  - key_groups:\n      - age: [age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p]\n        kms: [{arn: \(arn)}]\n",
        ] {
            let config = try SOPSConfig(bytes: Array(current.utf8), url: url)
            let messages = PolicyChanges.diagnostics(base: base, current: config, path: ".sops.yaml").map(\.message)
            #expect(messages.contains { $0.contains("recipients changed (added \(arn))") }, "\(messages)")
        }
    }

    static func kmsBlock(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "    kms:") else { return "" }
        let end = lines[(start + 1)...].firstIndex { !$0.hasPrefix("        ") } ?? lines.endIndex
        return lines[start..<end].joined(separator: "\n")
    }
}

/// `ARN[+ROLE]` as sops parses it (`kms/keysource.go`, `NewMasterKeyFromArn` and `arnRegex`).
@Suite struct KMSMasterKeyParsingTests {
    @Test(arguments: [
        ("arn:aws:kms:us-east-1:123456789012:key/abc", true),
        ("arn:aws:kms:us-east-1:123456789012:alias/prod", true),
        ("arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/abc", true),
        ("arn:aws-cn:kms:cn-north-1:123456789012:key/abc", true),
        ("arn:aws:kms:us-east-1:12345678901a:key/abc", false),
        ("arn:aws:kms:us-east-1:123456789012:key/", false),
        ("arn:aws:kms::123456789012:key/abc", false),
        ("arn:aws:s3:::bucket", false),
        ("arn:azure:kms:us-east-1:123456789012:key/abc", false),
        ("age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p", false),
        ("arn:aws:kms:us-east-1:123456789012:key/a\u{7F}b", false),
        // The region becomes the host name: nothing a URL could read as user, host or fragment
        // (red-team finding: `x@127.0.0.1#` sent the signed request to 127.0.0.1).
        ("arn:aws:kms:x@127.0.0.1#:111122223333:key/a", false),
        ("arn:aws:kms:evil.com#:111122223333:key/a", false),
        ("arn:aws:kms:eu-west-1@evil.com:111122223333:key/a", false),
        ("arn:aws:kms:127.0.0.1:111122223333:key/a", false),
        ("arn:aws:kms:EU-WEST-1:111122223333:key/a", false),
        ("arn:aws:kms:x:111122223333:key/a", false),
        ("arn:aws:kms:eu-west-1:1:key/a", false),
        ("arn:aws:kms:eu-west-1:111122223333:key/a/../../x", false),
        ("arn:aws:kms:eu-west-1:111122223333:key/a?x=1#", false),
        ("arn:awsevil:kms:eu-west-1:111122223333:key/a", false),
        ("arn:aws:kms:us-isob-east-1:111122223333:key/mrk-1234abcd", true),
        ("arn:aws:kms:eu-west-1:111122223333:alias/team/prod_mail-1", true),
    ])
    func arnShape(text: String, valid: Bool) {
        #expect(KMSMasterKey.isValidARN(text) == valid)
    }

    @Test func roleFollowsPlusArnAndSpacesAreRemoved() throws {
        let key = try KMSMasterKey(parsing: " arn:aws:kms:eu-west-1:111122223333:key/k1 +arn:aws:iam::111122223333:role/deploy ")
        #expect(key.arn == "arn:aws:kms:eu-west-1:111122223333:key/k1")
        #expect(key.role == "arn:aws:iam::111122223333:role/deploy")
        #expect(key.description == "arn:aws:kms:eu-west-1:111122223333:key/k1+arn:aws:iam::111122223333:role/deploy")
    }

    @Test func aRecipientArgumentMayBeAnARNOrAnAgeRecipient() throws {
        let kms = try Recipient(parsing: "arn:aws:kms:eu-west-1:111122223333:key/k1")
        let age = try Recipient(parsing: "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p")
        guard case .kms = kms, case .age = age else { Issue.record("wrong kinds: \(kms), \(age)"); return }
        // Only `+arn:` starts a role (as sops); a `+` left in the key id is not a key id.
        #expect(throws: CredfileError.self) { try KMSMasterKey(parsing: "arn:aws:kms:eu-west-1:111122223333:key/k1+x") }
        #expect(throws: CredfileError.self) { try Recipient(parsing: "arn:aws:kms:eu-west-1:111122223333:key/k1+arn:aws:s3:::b") }
        #expect(throws: CredfileError.self) { try Recipient(parsing: "AGE-SECRET-KEY-1QQQ") }
    }
}
