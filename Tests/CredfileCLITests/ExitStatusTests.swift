import CredfileKit
import CredfileTestSupport
import Foundation
import Testing
@testable import credfile

/// The CLI's exit status table: every library error kind maps to its documented number (the
/// numbers Kit tests used to assert on `CredfileError.exitCode`), and the README and `--help`
/// list exactly the table's numbers.
@Suite struct ExitStatusTests {
    /// The same numbers `CredfileError.exitCode` returned, kind by kind.
    @Test func everyKindMapsToItsNumber() {
        let expected: [(CredfileError.Kind, Int32)] = [
            (.usage, 2), (.io, 3),
            (.malformedYAML(code: .yamlSyntax), 4), (.malformedSOPS, 4), (.unsupported, 4),
            (.config, 5),
            (.noSuchField, 1), (.notEncrypted, 1), (.mailFailed, 1), (.cannotExport, 1), (.invalidCredential, 1), (.invalidField, 1), (.invalidSchema(code: .schemaUnknownKey), 1),
            (.cannotEncrypt, 23), (.decryptFailed, 25), (.macMismatch, 51), (.macNotFound, 51),
            (.noRecipients, 111), (.noIdentity, 128), (.alreadyEncrypted, 203),
        ]
        for (kind, number) in expected { #expect(ExitStatus(kind).rawValue == number, "\(kind)") }
    }

    @Test func execStatusesAreTheShellsOnes() {
        #expect(ExitStatus.execCannotRun.rawValue == 126)
        #expect(ExitStatus.execNotFound.rawValue == 127)
    }

    /// The numbers in the first column of the README's "## Exit codes" table (`126, 127` is one row).
    static func readmeNumbers() throws -> [Int32] {
        let text = try String(contentsOf: PeerTool.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "## Exit codes"), "README.md has no '## Exit codes'")
        var numbers: [Int32] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix("## ") { break }
            guard line.hasPrefix("|") else { continue }
            let first = line.dropFirst().prefix { $0 != "|" }
            let parsed = first.split(separator: ",").map { Int32($0.trimmingCharacters(in: .whitespaces)) }
            guard parsed.allSatisfy({ $0 != nil }), !parsed.isEmpty else { continue }  // header, separator
            numbers += parsed.compactMap { $0 }
        }
        return numbers
    }

    @Test func readmeListsExactlyTheTable() throws {
        let numbers = try Self.readmeNumbers()
        #expect(numbers.count == Set(numbers).count, "a number is listed twice")
        #expect(numbers.sorted() == ExitStatus.allCases.map(\.rawValue).sorted())
    }

    @Test func helpListsEveryNumber() {
        let help = ExitStatus.helpText
        for status in ExitStatus.allCases { #expect(help.contains("\(status.rawValue) \(status.summary)")) }
    }
}
