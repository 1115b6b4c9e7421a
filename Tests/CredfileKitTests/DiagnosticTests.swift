import Testing
import CredfileYAML
@testable import CredfileKit

@Suite struct DiagnosticTests {
    @Test func compilerShape() {
        let d = Diagnostic(
            .error, code: .yamlDuplicateKey, "duplicate key 'host'", path: "credentials/a.yaml",
            at: SourcePosition(offset: 0, line: 4, column: 1))
        #expect(d.description == "credentials/a.yaml:4:1: error: duplicate key 'host' [yaml.duplicate-key]")
    }
}
