import CredfileTestSupport
import Foundation
import Testing

@testable import CredfileKit

/// Each format's output for a small fixed set of variables, compared byte for byte with
/// `Fixtures/export/<format>.txt` (`RECORD_SNAPSHOTS=1` re-records them and fails).
@Suite struct ExportGoldenTests {
    static let variables = [
        ExportVariable(name: "SMTP_PROD_HOST", value: "smtp.example.com", sensitive: false, credential: "smtp-prod", field: "host"),
        ExportVariable(name: "SMTP_PROD_PASSWORD", value: #"p'ss "w0rd" #1"#, sensitive: true, credential: "smtp-prod", field: "password"),
        ExportVariable(name: "SMTP_PROD_NOTE", value: "line 1\nline 2 $HOME\n", sensitive: true, credential: "smtp-prod", field: "note"),
        ExportVariable(name: "DB_MAIN_URL", value: "postgres://app@db/main", sensitive: false, credential: "db-main", field: "url"),
    ]

    /// A fixed sequence, so GitHub's delimiters are reproducible (SplitMix64).
    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64 = 42
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: ExportFormat.allCases)
    func matchesGolden(format: ExportFormat) throws {
        // docker and gitlab cannot carry the multi-line note.
        let variables = [.docker, .gitlab].contains(format) ? Self.variables.filter { $0.field != "note" } : Self.variables
        var options = ExportOptions()
        options.allowSensitive = true
        options.namespace = "mail"
        var random = SeededRandom()
        let output = try Exporter.encode(variables, as: format, options: options, random: &random)
        try Self.compare(output.text, "\(format.rawValue).txt")
        if let env = output.githubEnv { try Self.compare(env, "\(format.rawValue)-env.txt") }
    }

    static func compare(_ text: String, _ name: String) throws {
        let fixture = Fixture("export")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try Data(text.utf8).write(to: fixture.url.appendingPathComponent(name))
            Issue.record("re-recorded \(name)")
            return
        }
        #expect(try fixture.bytes(name) == Array(text.utf8), "\(name) differs")
    }
}
