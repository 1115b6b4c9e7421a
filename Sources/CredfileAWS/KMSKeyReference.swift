/// One AWS KMS master key as sops records it in `sops.kms[]`: the key ARN, an optional role to
/// assume first, the encryption context and the shared-config profile.
public struct KMSKeyReference: Sendable, Hashable {
    /// `arn:aws:kms:REGION:ACCOUNT:key/ID` or `arn:aws:kms:REGION:ACCOUNT:alias/NAME` (also the
    /// other partitions, `arn:aws-cn:…`, `arn:aws-us-gov:…`).
    public var arn: String
    /// A role ARN to assume through STS before calling KMS (sops's `role`).
    public var role: String?
    /// The encryption context (sops's `context`), sent with both Encrypt and Decrypt.
    public var context: [String: String]
    /// The shared-config profile to take credentials from (sops's `aws_profile`).
    public var profile: String?

    /// A reference; nothing is checked until used (see `isValidARN`).
    public init(arn: String, role: String? = nil, context: [String: String] = [:], profile: String? = nil) {
        self.arn = arn
        self.role = role
        self.context = context
        self.profile = profile
    }

    /// The region, parsed from the ARN exactly as sops does (its `arnRegex` group 1); nil when
    /// the ARN does not have sops's shape. sops sends every call for the key to this region,
    /// whatever AWS_REGION says (kms/keysource.go, createKMSConfig: `lo.Region = region`).
    public var region: String? { Self.parse(arn) }

    /// Whether `text` has the shape sops accepts: sops 3.11 kms/keysource.go
    /// `arnRegex = ^arn:aws[\w-]*:kms:(.+):[0-9]+:(key|alias)/.+$` (Go RE2: `.` excludes
    /// line feeds, `(.+)` is greedy so the region runs to the last `:ACCOUNT:key/` split).
    public static func isValidARN(_ text: String) -> Bool { parse(text) != nil }

    /// The region group of sops's `arnRegex`, or nil when it does not match.
    static func parse(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard !bytes.contains(UInt8(ascii: "\n")), bytes.starts(with: Array("arn:aws".utf8)) else { return nil }
        var index = 7
        // [\w-]* : the rest of the partition name
        while index < bytes.count, isWordOrDash(bytes[index]) { index += 1 }
        let kms = Array(":kms:".utf8)
        guard bytes[index...].starts(with: kms) else { return nil }
        let regionStart = index + kms.count
        // Greedy (.+): try the latest split first.
        var split = bytes.count - 1
        while split > regionStart {
            if bytes[split] == UInt8(ascii: ":"), matchesTail(bytes[(split + 1)...]) {
                return String(decoding: bytes[regionStart..<split], as: UTF8.self)
            }
            split -= 1
        }
        return nil
    }

    /// `[0-9]+:(key|alias)/.+`
    private static func matchesTail(_ tail: ArraySlice<UInt8>) -> Bool {
        let digits = tail.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard !digits.isEmpty else { return false }
        let rest = tail.dropFirst(digits.count)
        for kind in [":key/", ":alias/"] where rest.starts(with: Array(kind.utf8)) {
            return rest.count > kind.utf8.count
        }
        return false
    }

    /// RE2's `\w` (ASCII letters, digits, underscore) or `-`.
    private static func isWordOrDash(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}
