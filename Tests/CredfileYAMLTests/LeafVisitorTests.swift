import Testing
@testable import CredfileYAML

@Suite struct LeafVisitorTests {
    @Test func sequenceItemsAddNoPathComponent() throws {
        // The example of sops-format.md §2.1.
        let document = try YAMLLoader.load(Array("app: {tags: [alpha, 42, {nested: {deep: x}}]}\nz: []\ny: {}\n".utf8))
        var visited: [(String, String)] = []
        document.forEachLeaf { path, leaf in
            visited.append((path.joined(separator: ":") + ":", leaf.scalar?.value ?? "?"))
        }
        #expect(visited.map(\.0) == ["app:tags:", "app:tags:", "app:tags:nested:deep:"])
        #expect(visited.map(\.1) == ["alpha", "42", "x"])
    }

    @Test func visitsInDocumentOrderWithNodes() throws {
        let document = try YAMLLoader.load(Array("b: 1\na:\n  - c: 2\n  - 3\n".utf8))
        var paths: [[String]] = []
        var values: [String] = []
        document.forEachLeaf { path, leaf in
            paths.append(path)
            values.append(slice(document, leaf.range))
        }
        #expect(paths == [["b"], ["a", "c"], ["a"]])
        #expect(values == ["1", "2", "3"])
    }

    @Test func rethrowsFromTheBody() throws {
        struct Stop: Error {}
        let document = try YAMLLoader.load(Array("a: 1\nb: 2\n".utf8))
        var count = 0
        #expect(throws: Stop.self) {
            try document.forEachLeaf { _, _ in
                count += 1
                throw Stop()
            }
        }
        #expect(count == 1)
    }
}
