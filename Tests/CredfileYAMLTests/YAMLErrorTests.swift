import Testing
@testable import CredfileYAML

@Suite struct YAMLErrorTests {
    @Test func codesAreUniqueAndPrefixed() {
        let codes = YAMLError.Kind.allCases.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.hasPrefix("yaml.") && $0 == $0.lowercased() })
    }

    @Test func descriptionIsCompilerShaped() {
        let error = YAMLError(.duplicateKey, "duplicate key 'a' (first defined on line 1)",
                              at: SourcePosition(offset: 5, line: 2, column: 1))
        #expect(error.description == "2:1: duplicate key 'a' (first defined on line 1) [yaml.duplicate-key]")
    }

    @Test func messagesNeverContainValues() {
        let secret = "s3cr3t-hunter2"
        let inputs = [
            "a: &\(secret) x\n", "a: *\(secret)\n", "a: !\(secret) x\n", "k: \(secret)\nk: \(secret)\n",
            "- \(secret)\n", "\(secret)\n", "a: \(secret)\n---\nb: \(secret)\n", "[\(secret)]: 1\n",
        ]
        for input in inputs {
            let error = loadError(Array(input.utf8))
            #expect(error != nil, "\(input)")
            #expect(error.map { !"\($0) \($0.hint ?? "")".contains(secret) } == true, "\(input)")
        }
    }
}
