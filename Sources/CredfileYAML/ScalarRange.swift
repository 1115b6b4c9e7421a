/// Byte-level facts about tokens that libyaml's marks do not give directly.
extension SourceMap {
    /// Where a block scalar (`|`, `>`, with any header) really ends: at the end of its last
    /// content line, excluding that line's break.
    ///
    /// libyaml's end mark for a block scalar is after the trailing blank lines, at the start of
    /// the next token's line (or the end of input). Trailing lines that are only indentation
    /// are not content, so they, and anything after them, are excluded. With no content line
    /// at all, the scalar ends after its header indicators (`|-`, `>+2`…), before any comment.
    ///
    /// - Parameters:
    ///   - start: byte offset of the node (its first property, or the indicator).
    ///   - end: byte offset of libyaml's end mark.
    ///   - parentColumn: 0-based column of the innermost enclosing block collection, or -1;
    ///     libyaml measures an explicit indentation indicator from it.
    func blockScalarEnd(start: Int, end: Int, parentColumn: Int) -> Int {
        var p = skipProperties(from: start, limit: end) + 1  // past `|` or `>`
        var explicitIndent: Int?
        while p < end, let digit = Self.headerDigit(bytes[p]) {
            if digit > 0 { explicitIndent = digit }
            p += 1
        }
        var lastContentEnd = p
        var indent = explicitIndent.map { max(parentColumn, 0) + $0 }
        var lineStart = startOfLine(after: line(containing: p))
        while let current = lineStart, current < end {
            let lineIndex = line(containing: current)
            let lineEnd = min(contentEnd(ofLine: lineIndex), end)
            let spaces = bytes[current..<lineEnd].prefix { $0 == 0x20 }.count
            let isBlank = spaces == lineEnd - current
            if indent == nil, !isBlank { indent = spaces }
            // A line of spaces is content only where it reaches past the indentation.
            if !isBlank || lineEnd - current > (indent ?? Int.max) { lastContentEnd = lineEnd }
            lineStart = startOfLine(after: lineIndex)
        }
        return lastContentEnd
    }

    /// For a header byte: 0 for a chomping indicator, 1…9 for an indentation indicator, else nil.
    private static func headerDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "+"), UInt8(ascii: "-"): 0
        case UInt8(ascii: "1")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        default: nil
        }
    }

    /// The offset of the first byte after a node's properties (`!tag`, `&anchor`) and the
    /// whitespace after them; `start` itself when there are none.
    func skipProperties(from start: Int, limit: Int) -> Int {
        var p = start
        while p < limit, bytes[p] == UInt8(ascii: "!") || bytes[p] == UInt8(ascii: "&") {
            p = skipToken(from: p, limit: limit)
        }
        return p
    }

    /// The offset of the property that starts with `sigil` (`&` or `!`) among a node's
    /// properties, or `start` when it is not found there.
    func property(_ sigil: Character, from start: Int, limit: Int) -> Int {
        var p = start
        while p < limit, bytes[p] == UInt8(ascii: "!") || bytes[p] == UInt8(ascii: "&") {
            if bytes[p] == UInt8(ascii: sigil.unicodeScalars.first!) { return p }
            p = skipToken(from: p, limit: limit)
        }
        return start
    }

    /// Skips one property token and the separating whitespace (spaces, tabs, line breaks).
    private func skipToken(from start: Int, limit: Int) -> Int {
        var p = start
        while p < limit, !Self.isSeparator(bytes[p]) { p += 1 }
        while p < limit, Self.isSeparator(bytes[p]) { p += 1 }
        return p
    }

    /// Space, tab or LF. (NEL/LS/PS cannot separate properties in practice; a token stops at
    /// them anyway because libyaml's mark ends there.)
    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A
    }
}
