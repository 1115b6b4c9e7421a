import Testing
@testable import CredfileYAML

@Suite struct TextEditTests {
    private let source = Array("a: 1\nb: 日本\nc: x\n".utf8)

    private func edit(_ range: Range<Int>, _ text: String) -> TextEdit {
        TextEdit(range: range, replacement: Array(text.utf8))
    }

    @Test func appliesInAnyOrder() throws {
        let edits = [edit(18..<19, "yy"), edit(3..<4, "ENC[…]"), edit(8..<14, "'jp'")]
        let result = try TextEdit.apply(edits, to: source)
        #expect(String(decoding: result, as: UTF8.self) == "a: ENC[…]\nb: 'jp'\nc: yy\n")
    }

    @Test func noEditsIsIdentity() throws {
        #expect(try TextEdit.apply([], to: source) == source)
    }

    @Test func insertionsAtOneOffsetKeepTheirOrderAndPrecedeAReplacement() throws {
        let edits = [edit(3..<4, "R"), edit(3..<3, "1"), edit(3..<3, "2")]
        let result = try TextEdit.apply(edits, to: source)
        #expect(String(decoding: result, as: UTF8.self).hasPrefix("a: 12R\n"))
    }

    @Test func adjacentEditsAreAllowed() throws {
        let result = try TextEdit.apply([edit(0..<1, "x"), edit(1..<2, "=")], to: source)
        #expect(String(decoding: result, as: UTF8.self).hasPrefix("x= 1\n"))
    }

    @Test func replacesANodeRangeFromTheLoader() throws {
        let document = try YAMLLoader.load(source)
        let node = try #require(document.root["b"])
        let result = try TextEdit.apply([TextEdit(replacing: node.range, with: "\"x\"")], to: document.source)
        #expect(String(decoding: result, as: UTF8.self) == "a: 1\nb: \"x\"\nc: x\n")
    }

    @Test func overlappingEditsAreAnInternalError() {
        #expect(throws: YAMLError(.internal, "text edit 9..<12 overlaps a previous edit",
                                  at: SourcePosition(offset: 9, line: 2, column: 5))) {
            try TextEdit.apply([edit(8..<11, "x"), edit(9..<12, "y")], to: source)
        }
    }

    @Test func rangePastTheEndIsAnInternalError() {
        #expect(throws: YAMLError(.internal, "text edit 19..<30 extends past the end of the text",
                                  at: SourcePosition(offset: 19, line: 3, column: 5))) {
            try TextEdit.apply([edit(19..<30, "x")], to: source)
        }
    }
}
