import CredfileAge
import CredfileCrypto
import CredfileYAML
import Foundation
import Testing
@testable import CredfileKit

/// The three-way merge through the library (issue 18): nested mappings merge leaf by key
/// path, a list is one value, a change of shape conflicts, and the result is written
/// surgically from ours. The real-git, real-sops scenarios are in MergeDriverTests.
@Suite struct MergeCredentialTests {
    static let base = """
        name: svc
        type: generic
        description: A service
        db:
            host: db.example.com
            password: base-db-pass-4f1e
            port: 5432
        tags:
            - blue
            - green
        password: top-secret-9a2c

        """

    let identity: AgeIdentity
    let keys: KeyRing
    let baseBytes: [UInt8]
    let decrypted: DecryptedDocument

    init() throws {
        identity = try AgeIdentity.generate()
        keys = KeyRing(identities: [identity])
        let document = try SOPSDocument(bytes: Array(Self.base.utf8), path: "svc.yaml")
        baseBytes = try document.encrypted(
            with: EncryptionSettings(recipients: [identity.recipient], rule: try EncryptionRule(.encryptedRegex, "^(password)$")),
            now: GoTime(rfc3339: "2026-01-01T00:00:00Z")!)
        decrypted = try SOPSDocument(bytes: baseBytes, path: "svc.yaml").decrypt(keys: keys)
    }

    /// The base with `changes` applied, as `credfile set`/`unset` would write it.
    func side(_ changes: [FieldChange]) throws -> [UInt8] { try decrypted.updated(changes) }

    /// The base with a text replacement (for shapes `set` cannot write), MAC renewed.
    func side(replacing from: String, with to: String) throws -> [UInt8] {
        let text = String(decoding: baseBytes, as: UTF8.self)
        #expect(text.contains(from))
        return try SOPSDocument.sealMAC(
            Array(text.replacingOccurrences(of: from, with: to).utf8), path: "svc.yaml", dataKey: decrypted.dataKey, now: .now())
    }

    func merge(_ ours: [UInt8], _ theirs: [UInt8], base: [UInt8]? = nil) throws -> MergeCredential.Outcome {
        try MergeCredential(base: base ?? baseBytes, ours: ours, theirs: theirs, path: "credentials/svc.yaml", keys: keys).run()
    }

    func merged(_ outcome: MergeCredential.Outcome) throws -> (DecryptedDocument, String) {
        guard case .merged(let bytes) = outcome else {
            Issue.record("expected a clean merge, got \(outcome)")
            throw CancellationError()
        }
        return (try SOPSDocument(bytes: bytes, path: "merged").decrypt(keys: keys), String(decoding: bytes, as: UTF8.self))
    }

