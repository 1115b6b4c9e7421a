import Testing
@testable import CredfileYAML

/// Node ranges: `1️⃣` marks where a node must start and `2️⃣` where it must end.
@Suite struct RangeTests {
    /// Loads `marked` and checks that the node `select` picks spans exactly 1️⃣..<2️⃣.
    private func check(
        _ marked: String,
        value: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ select: (YAMLDocument) -> YAMLNode?
    ) throws {
        let text = MarkedText(marked)
        let document = try YAMLLoader.load(text.bytes)
        let node = try #require(select(document), sourceLocation: sourceLocation)
        #expect(node.range == SourceRange(start: text["1️⃣"], end: text["2️⃣"]), sourceLocation: sourceLocation)
        if let value {
            #expect(node.scalar?.value == value, sourceLocation: sourceLocation)
        }
    }

    // MARK: Scalars

    @Test func plainAfterMultibyteKeyExcludesSpacesAndComment() throws {
        try check("é: 1️⃣日本 x2️⃣   # comment\n", value: "日本 x") { $0.root["é"] }
    }

    @Test func multiLinePlain() throws {
        try check("k: 1️⃣a😀\n  b2️⃣\nz: 1\n", value: "a😀 b") { $0.root["k"] }
    }

    @Test func doubleQuotedIncludesQuotes() throws {
        try check("k: 1️⃣\"a😀\\\"b\"2️⃣ # c\n", value: "a😀\"b") { $0.root["k"] }
    }

    @Test func singleQuotedOverTwoLines() throws {
        try check("k: 1️⃣'it''s\n  日本'2️⃣\n", value: "it's 日本") { $0.root["k"] }
    }

    @Test func taggedScalarStartsAtTheTag() throws {
        try check("a: 1️⃣!!str 122️⃣   # c\n", value: "12") { $0.root["a"] }
    }

    @Test func emptyValueIsZeroLengthAfterColon() throws {
        try check("a:1️⃣2️⃣\nb: 1\n", value: "") { $0.root["a"] }
    }

    // MARK: Block scalars (libyaml's end mark is after trailing blank lines: normalized)

    @Test func literalExcludesTrailingBlankLinesAndComment() throws {
        try check("k: 1️⃣|\n  line 1\n  日本😀2️⃣\n\n\n# comment\nz: 1\n", value: "line 1\n日本😀\n") { $0.root["k"] }
    }

    @Test func nestedStripLiteralBeforeSiblingKey() throws {
        try check("a:\n  b: 1️⃣|-\n    x2️⃣\n  c: 1\n", value: "x") { $0.root["a"]?["b"] }
    }

    @Test func keepFoldedExcludesTheBlankLinesItKeeps() throws {
        try check("a: 1️⃣>+\n  z\n  é2️⃣\n\n\nb: 1\n", value: "z é\n\n\n") { $0.root["a"] }
    }

    @Test func literalAtEndOfInputWithoutNewline() throws {
        try check("a: 1️⃣|\n  x2️⃣", value: "x") { $0.root["a"] }
    }

    @Test func lessIndentedCommentEndsTheBlock() throws {
        try check("a:\n  b: 1️⃣|\n    x2️⃣\n  # c\n  d: 1\n", value: "x\n") { $0.root["a"]?["b"] }
    }

    @Test func moreIndentedCommentIsContent() throws {
        try check("a: 1️⃣|\n  x\n   # c2️⃣\nd: 1\n", value: "x\n # c\n") { $0.root["a"] }
    }

    @Test func explicitIndentationIndicator() throws {
        try check("a:\n  b: 1️⃣|2\n     x2️⃣\n", value: " x\n") { $0.root["a"]?["b"] }
    }

    @Test func trailingSpacesPastIndentationAreContent() throws {
        try check("a: 1️⃣|-\n    x\n    \n      2️⃣\n\nb: 1\n", value: "x\n\n  ") { $0.root["a"] }
    }

    @Test func emptyBlockScalarEndsAfterItsHeader() throws {
        try check("a: 1️⃣|-2️⃣ # c\n\nb: 1\n", value: "") { $0.root["a"] }
    }

    @Test func taggedBlockScalar() throws {
        try check("a: 1️⃣!!str |\n  x2️⃣\n", value: "x\n") { $0.root["a"] }
    }

    @Test func blockScalarInSequence() throws {
        try check("k:\n  - 1️⃣|\n    x\n    y2️⃣\n\n  - z\n", value: "x\ny\n") { $0.root["k"]?.sequence?.first }
    }

    // MARK: Collections

    @Test func rootMappingEndsAtItsLastValue() throws {
        try check("# head\n1️⃣a: 1\nb:\n  - x\n  - 日本2️⃣\n\n# end\n") { $0.root }
    }

    @Test func nestedBlockMapping() throws {
        try check("top:\n  1️⃣k: v\n  l: 'w'2️⃣\nnext: 1\n") { $0.root["top"] }
    }

    @Test func blockMappingEndingInAnEmptyValue() throws {
        try check("x:\n  1️⃣a: 1\n  b:2️⃣\n") { $0.root["x"] }
    }

    @Test func blockMappingEndingInABlockScalar() throws {
        try check("x:\n  1️⃣a: |\n    é2️⃣\n\ny: 1\n") { $0.root["x"] }
    }

    @Test func indentedBlockSequence() throws {
        try check("k:\n  1️⃣- a\n  - 日本2️⃣\n") { $0.root["k"] }
    }

    @Test func indentlessBlockSequence() throws {
        try check("k:\n1️⃣- a\n-   b2️⃣\nz: 1\n") { $0.root["k"] }
    }

    @Test func mappingInsideSequenceItem() throws {
        try check("k:\n  - 1️⃣a: 1\n    b: 22️⃣\n  - c\n") { $0.root["k"]?.sequence?.first }
    }

    @Test func flowMappingIncludesBraces() throws {
        try check("k: 1️⃣{a: 1, b: [x, \"y\"]}2️⃣  # c\n") { $0.root["k"] }
    }

    @Test func nestedFlowSequence() throws {
        try check("k: {a: 1, b: 1️⃣[x, \"日本\"]2️⃣}\n") { $0.root["k"]?["b"] }
    }

    @Test func multiLineFlowSequence() throws {
        try check("k: 1️⃣[\n  a,\n  b,\n]2️⃣\n") { $0.root["k"] }
    }

    @Test func emptyFlowCollections() throws {
        try check("k: 1️⃣{}2️⃣\n") { $0.root["k"] }
        try check("k: 1️⃣[ ]2️⃣\n") { $0.root["k"] }
    }

    @Test func flowRootMapping() throws {
        try check("1️⃣{a: 1, é: [2]}2️⃣\n") { $0.root }
    }

    // MARK: Keys

    @Test func keyRanges() throws {
        let text = MarkedText("1️⃣é2️⃣: 1\nb:\n  3️⃣\"日 k\"4️⃣: 2\n  5️⃣!!str x6️⃣: 3\n")
        let document = try YAMLLoader.load(text.bytes)
        let root = try #require(document.root.mapping)
        #expect(root[0].keyRange == SourceRange(start: text["1️⃣"], end: text["2️⃣"]))
        let inner = try #require(root[1].value.mapping)
        #expect(inner[0].keyRange == SourceRange(start: text["3️⃣"], end: text["4️⃣"]))
        #expect(inner[1].keyRange == SourceRange(start: text["5️⃣"], end: text["6️⃣"]))
    }
}
