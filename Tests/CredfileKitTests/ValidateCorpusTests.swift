import CredfileTestSupport
import Foundation
import Testing
@testable import CredfileKit

/// The fixture corpus (Fixtures/validate, written by its generate.py): one folder per scenario,
/// each asserting every diagnostic's code, severity and line:col, and whether check-jsonschema
/// with the exported JSON Schema agrees on accept/reject.
struct ValidateScenario: CustomTestStringConvertible, Sendable {
    static let root = PeerTool.packageRoot.appendingPathComponent("Tests/CredfileKitTests/Fixtures/validate")
    /// The fixed "today" of the corpus, so expiry cases do not age: 2026-11-22.
    static let today = CredentialCalendar.days(year: 2026, month: 11, day: 22)!

    let name: String
    var folder: URL { Self.root.appendingPathComponent(name) }
    var testDescription: String { name }

    static var all: [ValidateScenario] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { !$0.hasPrefix("_") && !$0.contains(".") }.sorted().map(ValidateScenario.init)
    }

    var header: [String: String] {
        let lines = (try? String(contentsOf: folder.appendingPathComponent("expected.txt"), encoding: .utf8)) ?? ""
        var result: [String: String] = [:]
        for line in lines.split(separator: "\n") where line.hasPrefix("# ") {
            let parts = line.dropFirst(2).split(separator: ":", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return result
    }

    var expected: [String] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("expected.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init).sorted()
    }

    var files: [CredentialFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map {
            CredentialFile(url: folder.appendingPathComponent($0), displayPath: $0)
        }
    }

    func validate() -> ValidationReport {
        var options = ValidationOptions()
        options.today = Self.today
        return RepositoryValidator(schemas: .builtIn, options: options).validate(files)
    }
}

@Suite struct ValidateCorpusTests {
    @Test func corpusHasAtLeastFortyInvalidCases() {
        let invalid = ValidateScenario.all.filter { !$0.name.hasPrefix("valid-") }
        #expect(invalid.count >= 40)
        #expect(Set(invalid.flatMap(\.expected).map { $0.split(separator: " ").last! }).count >= 30, "distinct codes")
    }

    @Test(arguments: ValidateScenario.all)
    func diagnosticsAreExactlyTheExpectedOnes(scenario: ValidateScenario) {
        let report = scenario.validate()
        let actual = report.diagnostics.map { d in
            "\(d.path):\(d.line ?? 0):\(d.column ?? 0) \(d.severity.rawValue) \(d.code)"
        }.sorted()
        #expect(actual == scenario.expected, "\(report.diagnostics.map(\.description).joined(separator: "\n"))")
    }

    /// No diagnostic of the corpus quotes a value: neither a secret's plaintext nor ciphertext,
    /// nor any plain value of the base files.
    @Test(arguments: ValidateScenario.all)
    func noDiagnosticContainsAValue(scenario: ValidateScenario) throws {
        let forbidden = ["fixture-password-1234", "fixture-client-secret", "smtp.example.com", "invoices@example.com",
                         "6f1c2a3b", "AES256_GCM", "data:", "2027-06-30", "smtp..example", "70000", "socks5"]
        for d in scenario.validate().diagnostics {
            let text = ([d.message] + d.hints).joined(separator: " ")
            for value in forbidden { #expect(!text.contains(value), "\(scenario.name): \(d.code) quotes a value") }
        }
    }

    /// Cross-check: check-jsonschema with the exported JSON Schema accepts exactly the files
    /// credfile accepts, for every scenario whose verdict is expressible in JSON Schema.
    @Test(PeerTool.needs("check-jsonschema"), arguments: ["smtp", "msgraph", "generic"])
    func checkJsonschemaAgrees(type: String) throws {
        let tool = try PeerTool.require("check-jsonschema")
        let scenarios = ValidateScenario.all.filter { $0.header["schema"] == type && $0.header["jsonschema"] == "agree" }
        try #require(!scenarios.isEmpty)
        let dir = try TemporaryDirectory("jsonschema")
        let schema = try dir.write("\(type).json", try #require(SchemaSet.builtIn.schema(for: type)).jsonSchema())
        let paths = scenarios.flatMap { s in s.files.map(\.url.path) }
        let result = try Subprocess.run(tool, ["-o", "json", "--schemafile", schema.path] + paths)
        struct Output: Decodable {
            struct Entry: Decodable { var filename: String }
            var errors: [Entry]?
            var parse_errors: [Entry]?
        }
        let output = try JSONDecoder().decode(Output.self, from: result.stdout)
        let rejected = Set((output.errors ?? []).map(\.filename) + (output.parse_errors ?? []).map(\.filename))
        for scenario in scenarios {
            let credfileRejects = scenario.validate().errorCount > 0
            for file in scenario.files {
                #expect(rejected.contains(file.url.path) == credfileRejects,
                        "\(scenario.name)/\(file.displayPath): credfile \(credfileRejects ? "rejects" : "accepts"), check-jsonschema does not")
            }
        }
    }
}
