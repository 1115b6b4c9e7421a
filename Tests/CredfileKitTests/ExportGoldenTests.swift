import CredfileAge
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

    /// A fixed sequence, so GitHub's delimiters are reproducible.
    static func seededRandom() -> SplitMix64 { SplitMix64(seed: 42) }

    @Test(arguments: ExportFormat.allCases.filter { $0 != .flux })
    func matchesGolden(format: ExportFormat) throws {
        // docker and gitlab cannot carry the multi-line note.
        let variables = [.docker, .gitlab].contains(format) ? Self.variables.filter { $0.field != "note" } : Self.variables
        var options = ExportOptions()
        options.allowSensitive = true
        options.namespace = "mail"
        var random = Self.seededRandom()
        let output = try Exporter.encode(variables, as: format, options: options, random: &random)
        try Self.compare(output.text, "\(format.rawValue).txt")
        if let env = output.githubEnv { try Self.compare(env, "\(format.rawValue)-env.txt") }
    }

    /// flux's ciphertext is fresh each time: its golden file is what the recipient decrypts
    /// (the Secret of the one credential flux takes), and the encrypted text holds no value.
    @Test func fluxDecryptsToGolden() throws {
        let variables = Self.variables.filter { $0.credential == "smtp-prod" }
        let identity = try AgeIdentity.generate()
        var options = ExportOptions()
        options.namespace = "mail"
        options.encryption = ExportCorpusTests.encryption(to: identity)
        var random = Self.seededRandom()
        let output = try Exporter.encode(variables, as: .flux, options: options, random: &random)
        for variable in variables {
            #expect(!output.text.contains(variable.value) && !output.text.contains(Data(variable.value.utf8).base64EncodedString()))
        }
        let document = try SOPSDocument(bytes: Array(output.text.utf8), path: "flux.yaml")
        #expect(document.metadata?.rule.pattern == "^(data|stringData)$")
        let plaintext = try document.decrypt(identities: [identity]).plaintextYAML()
        try Self.compare(String(decoding: plaintext, as: UTF8.self), "flux.txt")
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
