@testable import CredfileKit
import CredfileTestSupport
import CredfileYAML
import Foundation
import Testing

/// Schema files are checked when loaded: each mistake has a fixture under
/// Fixtures/schemas/<scenario>/ and exactly one diagnostic with a stable code and position.
@Suite struct SchemaLoaderTests {
    struct Case: Sendable, CustomStringConvertible {
        var scenario: String
        var code: String
        var message: String
        var at: String
        var description: String { scenario }
    }

    static let cases: [Case] = [
        Case(scenario: "invalid-yaml", code: "schema.invalid-yaml", message: "duplicate key 'host' (first defined on line 3)", at: "4:3"),
        Case(scenario: "empty-file", code: "schema.invalid-yaml", message: "the file contains no YAML document", at: "1:1"),
        Case(scenario: "unknown-key", code: "schema.unknown-key",
             message: "unknown key 'titel' (expected one of: type, title, description, fields, rules, extra_fields, required_roles)", at: "2:1"),
        Case(scenario: "missing-fields", code: "schema.missing-key", message: "missing key 'fields'", at: "1:1"),
        Case(scenario: "missing-type", code: "schema.missing-key", message: "missing key 'type'", at: "1:1"),
        Case(scenario: "invalid-value", code: "schema.invalid-value", message: "'required' must be true or false", at: "3:37"),
        Case(scenario: "extra-fields-not-bool", code: "schema.invalid-value", message: "'extra_fields' must be true or false", at: "2:15"),
        Case(scenario: "rules-not-a-list", code: "schema.invalid-value",
             message: "'rules' must be a list such as [ { together: [a, b] } ]", at: "5:3"),
        Case(scenario: "type-mismatch", code: "schema.type-mismatch", message: "type 'smtp' must equal the file's base name 'demo'", at: "1:7"),
        Case(scenario: "invalid-type-name", code: "schema.invalid-type-name",
             message: "type name 'Demo' must be a lowercase slug (letters, digits, single - or _)", at: "1:7"),
        Case(scenario: "invalid-field-name", code: "schema.invalid-field-name", message: "field name 'Host' must match ^[a-z][a-z0-9_]*$", at: "3:3"),
        Case(scenario: "reserved-field-name", code: "schema.reserved-field-name",
             message: "field name 'sops' is reserved (every credential has name, type and description; sops is the metadata)", at: "3:3"),
        Case(scenario: "unknown-field-key", code: "schema.unknown-field-key",
             message: "unknown key 'requried' in field 'host' (expected one of: type, required, sensitive, default, description, pattern, min, max, values, expiry, env)",
             at: "3:27"),
        Case(scenario: "missing-field-type", code: "schema.missing-field-type", message: "field 'host' has no 'type'", at: "3:3"),
        Case(scenario: "unknown-field-type", code: "schema.unknown-field-type",
             message: "unknown field type 'integer' (expected one of: string, int, port, bool, hostname, email, url, uuid, date, enum)", at: "3:17"),
        Case(scenario: "default-wrong-kind", code: "schema.invalid-default", message: "'default' must be a port number (1–65535)", at: "3:32"),
        Case(scenario: "default-out-of-range", code: "schema.invalid-default", message: "'default' must be an integer from 1 to 10", at: "3:51"),
        Case(scenario: "default-bad-date", code: "schema.invalid-default", message: "'default' must be a date (YYYY-MM-DD)", at: "3:34"),
        Case(scenario: "default-not-in-enum", code: "schema.invalid-default", message: "'default' must be one of: ssl, starttls", at: "3:57"),
        Case(scenario: "sensitive-default", code: "schema.sensitive-default",
             message: "sensitive field 'token' cannot have a default (it would be stored in plain text)", at: "6:14"),
        Case(scenario: "min-above-max", code: "schema.min-above-max", message: "'min' (10) is greater than 'max' (1)", at: "3:30"),
        Case(scenario: "bounds-on-non-int", code: "schema.bounds-on-non-int", message: "'max' applies only to int fields, not string", at: "3:30"),
        Case(scenario: "pattern-on-non-string", code: "schema.pattern-on-non-string",
             message: "'pattern' applies only to string, hostname, email, url and uuid fields, not port", at: "3:32"),
        Case(scenario: "invalid-pattern", code: "schema.invalid-pattern", message: "'pattern' is not a valid regular expression: missing ']' for the class opened here (at offset 1)", at: "3:34"),
        Case(scenario: "missing-values", code: "schema.missing-values", message: "enum field 'mode' needs 'values', a list of strings", at: "3:3"),
        Case(scenario: "empty-values", code: "schema.missing-values", message: "enum field 'mode' needs at least one value", at: "3:31"),
        Case(scenario: "values-on-non-enum", code: "schema.values-on-non-enum", message: "'values' applies only to enum fields, not string", at: "3:33"),
        Case(scenario: "duplicate-value", code: "schema.duplicate-value", message: "'values' lists 'ssl' twice", at: "3:42"),
        Case(scenario: "expiry-on-non-date", code: "schema.expiry-on-non-date", message: "'expiry' applies only to date fields, not string", at: "3:36"),
        Case(scenario: "invalid-env", code: "schema.invalid-env",
             message: "'env' must be an environment variable name matching ^[A-Z_][A-Z0-9_]*$", at: "3:32"),
        Case(scenario: "env-forbidden", code: "schema.env-forbidden",
             message: "'env' names BASH_ENV, a variable no credential may set: a shell runs or sources code from it, or it changes how scripts are read",
             at: "3:32"),
        Case(scenario: "duplicate-env", code: "schema.duplicate-env",
             message: "environment variable 'MAIL_HOST' is already used by another field", at: "4:33"),
        Case(scenario: "invalid-rule", code: "schema.invalid-rule",
             message: "each rule must be a mapping with exactly one key: together, requires or one_of", at: "6:5"),
        Case(scenario: "unknown-rule", code: "schema.unknown-rule", message: "unknown rule 'both' (expected together, requires or one_of)", at: "6:5"),
        Case(scenario: "rule-unknown-field", code: "schema.rule-unknown-field", message: "rule names unknown field 'pasword'", at: "6:26"),
        Case(scenario: "requires-unknown-field", code: "schema.rule-unknown-field", message: "rule names unknown field 'ssl'", at: "6:17"),
        Case(scenario: "together-too-few", code: "schema.rule-too-few-fields", message: "'together' needs at least 2 fields", at: "5:5"),
        Case(scenario: "one-of-too-few", code: "schema.rule-too-few-fields", message: "'one_of' needs at least 2 fields", at: "5:5"),
        Case(scenario: "required-roles-not-a-list", code: "schema.invalid-value",
             message: "'required_roles' must be a list of role names such as [Mail.Read, Mail.ReadWrite]", at: "3:17"),
        Case(scenario: "required-roles-not-a-string", code: "schema.invalid-value", message: "each item of 'required_roles' must be a string",
             at: "5:5"),
        Case(scenario: "required-roles-bad-name", code: "schema.invalid-value",
             message: "'Mail Read' is not a role name (1–120 printable ASCII characters, no space, quote or backslash, not starting with '.')",
             at: "3:29"),
        Case(scenario: "required-roles-duplicate", code: "schema.duplicate-value", message: "'required_roles' lists 'Mail.Read' twice", at: "3:45"),
        Case(scenario: "rule-duplicate-field", code: "schema.rule-duplicate-field", message: "rule names field 'a' twice", at: "6:20"),
    ]

