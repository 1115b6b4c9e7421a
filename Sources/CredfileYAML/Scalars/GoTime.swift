#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A Go `time.Time` as far as sops needs it: the instant and its fixed UTC offset.
///
/// Equality and hashing include the offset, because Go formats the same instant differently
/// in different zones and sops hashes the formatted text.
public struct GoTime: Sendable, Hashable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var unixSeconds: Int64
    /// Nanoseconds within the second, 0 ..< 1_000_000_000.
    public var nanosecond: Int32
    /// The zone's offset east of UTC, in seconds.
    public var utcOffset: Int32

    /// A time from its parts; `nanosecond` must be in 0 ..< 1_000_000_000.
    public init(unixSeconds: Int64, nanosecond: Int32 = 0, utcOffset: Int32 = 0) {
        self.unixSeconds = unixSeconds
        self.nanosecond = nanosecond
        self.utcOffset = utcOffset
    }

    /// `time.UnmarshalText` (sops decrypt of `type:time`, and the `lastmodified` field): Go
    /// falls back to `time.Parse(time.RFC3339, …)` with its strict checks disabled, so a
    /// 1-digit hour and a `,` fraction pass; a zone (`Z` or ±hh:mm) is required.
    public init?(rfc3339 text: String) {
        guard let t = GoTimeParser.parse(Array(text.utf8), layout: .rfc3339) else { return nil }
        self = t
    }

    /// `time.Format(time.RFC3339Nano)`: `2006-01-02T15:04:05.999999999Z07:00`, fraction with
    /// trailing zeros trimmed (absent when zero), `Z` for offset 0.
    public var rfc3339Nano: String { format(fraction: true) }

    /// `time.Format(time.RFC3339)`: seconds, no fraction. sops rebuilds the `lastmodified` AAD
    /// this way (sops-format.md §3.4).
    public var rfc3339: String { format(fraction: false) }

    /// `time.MarshalText`: the RFC 3339 nano text, or nil where Go returns an error (year
    /// outside 0…9999, or an offset of 24 hours or more, e.g. from `+24:00`) and sops fails.
    public var marshalText: String? {
        let c = civil
        guard c.year >= 0, c.year <= 9999, abs(Int(utcOffset)) / 3600 < 24 else { return nil }
        return rfc3339Nano
    }

    /// The current time in UTC, seconds precision (for writing `lastmodified`).
    public static func now() -> GoTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return GoTime(unixSeconds: Int64(ts.tv_sec))
    }

    /// The wall-clock fields in the time's own zone.
    var civil: (year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64) {
        let local = unixSeconds + Int64(utcOffset)
        let days = local.floorDiv(86_400)
        let secs = local - days * 86_400
        let (y, m, d) = CivilDate.fromDays(days)
        return (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60)
    }

    // Go's Time.Format for the two RFC 3339 layouts: appendInt pads the year to 4 digits, the
    // ".999999999" element trims trailing zeros, and "Z07:00" prints Z for a zero offset.
    private func format(fraction: Bool) -> String {
        let c = civil
        var out = Self.padded(c.year, 4) + "-" + Self.padded(c.month, 2) + "-" + Self.padded(c.day, 2)
        out += "T" + Self.padded(c.hour, 2) + ":" + Self.padded(c.minute, 2) + ":" + Self.padded(c.second, 2)
        if fraction, nanosecond != 0 {
            var digits = Array(Self.padded(Int64(nanosecond), 9).utf8)
            while digits.last == UInt8(ascii: "0") { digits.removeLast() }
            out += "." + String(decoding: digits, as: UTF8.self)
        }
        return out + zoneText
    }

    private var zoneText: String {
        if utcOffset == 0 { return "Z" }
        let minutes = Int64(abs(Int(utcOffset)) / 60)
        return (utcOffset < 0 ? "-" : "+") + Self.padded(minutes / 60, 2) + ":" + Self.padded(minutes % 60, 2)
    }

    // Go's appendInt(b, x, width): a '-' for negatives, then the magnitude zero-padded.
    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let pad = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + pad + digits
    }
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's days_from_civil), as Go's
/// `time.Date` uses; no Foundation Calendar in the hot path.
enum CivilDate {
    /// Days since 1970-01-01 of the given date.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDiv(400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of the given day count since 1970-01-01.
    static func fromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = z.floorDiv(146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Go's daysIn(month, year): February has 29 days in Gregorian leap years.
    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }
}

extension Int64 {
    /// Division rounding toward negative infinity (dates before 1970 need it).
    func floorDiv(_ d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