    static func line(_ prefix: String, _ text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(prefix) }.map(String.init)
    }

    @Test func nestedLeavesMergeByKeyPathKeepingTheirCiphertext() throws {
        let ours = try side([.set(path: ["db", "host"], value: .string("db2.example.com"))])
        let theirs = try side([
            .set(path: ["db", "password"], value: .string("their-db-pass-77b0")), .set(path: ["db", "port"], value: .int(6543)),
        ])
        let (result, text) = try merged(try merge(ours, theirs))
        #expect(result.value(at: ["db", "host"]) == .string("db2.example.com"))
        #expect(result.value(at: ["db", "password"]) == .string("their-db-pass-77b0"))
        #expect(result.value(at: ["db", "port"]) == .int(6543))
        let theirText = String(decoding: theirs, as: UTF8.self), ourText = String(decoding: ours, as: UTF8.self)
        #expect(Self.line("    password:", text) == Self.line("    password:", theirText), "their ciphertext, byte for byte")
        #expect(Self.line("password:", text) == Self.line("password:", ourText), "ours untouched")
    }

    @Test func aListIsOneValue() throws {
        let ours = try side([.set(path: ["db", "host"], value: .string("db2.example.com"))])
        let theirs = try side(replacing: "    - green\n", with: "    - green\n    - red\n")
        let (result, text) = try merged(try merge(ours, theirs))
        #expect(text.contains("tags:\n    - blue\n    - green\n    - red\n"))
        #expect(result.value(at: ["db", "host"]) == .string("db2.example.com"))
        let other = try side(replacing: "    - blue\n", with: "")
        #expect(try merge(other, theirs) == .conflict(["tags"]))
    }

    @Test func aChangeOfShapeConflictsOnItsPath() throws {
        let ours = try side([.set(path: ["db", "host"], value: .string("db2.example.com"))])
        let removed = try SOPSDocument(bytes: try side([.remove(path: ["db"])]), path: "svc.yaml").decrypt(keys: keys)
        let theirs = try removed.updated([.set(path: ["db"], value: .string("postgres://db.example.com"))])
        #expect(try merge(ours, theirs) == .conflict(["db"]))
        // Changed on their side only, the new shape is taken whole.
        let (result, _) = try merged(try merge(try side([.set(path: ["description"], value: .string("x"))]), theirs))
        #expect(result.value(at: ["db"]) == .string("postgres://db.example.com") && result.value(at: ["description"]) == .string("x"))
    }

    @Test func anAddedNestedKeyLandsInItsMappingAtOurIndentation() throws {
        let ours = try side([.remove(path: ["db", "port"])])
        let theirs = try side(replacing: "    host: db.example.com\n", with: "    host: db.example.com\n    user: app\n")
        let (result, text) = try merged(try merge(ours, theirs))
        #expect(text.contains("db:\n    host: db.example.com\n    user: app\n    password: ENC["))
        #expect(result.value(at: ["db", "port"]) == nil && result.value(at: ["db", "user"]) == .string("app"))
    }

    @Test func aKeyAddedOnBothSidesDifferentlyConflicts() throws {
        let ours = try side([.set(path: ["db", "user"], value: .string("app"))])
        let theirs = try side([.set(path: ["db", "user"], value: .string("admin")), .set(path: ["description"], value: .string("x"))])
        #expect(try merge(ours, theirs) == .conflict(["db.user"]))
        let same = try side([.set(path: ["db", "user"], value: .string("app")), .set(path: ["description"], value: .string("x"))])
        let (result, _) = try merged(try merge(ours, same))
        #expect(result.value(at: ["db", "user"]) == .string("app") && result.value(at: ["description"]) == .string("x"))
    }

    @Test func aTamperedSideIsRefusedNamingIt() throws {
        let ours = try side([.set(path: ["db", "host"], value: .string("db2.example.com"))])
        let theirs = String(decoding: try side([.set(path: ["description"], value: .string("x"))]), as: UTF8.self)
        let tampered = Array(theirs.replacingOccurrences(of: "port: 5432", with: "port: 5433").utf8)
        #expect {
            try merge(ours, tampered)
        } throws: { error in
            (error as? CredfileError)?.kind == .macMismatch && (error as? CredfileError)?.path == "credentials/svc.yaml (theirs)"
        }
    }

    @Test func onlyTheChangedLinesMacAndLastModifiedDifferFromOurs() throws {
        let ours = try side([.set(path: ["db", "host"], value: .string("db2.example.com"))])
        let theirs = try side([.set(path: ["password"], value: .string("new-top-secret-1b3d"))])
        let (_, text) = try merged(try merge(ours, theirs))
        let a = String(decoding: ours, as: UTF8.self).split(separator: "\n"), b = text.split(separator: "\n")
        #expect(a.count == b.count)
        // (`lastmodified` changes too, unless both were written in the same second.)
        let changed = zip(a, b).filter { $0 != $1 }.map { $0.1.prefix { $0 != ":" } }.filter { $0 != "    lastmodified" }
        #expect(changed == ["password", "    mac"])
    }

    /// Each side valid, the merge not: one swaps the password for a token, the other for a key,
    /// and the type wants exactly one of them.
    @Test func aMergeThatBreaksARuleAcrossFieldsIsRefused() throws {
        let (schema, problems) = SchemaSet.parse(Array("""
            type: generic
            fields:
              url:      { type: string }
              password: { type: string, sensitive: true }
              token:    { type: string, sensitive: true }
              key:      { type: string, sensitive: true }
            rules:
              - one_of: [password, token, key]

            """.utf8), path: "schemas/generic.yaml")
        #expect(problems.isEmpty)
        let schemas = SchemaSet([try #require(schema)])
        let plain = "name: svc\ntype: generic\ndescription: d\npassword: base-pass-31c7\n"
        let bytes = try SOPSDocument(bytes: Array(plain.utf8), path: "svc.yaml").encrypted(
            with: EncryptionSettings(recipients: [identity.recipient], rule: try EncryptionRule(.encryptedRegex, "^(password|token|key)$")))
        let base = try SOPSDocument(bytes: bytes, path: "svc.yaml").decrypt(keys: keys)
        // Two steps each, as two `set`/`unset` runs would.
        let swap = { (field: String, value: String) throws -> [UInt8] in
            let added = try base.updated([.set(path: [field], value: .string(value))])
            return try SOPSDocument(bytes: added, path: "svc.yaml").decrypt(keys: keys).updated([.remove(path: ["password"])])
        }
        let ours = try swap("token", "tok-5d1a"), theirs = try swap("key", "key-8e0b")
        let merge = MergeCredential(base: bytes, ours: ours, theirs: theirs, path: "credentials/svc.yaml", keys: keys, schemas: schemas)
        guard case .invalid(let found) = try merge.run() else {
            Issue.record("expected the merge to be refused")
            return
        }
        #expect(found.map(\.code) == ["rule.one-of"], "\(found)")
        #expect(!found.description.contains("tok-5d1a") && !found.description.contains("key-8e0b"))
        // Without schemas (outside a repository) the fields merge as they are.
        var unchecked = merge
        unchecked.schemas = nil
        guard case .merged = try unchecked.run() else {
            Issue.record("expected a clean field merge")
            return
        }
    }
}