    @Test(arguments: cases) func brokenSchemaGivesOneDiagnosticAndIsLeftOut(_ c: Case) throws {
        let directory = Fixture("schemas/\(c.scenario)").url
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.path).first)
        let (set, diagnostics) = SchemaSet.load(directory: directory)
        #expect(set.types.isEmpty)
        try #require(diagnostics.count == 1, "\(diagnostics)")
        let d = diagnostics[0]
        #expect(d.severity == .error)
        #expect(d.code == c.code)
        #expect(d.message == c.message)
        #expect(d.position.map { "\($0.line):\($0.column)" } == c.at)
        #expect(d.path == directory.appendingPathComponent(file).path)
        #expect(d.message.first?.isUppercase != true && d.message.last != ".")
    }

    @Test func everyCodeIsCoveredByAFixtureOrDocumented() throws {
        let covered = Set(Self.cases.map(\.code))
        // unreadable needs a permission failure; unknown-type is reported by commands.
        let elsewhere: Set<String> = ["schema.unreadable", "schema.unknown-type"]
        #expect(Set(DiagnosticCode.documented(in: .schemas).map(\.rawValue)) == covered.union(elsewhere))
        let docs = try String(contentsOf: PeerTool.packageRoot.appendingPathComponent("docs/schemas.md"), encoding: .utf8)
        for code in DiagnosticCode.documented(in: .schemas) { #expect(docs.contains("`\(code.rawValue)`"), "\(code.rawValue) not in docs/schemas.md") }
    }

    @Test func brokenSchemaIsLeftOutOthersLoad() {
        let (set, diagnostics) = SchemaSet.load(directory: Fixture("schemas/mixed").url)
        #expect(set.types == ["good"])
        #expect(diagnostics.map(\.code) == ["schema.unknown-field-type"])
    }

    @Test func missingDirectoryIsADiagnostic() {
        let (set, diagnostics) = SchemaSet.load(directory: Fixture("schemas/no-such-directory").url)
        #expect(set.types.isEmpty)
        #expect(diagnostics.map(\.code) == ["schema.unreadable"])
    }

    @Test func everyFeatureParses() throws {
        let (set, diagnostics) = SchemaSet.load(directory: Fixture("schemas/valid").url)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let relay = try #require(set.schema(for: "relay"))
        #expect(relay.title == "Mail relay")
        #expect(relay.allowsExtraFields)
        #expect(relay.fields.map(\.name) == [
            "host", "port", "retries", "mode", "sender", "portal", "id", "tls", "starts", "expires", "user", "secret", "api_key",
        ])
        let host = try #require(relay.field("host"))
        #expect(host.kind == .hostname && host.required && host.environmentName == "RELAY_HOST")
        #expect(host.position.map { "\($0.line):\($0.column)" } == "6:3")
        #expect(relay.field("port")?.defaultValue == .int(587))
        let retries = try #require(relay.field("retries"))
        #expect(retries.minimum == 0 && retries.maximum == 10 && retries.defaultValue == .int(3))
        #expect(relay.field("mode")?.kind == .oneOf(["ssl", "starttls", "none"]))
        #expect(relay.field("mode")?.defaultValue == .string("starttls"))
        #expect(relay.field("sender")?.pattern == "@example\\.com$")
        #expect(relay.field("starts")?.defaultValue == .string("2027-01-01"))
        #expect(relay.field("expires")?.isExpiry == true)
        #expect(relay.sensitiveFields.map(\.name) == ["secret", "api_key"])
        #expect(relay.rules == [
            .together(["user", "secret"]), .requires(field: "tls", then: ["port"]), .exactlyOne(["secret", "api_key"]),
        ])
        #expect(relay.encryptedRegex == "^(secret|api_key)$")
        #expect(relay.requiredRoles == ["Relay.Send", "api://relay/Mail.Send"])
    }

    @Test func requiredRolesAreBounded() {
        let roles = (0...SchemaParser.maximumRequiredRoles).map { "Role.\($0)" }
        let many = "type: demo\nfields: {}\nrequired_roles: [\(roles.joined(separator: ", "))]\n"
        let (schema, diagnostics) = SchemaSet.parse(Array(many.utf8), path: "schemas/demo.yaml")
        #expect(schema == nil)
        #expect(diagnostics.map(\.message) == ["'required_roles' lists 65 roles (at most 64)"])
        let long = "type: demo\nfields: {}\nrequired_roles: [\(String(repeating: "R", count: 121))]\n"
        #expect(SchemaSet.parse(Array(long.utf8), path: "schemas/demo.yaml").0 == nil)
        let longest = "type: demo\nfields: {}\nrequired_roles: [\(String(repeating: "R", count: 120)), .hidden]\n"
        #expect(SchemaSet.parse(Array(longest.utf8), path: "schemas/demo.yaml").1.count == 1)  // only .hidden
        let none = "type: demo\nfields: {}\nrequired_roles: []\n"
        #expect(SchemaSet.parse(Array(none.utf8), path: "schemas/demo.yaml").0?.requiredRoles == [])
        #expect(SchemaSet.parse(Array("type: demo\nfields: {}\n".utf8), path: "schemas/demo.yaml").0?.requiredRoles == nil)
    }

    @Test func parseReportsEveryMistakeInOneRun() {
        let text = """
            type: demo
            colour: blue
            fields:
              Host: { type: hostname }
              port: { type: prot }
              user: { type: string, max: 3 }
            rules:
              - together: [user, nobody]

            """
        let (schema, diagnostics) = SchemaSet.parse(Array(text.utf8), path: "schemas/demo.yaml")
        #expect(schema == nil)
        #expect(diagnostics.map(\.code) == [
            "schema.unknown-key", "schema.invalid-field-name", "schema.unknown-field-type", "schema.bounds-on-non-int",
            "schema.rule-unknown-field",
        ])
        #expect(diagnostics.allSatisfy { $0.path == "schemas/demo.yaml" })
    }

    @Test func hostileInputNeverCrashes() {
        // Deterministic, so a crash reproduces.
        var rng = SplitMix64(seed: 42)
        let base = Array(BuiltInFiles.text("smtp.yaml").utf8)
        let replacements = Array(":{}[]-, \n\"#&*!|>%@`".utf8) + Array("abz09".utf8)
        for _ in 0..<300 {
            var bytes = base
            for _ in 0...(rng.next() % 6) {
                let i = Int(rng.next() % UInt64(bytes.count))
                bytes[i] = replacements[Int(rng.next() % UInt64(replacements.count))]
            }
            let (schema, diagnostics) = SchemaSet.parse(bytes, path: "smtp.yaml")
            #expect((schema == nil) == !diagnostics.isEmpty)
        }
    }
}

