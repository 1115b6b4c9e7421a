import Testing
@testable import CredfileYAML

/// Rule 1: size, depth and node-count limits, each failing fast with its own kind.
@Suite struct LimitsTests {
    @Test func sizeIsCheckedBeforeParsing() {
        var limits = YAMLLoadLimits()
        limits.maxBytes = 8
        // Invalid UTF-8 and a syntax error after the limit: only the size is reported.
        let error = loadError(Array("a: [b\n".utf8) + [0xFF, 0xFF, 0xFF], limits: limits)
        #expect(error?.kind == .tooLarge)
        #expect(error?.message == "the file is larger than the limit of 8 bytes")
        #expect(error?.position == SourcePosition(offset: 0, line: 1, column: 1))
    }

    @Test func sizeAtTheLimitIsAccepted() throws {
        var limits = YAMLLoadLimits()
        limits.maxBytes = 5
        _ = try YAMLLoader.load(Array("a: 1\n".utf8), limits: limits)
    }

    @Test func tenThousandDeepFlowNestingFailsFast() {
        let bytes = Array("a: ".utf8) + [UInt8](repeating: UInt8(ascii: "["), count: 10_000)
            + [UInt8](repeating: UInt8(ascii: "]"), count: 10_000) + [0x0A]
        // Speed is measured in bench/, never asserted in a test; failing at all (rather than
        // recursing 10,000 deep or building 100,001 nodes) is what is checked here.
        let error = loadError(bytes)
        #expect(error?.kind == .tooDeep)
        #expect(error?.message == "collections are nested deeper than 64 levels")
        // The root mapping is level 1, so the 64th `[` (column 3 + 64) is level 65.
        #expect(error?.position == SourcePosition(offset: 66, line: 1, column: 67))
    }

    @Test func depthLimitIsInclusive() throws {
        func nested(_ depth: Int) -> [UInt8] {
            // The root mapping plus depth - 1 flow sequences.
            Array(("a: " + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "\n").utf8)
        }
        _ = try YAMLLoader.load(nested(64))
        #expect(loadError(nested(65))?.kind == .tooDeep)
    }

    @Test func deepBlockNestingHasPosition() {
        var limits = YAMLLoadLimits()
        limits.maxDepth = 3
        let marked = MarkedText("a:\n  b:\n    c:\n      1️⃣d: 1\n")
        let error = loadError(marked.bytes, limits: limits)
        #expect(error?.kind == .tooDeep)
        #expect(error?.position == marked["1️⃣"])
    }

    @Test func hundredThousandAndOneKeysFailFast() {
        var text = ""
        for i in 0...100_000 {
            // "k" keeps every key a string: a plain `1:` is an int key, rejected earlier.
            text += "k" + String(i, radix: 36) + ": 1\n"
        }
        let bytes = Array(text.utf8)
        #expect(bytes.count < YAMLLoadLimits().maxBytes)
        // Speed is measured in bench/, never asserted in a test; failing at all (rather than
        // recursing 10,000 deep or building 100,001 nodes) is what is checked here.
        let error = loadError(bytes)
        #expect(error?.kind == .tooManyNodes)
        #expect(error?.message == "the document has more than 100000 nodes")
        // Node 1 is the root mapping, then key/value pairs: node 100,001 is the value of key
        // #50,000 (line 50,000), after the 5-character key "k12kv" and ": ".
        #expect(error?.position.line == 50_000)
        #expect(error?.position.column == 8)
    }

    @Test func nodeLimitCountsScalarsAndCollections() {
        var limits = YAMLLoadLimits()
        limits.maxNodes = 5
        // root, a, {, b, 1 = 5 nodes; c is the sixth.
        let marked = MarkedText("a: {b: 1}\n1️⃣c: 2\n")
        let error = loadError(marked.bytes, limits: limits)
        #expect(error?.kind == .tooManyNodes)
        #expect(error?.position == marked["1️⃣"])
    }
}
