@testable import CredfileKit
import CredfileTestSupport
import Foundation
import Testing

/// ``LinearRegex`` where credfile uses it: the engine's own tests are in the LinearRegexTests
/// target; these check that `encrypted_regex` and friends, `path_regex` and schema `pattern`s
/// go through it, and that its refusals reach the user as credfile errors and diagnostics.
@Suite struct LinearRegexCallSiteTests {
    /// The three places that compiled untrusted patterns with `Regex` now use the engine.
    @Test func hostilePatternsInRulesAndSchemasReturn() throws {
        let key = String(repeating: "a", count: 40) + "!"
        #expect(try !EncryptionRule(.encryptedRegex, "^(a+)+$").encrypts([key]))
        #expect(try EncryptionRule(.unencryptedRegex, "^(a+)+$").encrypts(["x", key]))
        let field = FieldSpec(name: "f", kind: .string, pattern: "^(a+)+$")
        #expect(field.problem(with: .string(String(repeating: "a", count: 5000) + "!")) == "must match the pattern '^(a+)+$'")
        let dir = try TemporaryDirectory("linear-regex")
        let config = try SOPSConfig(
            bytes: Array("creation_rules:\n  - path_regex: ^(a+)+$\n    age: age1x\n".utf8),
            url: dir.file(".sops.yaml"))
        #expect(try config.rule(for: dir.file(key)) == nil)
    }

    // MARK: Refusals at the call sites

    @Test func unsupportedRuleIsAConfigError() throws {
        #expect {
            _ = try EncryptionRule(.encryptedRegex, "\\bpassword")
        } throws: { error in
            let error = error as? CredfileError
            return error?.kind == .config && error?.message.contains("word boundaries") == true
        }
        let dir = try TemporaryDirectory("linear-regex")
        let config = try SOPSConfig(
            bytes: Array("creation_rules:\n  - path_regex: (?i)^creds/\n    age: age1x\n".utf8), url: dir.file(".sops.yaml"))
        #expect {
            _ = try config.rule(for: dir.file("creds/a.yaml"))
        } throws: { error in
            let error = error as? CredfileError
            return error?.kind == .config && error?.message.contains("invalid 'path_regex' '(?i)^creds/'") == true
        }
    }

    @Test func unsupportedSchemaPatternIsTheInvalidPatternDiagnostic() {
        let text = "type: demo\nfields:\n  user: { type: string, pattern: \"^(?=a)\" }\n"
        let (schema, diagnostics) = SchemaSet.parse(Array(text.utf8), path: "schemas/demo.yaml")
        #expect(schema == nil)
        #expect(diagnostics.map(\.code) == ["schema.invalid-pattern"])
        #expect(diagnostics.first?.message.contains("no lookaround") == true)
    }
}
