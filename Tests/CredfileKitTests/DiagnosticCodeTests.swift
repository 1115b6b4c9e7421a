import CredfileTestSupport
import CredfileYAML
import Foundation
import Testing
import CredfileKit

/// `DiagnosticCode` is the one list of codes: it agrees with the YAML layer it mirrors, and the
/// docs list exactly its codes, so neither a new code nor a removed one goes unnoticed.
@Suite struct DiagnosticCodeTests {
    /// The codes in backticks in the first column of the table rows of `## heading`.
    static func documentedCodes(_ page: String, section heading: String) throws -> [String] {
        let text = try String(contentsOf: PeerTool.packageRoot.appendingPathComponent(page), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "## \(heading)"[...]), "\(page) has no '## \(heading)'")
        var codes: [String] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix("## ") { break }
            guard line.hasPrefix("| `") else { continue }
            let first = line.dropFirst().prefix { $0 != "|" }
            codes += first.split(separator: "`", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 1 }.map { String($0.element) }
        }
        return codes
    }

    @Test func mirrorsEveryYAMLErrorKind() {
        for kind in YAMLError.Kind.allCases {
            #expect(DiagnosticCode(kind).rawValue == kind.code)
        }
        let yaml = DiagnosticCode.allCases.filter { $0.rawValue.hasPrefix("yaml.") }
        #expect(Set(yaml.map(\.rawValue)) == Set(YAMLError.Kind.allCases.map(\.code)))
    }

    @Test func printsAsTheCodeNotTheCaseName() {
        #expect("[\(DiagnosticCode.fieldInvalid)]" == "[field.invalid]")
        let error = CredfileError(.macMismatch, "the MAC does not match")
        #expect("\(error.code)" == "sops.mac-mismatch")
        #expect(error.diagnostic.code == "sops.mac-mismatch")
    }

    @Test func validationDocListsExactlyTheValidationCodes() throws {
        let documented = try Self.documentedCodes("docs/validation.md", section: "Codes")
        #expect(documented.count == Set(documented).count, "a code is listed twice")
        let expected = Set(DiagnosticCode.documented(in: .validation).map(\.rawValue))
        #expect(expected.subtracting(documented).sorted() == [], "emitted but not in docs/validation.md")
        #expect(Set(documented).subtracting(expected).sorted() == [], "in docs/validation.md but not a validation code")
    }

    @Test func schemasDocListsExactlyTheSchemaCodes() throws {
        let documented = try Self.documentedCodes("docs/schemas.md", section: "Diagnostic codes")
        #expect(documented.count == Set(documented).count, "a code is listed twice")
        let expected = Set(DiagnosticCode.documented(in: .schemas).map(\.rawValue))
        #expect(expected.subtracting(documented).sorted() == [], "emitted but not in docs/schemas.md")
        #expect(Set(documented).subtracting(expected).sorted() == [], "in docs/schemas.md but not a schema code")
    }

    /// The other commands' codes are on no page of their own, so at least none of them may be
    /// listed as something `validate` reports.
    @Test func commandCodesAreNotListedAsValidationCodes() throws {
        let documented = Set(try Self.documentedCodes("docs/validation.md", section: "Codes"))
        for code in DiagnosticCode.documented(in: .commands) { #expect(!documented.contains(code.rawValue)) }
    }
}
