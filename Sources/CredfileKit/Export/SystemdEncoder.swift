/// systemd `EnvironmentFile=` (systemd ≥ 252): `K="v"` escaping `\` `"` `` ` `` `$`.
///
/// Never the shell's `'\''` trick: systemd reads `'it'\''s'` as `it''s'`. Double quotes span
/// lines and keep CR, tab and every other character as written.
enum SystemdEncoder: EnvFileDialect {
    static let consumer = "systemd EnvironmentFile="
    static let name = "systemd"
    static let summary = "systemd EnvironmentFile="

    static func entry(for variable: ExportVariable) throws -> String {
        var body = ""
        for c in variable.value.unicodeScalars {
            if c == "\\" || c == "\"" || c == "`" || c == "$" { body += "\\" }
            body.unicodeScalars.append(c)
        }
        return "\(variable.name)=\"\(body)\"\n"
    }

    private enum State { case preKey, comment, key, preValue, value, single, double, doubleEscape, valueEscape }

    /// A model of `parse_env_file_internal`: `#`/`;` comment lines; `KEY=`; quotes open only at
    /// the start of the value or right after a closing quote; `'…'` literal; in `"…"` a backslash
    /// before `" \ ` $` yields that character, before a newline vanishes, else stays; unquoted
    /// `\x` is `x` and unquoted trailing white space is dropped. Invalid names are ignored.
    static func parse(_ text: String) -> [EnvPair]? {
        var pairs: [EnvPair] = []
        var state = State.preKey
        var key = "", value = String.UnicodeScalarView(), quotable = true, trailing = 0
        func push() {
            if EnvironmentNames.isValid(key) {
                pairs.append(EnvPair(name: key, value: String(value.dropLast(trailing))))
            }
            key = ""; value = String.UnicodeScalarView(); trailing = 0; state = .preKey
        }
        for c in text.unicodeScalars {
            switch state {
            case .preKey:
                if c == "#" || c == ";" { state = .comment } else if !isBlank(c) { key.unicodeScalars.append(c); state = .key }
            case .comment:
                if c.isLineBreak { state = .preKey }
            case .key:
                if c == "=" { state = .preValue; quotable = true
                } else if c.isLineBreak { key = ""; state = .preKey
                } else { key.unicodeScalars.append(c) }
            case .preValue where c == " " || c == "\t":
                continue
            case .preValue, .value:
                if c.isLineBreak { push() }
                else if quotable && c == "\"" { state = .double }
                else if quotable && c == "'" { state = .single }
                else if c == "\\" { state = .valueEscape; quotable = false; trailing = 0 }
                else { value.append(c); quotable = false; state = .value; trailing = isBlank(c) ? trailing + 1 : 0 }
            case .single:
                if c == "'" { state = .value; quotable = true; trailing = 0 } else { value.append(c) }
            case .double:
                if c == "\"" { state = .value; quotable = true; trailing = 0 }
                else if c == "\\" { state = .doubleEscape }
                else { value.append(c) }
            case .doubleEscape:
                state = .double
                if c == "\"" || c == "\\" || c == "`" || c == "$" { value.append(c) }
                else if c != "\n" { value.append("\\"); value.append(c) }
            case .valueEscape:
                state = .value
                if c != "\n" { value.append(c) }
            }
        }
        switch state {
        case .preValue, .value: push()
        case .single, .double, .doubleEscape, .valueEscape: return nil
        case .preKey, .comment, .key: break
        }
        return pairs
    }

    private static func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c.isLineBreak }
}
