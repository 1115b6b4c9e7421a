/// One replacement of a byte range of a source text: the unit of surgical rewriting.
public struct TextEdit: Sendable, Hashable {
    /// The UTF-8 byte offsets to replace (empty for an insertion).
    public var range: Range<Int>
    /// The bytes to put there.
    public var replacement: [UInt8]

    /// Replaces `range` with `replacement`.
    public init(range: Range<Int>, replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }

    /// Replaces a node's or key's source range with a string's UTF-8 bytes.
    public init(replacing range: SourceRange, with replacement: String) {
        self.init(range: range.byteRange, replacement: Array(replacement.utf8))
    }

    /// Applies `edits` to `source` in one pass and returns the new text.
    ///
    /// Edits may be given in any order; they are applied by position (insertions at the same
    /// offset in the order given, before a replacement starting there). Overlapping edits or
    /// ranges outside `source` are a programming error, thrown as `YAMLError.Kind.internal`
    /// at the second edit's start.
    public static func apply(_ edits: [TextEdit], to source: [UInt8]) throws -> [UInt8] {
        let sorted = edits.enumerated().sorted { a, b in
            (a.element.range.lowerBound, a.element.range.upperBound, a.offset)
                < (b.element.range.lowerBound, b.element.range.upperBound, b.offset)
        }.map(\.element)
        var result: [UInt8] = []
        result.reserveCapacity(source.count + sorted.reduce(0) { $0 + $1.replacement.count })
        var copied = 0
        for edit in sorted {
            try check(edit, after: copied, in: source)
            result += source[copied..<edit.range.lowerBound]
            result += edit.replacement
            copied = edit.range.upperBound
        }
        result += source[copied...]
        return result
    }

    /// Throws unless `edit` lies inside `source` and starts at or after `copied`.
    private static func check(_ edit: TextEdit, after copied: Int, in source: [UInt8]) throws {
        guard edit.range.upperBound > source.count || edit.range.lowerBound < copied else { return }
        let offset = min(edit.range.lowerBound, source.count)
        let what = edit.range.upperBound > source.count ? "extends past the end of the text" : "overlaps a previous edit"
        throw YAMLError(.internal, "text edit \(edit.range) \(what)",
                        at: SourceMap.approximatePosition(ofByte: offset, in: source))
    }
}

extension SourceMap {
    /// The position of a byte in text that has not been validated (for error reports only):
    /// same line-break rule as the loader, columns count non-continuation bytes.
    static func approximatePosition(ofByte offset: Int, in bytes: [UInt8]) -> SourcePosition {
        var line = 1
        var column = 1
        for i in 0..<offset {
            if lineBreakLength(endingAt: i + 1, in: bytes) > 0 {
                (line, column) = (line + 1, 1)
            } else if !isContinuation(bytes[i]) {
                column += 1
            }
        }
        return SourcePosition(offset: offset, line: line, column: column)
    }
}
