/// The parsed form of a ``LinearRegex`` pattern. Groups leave no node of their own: with no
/// captures, `(ab)` and `ab` compile alike.
indirect enum RegexNode: Equatable {
    case scalar(UInt32)
    case set(ScalarSet)
    case textStart
    case textEnd
    case concatenation([RegexNode])
    case alternation([RegexNode])
    /// `max` nil means unbounded (`*`, `+`, `{n,}`).
    case repetition(RegexNode, min: Int, max: Int?)
}

/// A recursive-descent parser for the subset RE2 and ECMA-262 share (see ``LinearRegex``).
///
/// Where the two engines read a spelling differently (`[]a]`, a lone `}`, `\-` outside a
/// class, `a{,3}`) or one of them refuses it, the parser refuses it too, with a message that
/// says what to write instead: a pattern that credfile accepts means one thing everywhere.
struct RegexParser {
    typealias SyntaxError = LinearRegex.SyntaxError

    private let scalars: [Unicode.Scalar]
    private let dialect: LinearRegex.Dialect
    private var index = 0
    private var depth = 0

    init(scalars: [Unicode.Scalar], dialect: LinearRegex.Dialect) {
        self.scalars = scalars
        self.dialect = dialect
    }

    mutating func parse() throws(SyntaxError) -> RegexNode {
        let node = try alternation()
        if index < scalars.count { throw error("unmatched ')'") }
        return node
    }

    private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func error(_ message: String, at offset: Int? = nil) -> SyntaxError {
        SyntaxError(message: message, offset: offset ?? index)
    }

    // MARK: Structure

