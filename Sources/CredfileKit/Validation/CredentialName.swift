/// Credential names: lowercase slugs, safe as file names, mapping to environment-variable
/// prefixes (`smtp-prod` → `SMTP_PROD`), DESIGN.md §3.
public enum CredentialName {
    /// The longest name accepted (a DNS label's length, and short enough for any filesystem).
    public static let maxLength = 63

    /// `^[a-z][a-z0-9]*([-_][a-z0-9]+)*$`: starts with a letter (an environment variable cannot
    /// start with a digit), single `-` or `_` between runs of letters and digits.
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= maxLength, isLower(first), let last = bytes.last,
            !isSeparator(last)
        else { return false }
        for (a, b) in zip(bytes, bytes.dropFirst()) {
            guard isLower(b) || isDigit(b) || isSeparator(b) else { return false }
            if isSeparator(a) && isSeparator(b) { return false }
        }
        return true
    }

    /// The environment-variable prefix: upper case, `-` → `_`.
    public static func environmentPrefix(_ name: String) -> String {
        String(name.uppercased().map { $0 == "-" ? "_" : $0 })
    }

    private static func isLower(_ c: UInt8) -> Bool { c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") }
    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    private static func isSeparator(_ c: UInt8) -> Bool { c == UInt8(ascii: "-") || c == UInt8(ascii: "_") }
}
