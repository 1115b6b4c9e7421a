/// Go's `time.Parse` for the five layouts sops meets: go-yaml v3's four timestamp formats and
/// `time.RFC3339`. Each layout is a fixed sequence of Go layout elements, so instead of a
/// general layout interpreter this walks that sequence with Go's per-element rules.
enum GoTimeParser {
    /// The layouts, named by their Go text.
    enum Layout: CaseIterable {
        /// "2006-1-2T15:4:5.999999999Z07:00"
        case yamlUpperT
        /// "2006-1-2t15:4:5.999999999Z07:00"
        case yamlLowerT
        /// "2006-1-2 15:4:5.999999999"
        case yamlSpace
        /// "2006-1-2"
        case yamlDate
        /// time.RFC3339 = "2006-01-02T15:04:05Z07:00"
        case rfc3339

        /// The byte between date and time; nil for a date only.
        var separator: UInt8? {
            switch self {
            case .yamlUpperT, .rfc3339: return UInt8(ascii: "T")
            case .yamlLowerT: return UInt8(ascii: "t")
            case .yamlSpace: return UInt8(ascii: " ")
            case .yamlDate: return nil
            }
        }

        /// "01"/"02"/"04"/"05" demand two digits; "1"/"2"/"4"/"5" take one or two.
        var fixedWidth: Bool { self == .rfc3339 }
        var hasZone: Bool { self != .yamlSpace && self != .yamlDate }
    }

    /// The go-yaml v3 formats, in the order parseTimestamp tries them.
    static let yamlLayouts: [Layout] = [.yamlUpperT, .yamlLowerT, .yamlSpace, .yamlDate]

    /// go-yaml v3 `parseTimestamp`: exactly four leading digits and a '-', then the first
    /// layout that parses.
    static func parseYAMLTimestamp(_ s: Substring.UTF8View) -> GoTime? {
        let digits = s.prefix { GoStrconv.isDigit($0) }
        guard digits.count == 4, s.dropFirst(4).first == UInt8(ascii: "-") else { return nil }
        let bytes = Array(s)
        for layout in yamlLayouts {
            if let t = parse(bytes, layout: layout) { return t }
        }
        return nil
    }

    /// time.Parse(layout, s) in UTC (a layout without a zone yields UTC).
    static func parse(_ bytes: [UInt8], layout: Layout) -> GoTime? {
        var c = Cursor(bytes: bytes[...])
        guard let year = c.year(), c.literal(UInt8(ascii: "-")),
            let month = c.number(fixed: layout.fixedWidth), (1...12).contains(month),
            c.literal(UInt8(ascii: "-")), let day = c.number(fixed: layout.fixedWidth)
        else { return nil }
        var clock = (hour: Int64(0), minute: Int64(0), second: Int64(0), nano: Int64(0))
        var offset: Int64 = 0
        if let sep = layout.separator {
            guard c.separator(sep), let parsed = c.clock(fixed: layout.fixedWidth) else { return nil }
            clock = parsed
            if layout.hasZone {
                guard let z = c.zone() else { return nil }
                offset = z
            }
        }
        // Go validates the day against the month only after the whole value is consumed.
        guard c.rest.isEmpty, day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        let local = days * 86_400 + clock.hour * 3600 + clock.minute * 60 + clock.second
        return GoTime(unixSeconds: local - offset, nanosecond: Int32(clock.nano), utcOffset: Int32(offset))
    }

    /// The unparsed rest of the value and Go's element readers over it.
    struct Cursor {
        var rest: ArraySlice<UInt8>

        init(bytes: ArraySlice<UInt8>) { rest = bytes }

        func isDigit(_ i: Int) -> Bool {
            rest.count > i && GoStrconv.isDigit(rest[rest.startIndex + i])
        }

        // stdLongYear: four bytes through Go's atoi, which allows a sign ("+024").
        mutating func year() -> Int64? {
            guard rest.count >= 4 else { return nil }
            let field = rest.prefix(4)
            rest = rest.dropFirst(4)
            var body = field[...]
            let negative = body.first == UInt8(ascii: "-")
            if negative || body.first == UInt8(ascii: "+") { body = body.dropFirst() }
            guard !body.isEmpty, body.allSatisfy(GoStrconv.isDigit) else { return nil }
            let value = body.reduce(Int64(0)) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
            return negative ? -value : value
        }

        // Go's skip() for a literal byte of the layout.
        mutating func literal(_ b: UInt8) -> Bool {
            guard rest.first == b else { return false }
            rest = rest.dropFirst()
            return true
        }

        // Go's skip() for the layout's space: the value must start with a space (or be empty),
        // then runs of spaces on both sides are cut, so "2024-01-02   10:00:00" parses.
        mutating func separator(_ sep: UInt8) -> Bool {
            guard sep == UInt8(ascii: " ") else { return literal(sep) }
            if let f = rest.first, f != sep { return false }
            while rest.first == sep { rest = rest.dropFirst() }
            return true
        }

        // Go's getnum(s, fixed): one digit, or two when a second follows (two required if fixed).
        mutating func number(fixed: Bool) -> Int64? {
            guard isDigit(0) else { return nil }
            let first = Int64(rest[rest.startIndex] - UInt8(ascii: "0"))
            guard isDigit(1) else {
                if fixed { return nil }
                rest = rest.dropFirst()
                return first
            }
            let second = Int64(rest[rest.startIndex + 1] - UInt8(ascii: "0"))
            rest = rest.dropFirst(2)
            return first * 10 + second
        }

        // "15:4:5" or "15:04:05" with Go's range checks (hour < 24, minute and second < 60;
        // the hour is never fixed-width), then an optional fraction.
        mutating func clock(fixed: Bool) -> (hour: Int64, minute: Int64, second: Int64, nano: Int64)? {
            guard let hour = number(fixed: false), hour < 24, literal(UInt8(ascii: ":")),
                let minute = number(fixed: fixed), minute < 60, literal(UInt8(ascii: ":")),
                let second = number(fixed: fixed), second < 60
            else { return nil }
            return (hour, minute, second, fraction())
        }

        // stdFracSecond9 and the stdSecond special case agree: '.' or ',' then a digit starts
        // a fraction that takes every following digit; parseNanoseconds keeps the first nine.
        mutating func fraction() -> Int64 {
            guard let f = rest.first, f == UInt8(ascii: ".") || f == UInt8(ascii: ","), isDigit(1) else { return 0 }
            rest = rest.dropFirst()
            let digits = rest.prefix { GoStrconv.isDigit($0) }
            rest = rest.dropFirst(digits.count)
            var nano: Int64 = 0
            for i in 0..<9 {
                let d = i < digits.count ? Int64(digits[digits.startIndex + i] - UInt8(ascii: "0")) : 0
                nano = nano * 10 + d
            }
            return nano
        }

        // stdISO8601ColonTZ: 'Z', or sign hh ':' mm with Go's lenient checks (hh <= 24,
        // mm <= 60, "as some people do write offsets of 24 hours or 60 minutes").
        mutating func zone() -> Int64? {
            if literal(UInt8(ascii: "Z")) { return 0 }
            guard rest.count >= 6, rest[rest.startIndex + 3] == UInt8(ascii: ":") else { return nil }
            let sign = rest[rest.startIndex]
            rest = rest.dropFirst()
            guard let hh = number(fixed: true), literal(UInt8(ascii: ":")), let mm = number(fixed: true),
                hh <= 24, mm <= 60, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-")
            else { return nil }
            let offset = (hh * 60 + mm) * 60
            return sign == UInt8(ascii: "-") ? -offset : offset
        }
    }
}
