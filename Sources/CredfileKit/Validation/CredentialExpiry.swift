internal import CredfileYAML

/// When a credential's secret expires: the earliest date among its type's `expiry: true`
/// fields (`secret_expires`), and how many days are left. `list`, `show`, `export` and `exec`
/// read it to say "expired" or "expires in N days"; `validate` reports the same dates as
/// `secret.expired` / `secret.expires-soon`.
public struct CredentialExpiry: Sendable, Equatable {
    /// The expiry field the date comes from.
    public var field: String
    /// The date as written in credentials: `YYYY-MM-DD`.
    public var date: String
    /// Days from today (UTC) to the date: negative once it has passed, 0 on the day itself.
    public var daysLeft: Int

    /// The earliest readable expiry date among `schema`'s expiry fields in `values`.
    public static func earliest(schema: CredentialSchema?, values: [String: SOPSValue], today: Int = today) -> CredentialExpiry? {
        let dates = schema?.fields.filter(\.isExpiry).compactMap { field -> CredentialExpiry? in
            guard let value = values[field.name], let d = FieldSpec.parseDate(value) else { return nil }
            let days = CredentialCalendar.civilDays(year: d.year, month: d.month, day: d.day)
            let text = "\(pad(d.year, 4))-\(pad(d.month, 2))-\(pad(d.day, 2))"
            return CredentialExpiry(field: field.name, date: text, daysLeft: days - today)
        } ?? []
        return dates.min { $0.daysLeft < $1.daysLeft }
    }

    /// Today as days since 1970-01-01, UTC.
    public static var today: Int { Int(GoTime.now().unixSeconds / 86_400) }

    /// Whether the date has passed.
    public var isExpired: Bool { daysLeft < 0 }

    /// Whether the date is within `days` (and not passed): what `validate` warns about.
    public func isNear(within days: Int = ValidationOptions().expiryWarningDays) -> Bool {
        !isExpired && daysLeft <= days
    }

    /// "expired 3 days ago", "expires today", "expires in 12 days".
    public var status: String {
        switch daysLeft {
        case ..<0: return "expired \(Self.days(-daysLeft)) ago"
        case 0: return "expires today"
        default: return "expires in \(Self.days(daysLeft))"
        }
    }

    static func days(_ count: Int) -> String { count == 1 ? "1 day" : "\(count) days" }

    private static func pad(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
