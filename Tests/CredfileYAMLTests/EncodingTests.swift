import Testing
@testable import CredfileYAML

/// Rule 2: the encoding is checked before libyaml sees the input, each violation with its
/// own kind and the position of the offending scalar.
@Suite struct EncodingTests {
    /// `prefix` is marked text ending at the bad bytes; `bad` is appended raw, then `suffix`.
    private func error(_ prefix: String, bad: [UInt8], suffix: String = "\n") -> (YAMLError?, SourcePosition) {
        let marked = MarkedText(prefix + "1️⃣")
        let bytes = marked.bytes + bad + Array(suffix.utf8)
        return (loadError(bytes), marked["1️⃣"])
    }

    @Test func invalidUTF8AfterMultibyteText() {
        let (error, expected) = error("é: 日本\nkey: a😀", bad: [0xFF])
        #expect(error?.kind == .invalidUTF8)
        #expect(error?.message == "invalid UTF-8 byte sequence")
        #expect(error?.position == expected)
        #expect(expected.line == 2 && expected.column == 8 && expected.offset == 21)
    }

    @Test(arguments: [
        [0xC0, 0xAF] as [UInt8],  // overlong '/'
        [0xED, 0xA0, 0x80],  // UTF-16 surrogate
        [0xF4, 0x90, 0x80, 0x80],  // past U+10FFFF
        [0xE6, 0x97],  // truncated 日
        [0x80],  // lone continuation byte
    ])
    func rejectsEachInvalidSequence(bad: [UInt8]) {
        let (error, expected) = error("a: x\nb: ", bad: bad)
        #expect(error?.kind == .invalidUTF8)
        #expect(error?.position == expected)
    }

    @Test func truncatedSequenceAtEndOfInput() {
        let (error, expected) = error("a: ", bad: [0xF0, 0x9F, 0x98], suffix: "")
        #expect(error?.kind == .invalidUTF8)
        #expect(error?.position == expected)
    }

    @Test func byteOrderMarkAtStart() {
        let error = loadError([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8))
        #expect(error?.kind == .byteOrderMark)
        #expect(error?.message == "byte order mark (U+FEFF) is not allowed")
        #expect(error?.hint == "save the file as UTF-8 without a byte order mark")
        #expect(error?.position == SourcePosition(offset: 0, line: 1, column: 1))
    }

    @Test func byteOrderMarkInsideTheFile() {
        // libyaml silently skips a BOM at the start of any line; we reject it everywhere.
        let (error, expected) = error("a: 1\n", bad: [0xEF, 0xBB, 0xBF], suffix: "b: 2\n")
        #expect(error?.kind == .byteOrderMark)
        #expect(error?.position == expected)
    }

    @Test func nulByte() {
        let (error, expected) = error("a: \"日本", bad: [0x00], suffix: "\"\n")
        #expect(error?.kind == .nulByte)
        #expect(error?.message == "NUL byte is not allowed")
        #expect(error?.position == expected)
    }

    @Test func crlfLineEnds() {
        let (error, expected) = error("é: 1", bad: [0x0D], suffix: "\nb: 2\r\n")
        #expect(error?.kind == .carriageReturn)
        #expect(error?.message == "carriage return is not allowed: CRLF line ends are not supported")
        #expect(error?.hint == "convert the file to LF line ends, e.g. with 'dos2unix'")
        #expect(error?.position == expected)
        #expect(expected.line == 1 && expected.column == 5 && expected.offset == 5)
    }

    @Test(arguments: [[0x01] as [UInt8], [0x1B], [0x7F], [0xC2, 0x80], [0xEF, 0xBF, 0xBE]])
    func controlCharacters(bad: [UInt8]) {
        let (error, expected) = error("a:\n  b: 日", bad: bad)
        #expect(error?.kind == .controlCharacter)
        #expect(error?.message == "control character is not allowed (only tab and line breaks are)")
        #expect(error?.position == expected)
    }

    @Test func tabIsAllowed() throws {
        let document = try YAMLLoader.load(Array("a:\tx\tz\n".utf8))
        #expect(document.root["a"]?.scalar?.value == "x\tz")
    }
}
