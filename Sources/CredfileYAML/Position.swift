/// A point in a source text.
///
/// There is exactly one position type in credfile, and its base is part of its definition:
/// `line` and `column` are **1-based**, `column` counts Unicode scalars (what an editor shows),
/// and `offset` is the **0-based UTF-8 byte offset** used to slice and rewrite the text.
/// (libyaml's marks are 0-based and count characters; the conversion happens once, in the
/// parser, never at a module boundary — style-anchors §6, "Caution".)
///
/// Lines end at LF, and also at NEL (U+0085), LS (U+2028) and PS (U+2029), because libyaml and
/// go-yaml treat those as line breaks too; CR is rejected by the loader.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 0-based UTF-8 byte offset into the document.
    public var offset: Int
    /// 1-based line number.
    public var line: Int
    /// 1-based column, in Unicode scalars.
    public var column: Int

    /// Creates a position; `line` and `column` are 1-based, `offset` 0-based.
    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// `line:column`, the form used in diagnostics.
    public var description: String { "\(line):\(column)" }

    /// Orders positions by byte offset.
    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool { lhs.offset < rhs.offset }
}

/// A half-open range `[start, end)` of a source text.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    /// The first position in the range.
    public var start: SourcePosition
    /// The position just after the range.
    public var end: SourcePosition

    /// Creates the range `[start, end)`.
    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    /// A zero-length range at `position`.
    public init(at position: SourcePosition) {
        self.init(start: position, end: position)
    }

    /// The UTF-8 byte offsets covered by the range.
    public var byteRange: Range<Int> { start.offset..<end.offset }

    /// `line:column-line:column`.
    public var description: String { "\(start)-\(end)" }
}
