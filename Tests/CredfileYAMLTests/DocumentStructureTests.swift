import Testing
@testable import CredfileYAML

/// Rules 3 and 4: syntax errors, and exactly one document whose root is a mapping.
@Suite struct DocumentStructureTests {
    @Test func emptyFile() {
        check("1️⃣", .empty, "the file contains no YAML document")
    }

    @Test func onlyComments() {
        check("1️⃣# nothing here\n\n", .empty, "the file contains no YAML document")
    }

    @Test func emptyExplicitDocument() {
        check("---\n1️⃣", .empty, "the document is empty")
    }

    @Test func secondDocumentIsReportedWhereItStarts() {
        check("a: 1\n1️⃣---\nb: 2\n", .multipleDocuments, "the file contains more than one YAML document")
    }

    @Test func secondDocumentAfterEndMarker() {
        check("a: 1\n...\n# next\n1️⃣--- {b: 2}\n", .multipleDocuments, "the file contains more than one YAML document")
    }

    @Test func emptySecondDocumentCounts() {
        check("a: 1\n1️⃣---\n", .multipleDocuments, "the file contains more than one YAML document")
    }

    @Test func documentEndMarkerAloneIsFine() throws {
        _ = try YAMLLoader.load(Array("a: 1\n...\n".utf8))
    }

    @Test func rootSequence() {
        check("# list\n1️⃣- a\n- b\n", .notAMapping, "the document root must be a mapping, found a sequence")
    }

    @Test func rootScalar() {
        check("1️⃣\"just a string\"\n", .notAMapping, "the document root must be a mapping, found a scalar")
    }

    @Test func syntaxErrorKeepsLibYAMLProblemAndMultibytePosition() {
        check("é: \t日x1️⃣: @y\n", .syntax, "mapping values are not allowed in this context")
    }

    @Test func syntaxErrorNamesTheContextPosition() {
        check("a: \"unterminated\nb: 1\n1️⃣", .syntax,
              "found unexpected end of stream (while scanning a quoted scalar at 1:4)")
    }

    @Test func badIndentation() {
        check("a:\n  b: 1\n 1️⃣c: 2\n", .syntax, "did not find expected key (while parsing a block mapping at 1:1)")
    }

    @Test func unclosedFlowSequence() {
        check("k: [1, 2\n1️⃣", .syntax, "did not find expected ',' or ']' (while parsing a flow sequence at 1:4)")
    }

    @Test func syntaxMessagesNeverContainValues() {
        let secret = "hunter2-s3cr3t"
        let inputs = ["a: \"\(secret)\nb: 1\n", "a: \(secret): x\n", "a: [\(secret)\n", "a: '\(secret)\n"]
        for input in inputs {
            let error = loadError(Array(input.utf8))
            #expect(error?.kind == .syntax)
            #expect(error.map { !$0.description.contains(secret) } == true, "\(input)")
        }
    }
}
