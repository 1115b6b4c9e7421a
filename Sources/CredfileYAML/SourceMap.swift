/// The one place where offsets become `SourcePosition`s: libyaml marks (which count Unicode
/// scalars) and our own byte offsets are both converted here, against one definition of a
/// line break.
///
/// Line breaks are the ones libyaml (and go-yaml, its port) counts: LF, NEL (U+0085), LS
/// (U+2028) and PS (U+2029). CR is rejected before parsing, so CRLF never occurs. Mapping NEL,
/// LS and PS as breaks, rather than rejecting them, keeps our line numbers equal to libyaml's
/// `mark.line + 1` everywhere, including inside quoted scalars where they are legal.
struct SourceMap {
    // The tables below are written only by `scan()` (in SourceMap+Encoding.swift).

    /// The validated source.
    let bytes: [UInt8]
    /// Byte offset of the first byte of each line; `lineStarts[0] == 0`.
    var lineStarts: [Int] = [0]
    /// Scalar index (what libyaml's `mark.index` counts) of the first scalar of each line.
    var lineStartScalars: [Int] = [0]
    /// Byte offset of every scalar, by scalar index; empty while the input is pure ASCII, where
    /// the scalar index and the byte offset are the same number.
    var scalarOffsets: [Int] = []

    /// Checks the encoding rules (UTF-8, no BOM, no NUL, no CR, no control characters) and
    /// indexes lines and scalars, in one pass over `bytes`.
    init(validating bytes: [UInt8]) throws {
        self.bytes = bytes
        try scan()
    }

    /// The position of the scalar at `index` (libyaml's `mark.index`); `index == count` is
    /// the end of the input.
    func position(ofScalarIndex index: Int) -> SourcePosition {
        let scalarCount = scalarOffsets.isEmpty ? bytes.count : scalarOffsets.count
        let index = min(max(index, 0), scalarCount)
        let offset: Int
        if scalarOffsets.isEmpty {
            offset = index
        } else {
            offset = index < scalarCount ? scalarOffsets[index] : bytes.count
        }
        let line = Self.lastIndex(in: lineStartScalars, notAfter: index)
        return SourcePosition(offset: offset, line: line + 1, column: index - lineStartScalars[line] + 1)
    }

    /// The position of the byte at `offset`, which must start a scalar (or be the end).
    func position(ofByte offset: Int) -> SourcePosition {
        let offset = min(max(offset, 0), bytes.count)
        let line = Self.lastIndex(in: lineStarts, notAfter: offset)
        var column = 1
        for i in lineStarts[line]..<offset where !Self.isContinuation(bytes[i]) {
            column += 1
        }
        return SourcePosition(offset: offset, line: line + 1, column: column)
    }

    /// The 0-based line that contains byte `offset`.
    func line(containing offset: Int) -> Int {
        Self.lastIndex(in: lineStarts, notAfter: offset)
    }

    /// The byte offset where `line`'s content ends: its line break, or the end of the input.
    func contentEnd(ofLine line: Int) -> Int {
        guard line + 1 < lineStarts.count else { return bytes.count }
        let next = lineStarts[line + 1]
        return next - Self.lineBreakLength(endingAt: next, in: bytes)
    }

    /// The byte offset where the line after `line` starts, or nil on the last line.
    func startOfLine(after line: Int) -> Int? {
        line + 1 < lineStarts.count ? lineStarts[line + 1] : nil
    }

    /// Index of the last element `<= value` in an ascending array whose first element is 0.
    static func lastIndex(in array: [Int], notAfter value: Int) -> Int {
        var low = 0
        var high = array.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if array[mid] <= value { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// True for a UTF-8 continuation byte (`10xxxxxx`).
    static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    /// The length of the line break that ends just before `end` (LF 1, NEL 2, LS/PS 3), or 0.
    static func lineBreakLength(endingAt end: Int, in bytes: [UInt8]) -> Int {
        if end >= 1, bytes[end - 1] == 0x0A { return 1 }
        if end >= 2, bytes[end - 2] == 0xC2, bytes[end - 1] == 0x85 { return 2 }
        if end >= 3, bytes[end - 3] == 0xE2, bytes[end - 2] == 0x80, bytes[end - 1] & 0xFE == 0xA8 { return 3 }
        return 0
    }

    /// True when `scalar` is a line break as libyaml counts them (CR is rejected earlier).
    static func isLineBreak(_ scalar: UInt32) -> Bool {
        scalar == 0x0A || scalar == 0x85 || scalar == 0x2028 || scalar == 0x2029
    }
}
