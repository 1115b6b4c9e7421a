import CredfileAge
import CredfileTestSupport
import CredfileYAML
import Foundation
import Testing
@testable import CredfileKit

/// Issue 11: each command parses each file at most once per run. `set` used to parse the
/// credential four times and `export` twice; both now hand one parse from layer to layer.
/// `YAMLParseCount` counts the strict loads of each distinct input in this task only.
@Suite struct ParseOnceTests {
    static let plaintext = """
        name: smtp-prod
        type: smtp
        description: Outbound mail
        host: smtp.example.com
        port: 587
        username: invoices@example.com
        password: hunter2-long-secret

        """

    /// A repository with `schemas/` (the built-in files) and one encrypted credential.
    func repository() throws -> (TemporaryDirectory, Repository, KeyRing, [UInt8]) {
        let dir = try TemporaryDirectory("credfile-parse-once")
        for (name, text) in SchemaSet.builtInFiles { try dir.write("schemas/\(name)", text) }
        let identity = try AgeIdentity.generate()
        let plain = try SOPSDocument(bytes: Array(Self.plaintext.utf8), path: "smtp-prod.yaml")
        let bytes = try plain.encrypted(
            with: EncryptionSettings(recipients: [identity.recipient], rule: try EncryptionRule(.encryptedRegex, "^(password)$")))
        try dir.write("credentials/smtp-prod.yaml", String(decoding: bytes, as: UTF8.self))
        return (dir, try Repository.discover(from: dir.url), KeyRing(identities: [identity]), bytes)
    }

    @Test func exportParsesTheCredentialOnce() throws {
        let (dir, repository, keys, bytes) = try repository()
        defer { withExtendedLifetime(dir) {} }
        let count = YAMLParseCount()
        let variables = try YAMLParseCount.$current.withValue(count) {
            try ExportPlan(credentials: ["smtp-prod"], keys: keys, repository: repository).variables()
        }
        #expect(variables.contains { $0.name == "SMTP_PROD_PASSWORD" && $0.value == "hunter2-long-secret" })
        #expect(count.loads(of: bytes) == 1)
        #expect(count.loads.allSatisfy { $0 == 1 }, "\(count.loads)")
    }

    @Test func setParsesEachVersionOfTheFileOnce() throws {
        let (dir, repository, keys, before) = try repository()
        let update = CredentialUpdate(location: try repository.lock(), keys: keys)
        let count = YAMLParseCount()
        let outcome = try YAMLParseCount.$current.withValue(count) {
            try SetFields(name: "smtp-prod", assignments: [FieldAssignment(field: "port", text: "465")], update: update).run()
        }
        #expect(outcome == .written)
        let after = [UInt8](try Data(contentsOf: dir.file("credentials/smtp-prod.yaml")))
        // The file as it was, once (read, decrypt, change); the new text, once (the check
        // before it replaces the old one).
        #expect(count.loads(of: before) == 1)
        #expect(count.loads(of: after) == 1)
        #expect(count.loads.allSatisfy { $0 == 1 }, "\(count.loads)")
    }

    @Test func showParsesTheCredentialOnce() throws {
        let (dir, repository, keys, bytes) = try repository()
        defer { withExtendedLifetime(dir) {} }
        let count = YAMLParseCount()
        let view = try YAMLParseCount.$current.withValue(count) {
            try ShowCredential(name: "smtp-prod", repository: repository, keys: keys).run()
        }
        #expect(view.fields.contains { $0.name == "password" && $0.text == "****cret" })
        #expect(count.loads(of: bytes) == 1)
    }
}

/// The pre-commit hook's path: validation, the cross-file checks and the name-immutability
/// check share one parse of each staged file.
@Suite struct StagedParseOnceTests {
    func git(_ args: [String], in dir: URL) throws {
        let result = try Subprocess.run("/usr/bin/env", ["git"] + args, currentDirectory: dir)
        guard result.status == 0 else { throw Failure(description: "git \(args): \(result.err)") }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    @Test func stagedValidationParsesEachStagedFileOnce() throws {
        let dir = try TemporaryDirectory("credfile-staged-parse-once")
        try git(["init", "-q"], in: dir.url)
        for (name, text) in SchemaSet.builtInFiles { try dir.write("schemas/\(name)", text) }
        let plain = { (name: String, host: String) in
            "name: \(name)\ntype: generic\ndescription: d\nurl: https://\(host)/\n"
        }
        try dir.write("credentials/api-one.yaml", plain("api-one", "one.example.com"))
        try git(["add", "-A"], in: dir.url)
        try git(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base"], in: dir.url)
        let changed = plain("api-one", "changed.example.com"), added = plain("api-two", "two.example.com")
        try dir.write("credentials/api-one.yaml", changed)
        try dir.write("credentials/api-two.yaml", added)
        try git(["add", "-A"], in: dir.url)
        let repository = try Repository.discover(from: dir.url, source: .index)
        let validator = RepositoryValidator(schemas: repository.schemas, options: ValidationOptions())
        let count = YAMLParseCount()
        let report = try YAMLParseCount.$current.withValue(count) {
            try GitValidation(repository: repository, against: nil, staged: true).run(validator)
        }
        #expect(report.errorCount == 0, "\(report.diagnostics)")
        #expect(count.loads(of: Array(changed.utf8)) == 1)
        #expect(count.loads(of: Array(added.utf8)) == 1)
        #expect(count.loads.allSatisfy { $0 == 1 }, "\(count.loads)")
    }
}