    private mutating func alternation() throws(SyntaxError) -> RegexNode {
        var branches = [try sequence()]
        while peek == "|" {
            index += 1
            branches.append(try sequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func sequence() throws(SyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek, c != "|", c != ")" {
            items.append(try quantified())
        }
        return items.count == 1 ? items[0] : .concatenation(items)
    }

    private mutating func quantified() throws(SyntaxError) -> RegexNode {
        let start = index
        let atom = try atom()
        guard let (min, max) = try quantifier() else { return atom }
        // ECMA-262 (u flag) refuses a quantified assertion; RE2 accepts it. Neither needs it.
        if scalars[start] == "^" || scalars[start] == "$" {
            throw error("an anchor cannot be repeated", at: start)
        }
        if let c = peek, "*+?{".unicodeScalars.contains(c) {
            throw error("a quantifier cannot follow another; group the first, as in (a*)*")
        }
        return .repetition(atom, min: min, max: max)
    }

    /// `*`, `+`, `?` or `{…}` with an optional lazy `?`, or nil when none follows.
    private mutating func quantifier() throws(SyntaxError) -> (Int, Int?)? {
        let bounds: (Int, Int?)
        switch peek {
        case "*": bounds = (0, nil)
        case "+": bounds = (1, nil)
        case "?": bounds = (0, 1)
        case "{": bounds = try countedRepetition()
        default: return nil
        }
        index += 1  // past the quantifier's last character
        // Laziness changes which match is found, never whether one is.
        if peek == "?" { index += 1 }
        return bounds
    }

    /// `{n}`, `{n,}` or `{n,m}`, leaving the index on the closing brace. RE2 and ECMA-262
    /// (without the u flag) read anything else after `{` as literal text; one reading is
    /// refused rather than either guessed.
    private mutating func countedRepetition() throws(SyntaxError) -> (Int, Int?) {
        let start = index
        let invalid = error("'{' must start a repetition like {2}, {2,} or {2,5}; write \\{ for a literal brace", at: start)
        index += 1
        guard let min = try number() else { throw invalid }
        var max: Int? = min
        if peek == "," {
            index += 1
            max = peek == "}" ? nil : try number()
            if max == nil && peek != "}" { throw invalid }
        }
        guard peek == "}" else { throw invalid }
        if let max, max < min { throw error("repetition {\(min),\(max)} has its bounds reversed", at: start) }
        return (min, max)
    }

    /// Decimal digits, at most ``LinearRegex/maxRepeat``; nil when there are none.
    private mutating func number() throws(SyntaxError) -> Int? {
        let start = index
        var value = 0
        while let c = peek, ("0"..."9").contains(c) {
            value = value * 10 + Int(c.value - 0x30)
            index += 1
            if value > LinearRegex.maxRepeat {
                throw error("a repetition count is limited to \(LinearRegex.maxRepeat)", at: start)
            }
        }
        return index > start ? value : nil
    }

    // MARK: Atoms

    private mutating func atom() throws(SyntaxError) -> RegexNode {
        let c = scalars[index]
        switch c {
        case "(": return try group()
        case "[": return try characterClass()
        case ".":
            index += 1
            return .set(dialect == .re2 ? .re2Dot : .ecmaDot)
        case "^":
            index += 1
            return .textStart
        case "$":
            index += 1
            return .textEnd
        case "\\":
            return try escape(inClass: false).node
        case "*", "+", "?", "{":
            throw error("'\(c)' has nothing to repeat; write \\\(c) for the character itself")
        case "]", "}":
            throw error("unescaped '\(c)'; write \\\(c) for the character itself")
        default:
            index += 1
            return .scalar(c.value)
        }
    }

    private mutating func group() throws(SyntaxError) -> RegexNode {
        let start = index
        index += 1
        if peek == "?" {
            guard index + 1 < scalars.count, scalars[index + 1] == ":" else {
                throw error("only (…) and (?:…) groups are supported: no lookaround, named groups or flags", at: start)
            }
            index += 2
        }
        depth += 1
        guard depth <= LinearRegex.maxNesting else {
            throw error("groups are nested deeper than \(LinearRegex.maxNesting)", at: start)
        }
        let inner = try alternation()
        guard peek == ")" else { throw error("missing ')' for the group opened here", at: start) }
        index += 1
        depth -= 1
        return inner
    }
}

// MARK: Escapes and classes

extension RegexParser {
    /// What one escape or class member stands for: a single scalar (which may end a range)
    /// or a set such as `\d`.
    private enum Atom {
        case scalar(UInt32)
        case set(ScalarSet)

        var node: RegexNode {
            switch self {
            case .scalar(let value): .scalar(value)
            case .set(let set): .set(set)
            }
        }

        var ranges: [ClosedRange<UInt32>] {
            switch self {
            case .scalar(let value): [value...value]
            case .set(let set): set.ranges
            }
        }
    }

    /// Punctuation both engines take literally after a backslash, in and out of classes
    /// (ECMA-262 with the u flag allows exactly these "syntax characters" and `/`).
    private static let escapablePunctuation = Set("\\.*+?()[]{}|^$/".unicodeScalars)

    /// `\…` at the index. `\-` only inside a class: ECMA-262 (u flag) refuses it elsewhere.
    private mutating func escape(inClass: Bool) throws(SyntaxError) -> Atom {
        let start = index
        index += 1
        guard let c = peek else { throw error("the pattern ends with a lone backslash", at: start) }
        index += 1
        switch c {
        case "d": return .set(.digit)
        case "D": return .set(ScalarSet.digit.inverted)
        case "w": return .set(.word)
        case "W": return .set(ScalarSet.word.inverted)
        case "s": return .set(space)
        case "S": return .set(space.inverted)
        case "t": return .scalar(0x09)
        case "n": return .scalar(0x0A)
        case "v": return .scalar(0x0B)
        case "f": return .scalar(0x0C)
        case "r": return .scalar(0x0D)
        case "x": return .scalar(try hexByte(escapeAt: start))
        case "-" where inClass: return .scalar(c.value)
        default:
            guard Self.escapablePunctuation.contains(c) else { throw error(Self.unsupported(escape: c), at: start) }
            return .scalar(c.value)
        }
    }

    private var space: ScalarSet { dialect == .re2 ? .re2Space : .ecmaSpace }

    /// Says why an escape is refused, naming the feature when it is a known one.
    private static func unsupported(escape c: Unicode.Scalar) -> String {
        switch c {
        case "b", "B": "word boundaries (\\b, \\B) are not supported"
        case "1"..."9": "backreferences are not supported"
        case "p", "P": "Unicode classes (\\p{…}) are not supported; spell the class out"
        case "-": "\\- is allowed only inside a class (ECMA-262 refuses it elsewhere); write - alone"
        default: "unsupported escape '\\\(c)'"
        }
    }

    /// The two hex digits of `\xHH` (RE2's `\x{…}` form is not ECMA-262).
    private mutating func hexByte(escapeAt start: Int) throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<2 {
            guard let c = peek, let digit = c.properties.isASCIIHexDigit ? UInt32(String(c), radix: 16) : nil else {
                throw error("\\x must be followed by exactly two hexadecimal digits", at: start)
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    /// `[…]` or `[^…]`. A `]` right after the bracket is refused: RE2 reads it as a literal,
    /// ECMA-262 as the end of an empty class.
    private mutating func characterClass() throws(SyntaxError) -> RegexNode {
        let start = index
        index += 1
        let negated = peek == "^"
        if negated { index += 1 }
        if peek == "]" {
            throw error("a class cannot begin with ']' (RE2 and ECMA-262 read it differently); write \\]")
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while peek != "]" {
            guard peek != nil else { throw error("missing ']' for the class opened here", at: start) }
            ranges += try classMember(first: first)
            first = false
        }
        index += 1
        let set = ScalarSet(ranges)
        return .set(negated ? set.inverted : set)
    }

    /// One member of a class: a scalar, a set like `\d`, or a range `a-z` of two scalars.
    private mutating func classMember(first: Bool) throws(SyntaxError) -> [ClosedRange<UInt32>] {
        let start = index
        let low = try classAtom(first: first)
        guard peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" else { return low.ranges }
        index += 1
        if scalars[start] == "-" || scalars[index] == "-" {
            throw error("write \\- for '-' as the end of a range", at: start)
        }
        let high = try classAtom(first: false)
        guard case .scalar(let lowValue) = low, case .scalar(let highValue) = high else {
            throw error("a class such as \\d cannot be the end of a range", at: start)
        }
        guard lowValue <= highValue else { throw error("the range is out of order", at: start) }
        return [lowValue...highValue]
    }

    /// A scalar or escape inside a class. An unescaped `-` is literal only first or last,
    /// the one place every engine agrees on; `[` must be escaped so `[:alpha:]` (POSIX in
    /// RE2, plain characters in ECMA-262) cannot appear.
    private mutating func classAtom(first: Bool) throws(SyntaxError) -> Atom {
        let c = scalars[index]
        switch c {
        case "\\":
            return try escape(inClass: true)
        case "[":
            throw error("write \\[ for '[' inside a class")
        case "-":
            let last = index + 1 < scalars.count && scalars[index + 1] == "]"
            guard first || last else { throw error("'-' inside a class must come first or last, or be written \\-") }
        default:
            break
        }
        index += 1
        return .scalar(c.value)
    }
}