/// The repository's `schemas/` files.
enum BuiltInFiles {
    static let names = ["generic.yaml", "msgraph.yaml", "smtp.yaml"]
    static func text(_ name: String) -> String {
        (try? String(contentsOf: PeerTool.packageRoot.appendingPathComponent("schemas/\(name)"), encoding: .utf8)) ?? ""
    }
}

/// A branch that stops requiring a role is a policy change (`validate --against`).
@Suite struct RequiredRolesPolicyTests {
    private func schemas(_ roles: String?) -> SchemaSet {
        let base = BuiltInFiles.text("msgraph.yaml")
        let text = base.replacingOccurrences(of: "required_roles: [Mail.Read, Mail.ReadWrite]\n", with: roles.map { "required_roles: \($0)\n" } ?? "")
        return SchemaSet([SchemaSet.parse(Array(text.utf8), path: "schemas/msgraph.yaml").0].compactMap { $0 })
    }

    @Test func droppingARoleIsReported() throws {
        let base = schemas("[Mail.Read, Mail.ReadWrite]")
        #expect(base.types == ["msgraph"])
        let dropped = PolicyChanges.diagnostics(base: base, current: schemas("[Mail.Read]")).map(\.message)
        #expect(dropped == ["type 'msgraph' no longer requires the role Mail.ReadWrite (required_roles, which 'credfile check' compares with the token)"])
        let emptied = PolicyChanges.diagnostics(base: base, current: schemas("[]")).map(\.message)
        #expect(emptied.first?.hasPrefix("type 'msgraph' no longer requires the roles Mail.Read, Mail.ReadWrite") == true)
        // Removing the key falls back to the same two roles: nothing weakened.
        #expect(PolicyChanges.diagnostics(base: base, current: schemas(nil)).isEmpty)
        // Adding a role tightens.
        #expect(PolicyChanges.diagnostics(base: base, current: schemas("[Mail.Read, Mail.ReadWrite, Mail.Send]")).isEmpty)
    }
}
