/// A hand-written matcher for npm dotenv's line pattern (lib/main.js), global and multi-line:
///
///     (?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"
///     |\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)
///
/// with JavaScript's meanings: `\s` is JS white space plus line terminators, `\w` is ASCII,
/// `^`/`$` match at line terminators (LF, CR, U+2028, U+2029), `.` matches anything else.
/// The search explores the alternatives in the order the backtracking engine does; greedy
/// runs whose shorter lengths cannot match (a white-space run followed by a key) are not retried.
struct DotenvNodeLine {
    private let s: [Unicode.Scalar]
    private var lastIndex = 0

    init(_ source: [Unicode.Scalar]) { s = source }

    /// The next match: the key and the raw value (group 2, empty when absent).
    mutating func next() -> (String, [Unicode.Scalar])? {
        var p = lastIndex
        while p <= s.count {
            if let (end, key, value) = match(at: p) {
                lastIndex = end
                return (key, value)
            }
            p += 1
        }
        return nil
    }

    private func match(at p: Int) -> (Int, String, [Unicode.Scalar])? {
        guard p == 0 || Self.isTerminator(s[p - 1]) else { return nil }
        let start = spaces(from: p)
        if s.count - start > 6, String(String.UnicodeScalarView(s[start..<(start + 6)])) == "export",
            Self.isSpace(s[start + 6]), let found = key(at: spaces(from: start + 6))
        {
            return found
        }
        return key(at: start)
    }

    private func key(at k: Int) -> (Int, String, [Unicode.Scalar])? {
        var e = k
        while e < s.count, Self.isKeyChar(s[e]) { e += 1 }
        guard e > k else { return nil }
        let name = String(String.UnicodeScalarView(s[k..<e]))
        // `\s*=\s*?`: the lazy run after `=` is tried shortest first.
        let eq = spaces(from: e)
        if eq < s.count, s[eq] == "=" {
            for v in (eq + 1)...spaces(from: eq + 1) {
                if let (end, raw) = value(at: v) { return (end, name, raw) }
            }
        }
        // `:\s+?`
        if e < s.count, s[e] == ":", spaces(from: e + 1) > e + 1 {
            for v in (e + 2)...spaces(from: e + 1) {
                if let (end, raw) = value(at: v) { return (end, name, raw) }
            }
        }
        return nil
    }

    /// Group 2's alternatives in order, then the group left out.
    private func value(at v: Int) -> (Int, [Unicode.Scalar])? {
        for quote: Unicode.Scalar in ["'", "\"", "`"] {
            let open = spaces(from: v)
            guard open < s.count, s[open] == quote else { continue }
            for close in closings(of: quote, after: open) {
                if let end = tail(from: close + 1) { return (end, Array(s[v...close])) }
            }
        }
        var run = v
        while run < s.count, s[run] != "#", s[run] != "\r", s[run] != "\n" { run += 1 }
        if run > v {
            for e in stride(from: run, to: v, by: -1) {
                if let end = tail(from: e) { return (end, Array(s[v..<e])) }
            }
        }
        if let end = tail(from: v) { return (end, []) }
        return nil
    }

    /// Where `q(?:\\q|[^q])*q` can close, longest first: the first unescaped quote, then the
    /// escaped ones before it (their backslash taken as an ordinary character).
    private func closings(of quote: Unicode.Scalar, after open: Int) -> [Int] {
        var found: [Int] = []
        var i = open + 1
        while i < s.count {
            if s[i] == quote {
                found.append(i)
                if s[i - 1] != "\\" { break }
            }
            i += 1
        }
        return found.reversed()
    }

    /// `\s*(?:#.*)?(?:$|$)`: the end of the match, trying the longest white-space run first.
    private func tail(from t: Int) -> Int? {
        for k in stride(from: spaces(from: t), through: t, by: -1) {
            if k < s.count, s[k] == "#" {
                var e = k
                while e < s.count, !Self.isTerminator(s[e]) { e += 1 }
                return e
            }
            if k == s.count || Self.isTerminator(s[k]) { return k }
        }
        return nil
    }

    private func spaces(from i: Int) -> Int {
        var e = i
        while e < s.count, Self.isSpace(s[e]) { e += 1 }
        return e
    }

    static func isTerminator(_ c: Unicode.Scalar) -> Bool {
        c == "\n" || c == "\r" || c == "\u{2028}" || c == "\u{2029}"
    }

    /// JavaScript `\s` (and what `String.prototype.trim` removes).
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: true
        default: false
        }
    }

    private static func isKeyChar(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "." || c == "-")
    }

    static func trim(_ value: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard let first = value.firstIndex(where: { !isSpace($0) }) else { return [] }
        let last = value.lastIndex(where: { !isSpace($0) })!
        return Array(value[first...last])
    }

    /// `value.replace(/^(['"`])([\s\S]*)\1$/mg, '$2')`: at each line start, a quote and the
    /// furthest same quote that ends a line are dropped.
    static func stripQuotes(_ v: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var i = 0
        while i < v.count {
            let atLineStart = i == 0 || isTerminator(v[i - 1])
            if atLineStart, ["'", "\"", "`"].contains(v[i]),
                let close = (i + 1..<v.count).last(where: { v[$0] == v[i] && ($0 + 1 == v.count || isTerminator(v[$0 + 1])) })
            {
                out += v[(i + 1)..<close]
                i = close + 1
            } else {
                out.append(v[i])
                i += 1
            }
        }
        return out
    }
}
