import Testing
@testable import CredfileYAML

/// What libyaml 0.2.5's marks really are, pinned so that a libyaml change is noticed, and the
/// check that `SourceMap` agrees with libyaml's own line and column everywhere.
@Suite struct LibYAMLMarkTests {
    /// All events (until the end or the first failure) of `bytes`.
    static func events(_ bytes: [UInt8]) -> [RawEvent] {
        let parser = LibYAMLParser(bytes)
        var events: [RawEvent] = []
        while case .success(let event) = parser.next() {
            events.append(event)
            if event.kind == .streamEnd { break }
        }
        return events
    }

    @Test func indexAndColumnCountScalarsNotBytes() throws {
        let events = Self.events(Array("é: 日本😀\n".utf8))
        let value = try #require(events.filter { $0.kind == .scalar }.last)
        #expect(value.scalarValue == "日本😀")
        // Bytes would be 4..<14; libyaml counts é, ':', ' ' then three scalars.
        #expect(value.start == RawMark(index: 3, line: 0, column: 3))
        #expect(value.end == RawMark(index: 6, line: 0, column: 6))
    }

    @Test func blockScalarEndMarkIsAfterTrailingBlankLines() throws {
        let events = Self.events(Array("b: |\n  x\n\n\n# c\nz: 1\n".utf8))
        let block = try #require(events.first { $0.scalarStyle == .literal })
        // The next token's line, not the end of "x": hence `SourceMap.blockScalarEnd`.
        #expect(block.end == RawMark(index: 11, line: 4, column: 0))
    }

    @Test func blockCollectionEndMarkIsTheNextToken() throws {
        let events = Self.events(Array("a:\n  b: 1\n\nc: 2\n".utf8))
        let end = try #require(events.first { $0.kind == .mappingEnd })
        #expect(end.start == RawMark(index: 11, line: 3, column: 0))
    }

    static let agreementInputs: [String] = [
        "é: 日本😀\nk: \"a😀b\"  # c\nb: |\n  x\n\n# comm\nz: [1, {a: b}]\n",
        "a: \"x\u{2028}y\"\nb: \"p\u{85}q\"\nc: 'r\u{2029}s'\nd: 日\n",
        "t:\t\"tab\"\nk: {é: [1,\t2]}\n",
        sopsEncryptedFile,
        representativeFile,
    ]

    @Test(arguments: agreementInputs)
    func sourceMapAgreesWithLibYAMLLineAndColumn(input: String) throws {
        try Self.expectAgreement(Array(input.utf8))
    }

    @Test func endOfInputWithoutLineBreakIsOnTheLastLine() throws {
        let bytes = Array("a: 1".utf8)
        let end = try #require(Self.events(bytes).last)
        // libyaml "forces a new line" at the end of the stream: a line that does not exist.
        #expect(end.kind == .streamEnd && end.start == RawMark(index: 4, line: 1, column: 0))
        // We keep the position of the end of input on the last line.
        #expect(try SourceMap(validating: bytes).position(ofScalarIndex: 4) == SourcePosition(offset: 4, line: 1, column: 5))
    }

    /// Every mark of every event converts to libyaml's own `line + 1`, `column + 1` — except
    /// the end of an input that lacks a final line break (see the test above).
    static func expectAgreement(_ bytes: [UInt8]) throws {
        let map = try SourceMap(validating: bytes)
        let endIndex = map.scalarOffsets.isEmpty ? bytes.count : map.scalarOffsets.count
        let forcedNewLine = SourceMap.lineBreakLength(endingAt: bytes.count, in: bytes) == 0
        for event in events(bytes) {
            for mark in [event.start, event.end] where !(forcedNewLine && mark.index == endIndex) {
                let position = map.position(ofScalarIndex: mark.index)
                #expect(position.line == mark.line + 1 && position.column == mark.column + 1, "\(mark) \(event.kind)")
                #expect(position == map.position(ofByte: position.offset))
            }
        }
    }
}
