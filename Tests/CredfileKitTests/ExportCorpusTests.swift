import CredfileAge
import CredfileTestSupport
import Foundation
import Testing

@testable import CredfileKit

/// Every corpus value is either encoded or refused exactly as `ExportCorpus.refused` says, and
/// a refusal names the variable and never contains the value.
@Suite struct ExportCorpusTests {
    static var allowSensitive: ExportOptions {
        var options = ExportOptions()
        options.allowSensitive = true
        options.encryption = try? ExportCorpusTests.encryption(to: AgeIdentity.generate())
        return options
    }

    /// What `export --format flux` is given: the settings for one recipient (flux sets the rule).
    static func encryption(to identity: AgeIdentity) -> EncryptionSettings {
        EncryptionSettings(recipients: [identity.recipient], rule: .sopsDefault)
    }

    @Test(arguments: ExportFormat.allCases)
    func refusesExactlyWhatTheDocSays(format: ExportFormat) throws {
        for index in ExportCorpus.values.indices {
            let (label, value) = ExportCorpus.values[index]
            let variable = ExportCorpus.variable(index)
            let expectRefusal = ExportCorpus.refused[format]!.contains(label)
            do {
                _ = try Exporter.encode([variable], as: format, options: Self.allowSensitive)
                #expect(!expectRefusal, "\(format.rawValue) accepted '\(label)'")
            } catch let error as CredfileError {
                #expect(expectRefusal, "\(format.rawValue) refused '\(label)': \(error.message)")
                #expect(error.kind == .cannotExport)
                #expect(error.message.contains(variable.name))
                if value.count >= 3 { #expect(!error.message.contains(value), "message leaks '\(label)'") }
            }
        }
    }

    @Test(arguments: ExportFormat.allCases)
    func acceptedValuesEncodeTogether(format: ExportFormat) throws {
        // gitlab's 5 KiB report limit is tested on its own.
        let variables = ExportCorpus.accepted(by: format).filter { format != .gitlab || $0.value.utf8.count < 1000 }
        _ = try Exporter.encode(variables, as: format, options: Self.allowSensitive)
    }
}

/// Helpers shared by the consumer tests.
enum ExportHarness {
    /// Encodes the corpus values `format` accepts, all in one output.
    static func acceptedOutput(_ format: ExportFormat) throws -> ([ExportVariable], ExportOutput) {
        let variables = ExportCorpus.accepted(by: format)
        return (variables, try Exporter.encode(variables, as: format, options: ExportCorpusTests.allowSensitive))
    }

    /// Writes `text` to a private file and runs `tool ARGS… FILE`.
    static func run(_ tool: String, _ arguments: [String], on text: String) throws -> Subprocess.Result {
        let dir = try TemporaryDirectory("credfile-export")
        let file = try dir.write("input", text)
        let result = try Subprocess.run(tool, arguments + [file.path])
        #expect(result.status == 0, "\(tool): \(result.err)")
        return result
    }

    /// Compares read-back values with the variables, naming the corpus label on a mismatch.
    static func expectSame(_ read: [String: String], _ variables: [ExportVariable], _ consumer: String) {
        #expect(read.count == variables.count, "\(consumer) read \(read.count) of \(variables.count) variables")
        for variable in variables {
            let label = ExportCorpus.values[Int(variable.name.dropFirst())!].label
            // Byte for byte: `String ==` would accept a consumer that normalises Unicode.
            #expect(read[variable.name].map { Array($0.utf8) } == Array(variable.value.utf8), "\(consumer) changed '\(label)'")
        }
    }

    static func pairs(_ pairs: [EnvPair]?) -> [String: String] {
        Dictionary((pairs ?? []).map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }
}
