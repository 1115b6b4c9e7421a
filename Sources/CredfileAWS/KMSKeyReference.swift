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

    /// The region, parsed from the ARN; nil unless the ARN passes `isValidARN`. sops sends every
    /// call for the key to this region, whatever AWS_REGION says (kms/keysource.go,
    /// createKMSConfig: `lo.Region = region`).
    public var region: String? { Self.parse(arn) }

    /// Whether `text` is a KMS key ARN credfile will send a request for. Stricter than sops's
    /// `arnRegex` (`^arn:aws[\w-]*:kms:(.+):[0-9]+:(key|alias)/.+$`) on purpose: the region
    /// becomes the host name (`kms.REGION.amazonaws.com`), and the ARN comes from a file a
    /// branch author without a key can edit, so `x@evil.example#` must not pass. Partition one
    /// of AWS's, region `[a-z]{2}(-[a-z]+)+-[0-9]+`, account 12 digits, `key/ID` (letters,
    /// digits, `-`) or `alias/NAME` (letters, digits, `/_-`).
    public static func isValidARN(_ text: String) -> Bool { parse(text) != nil }

    /// The region of a valid ARN, or nil.
    static func parse(_ text: String) -> String? {
        let fields = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn", partitions.contains(String(fields[1])), fields[2] == "kms",
            isRegion(fields[3]), fields[4].count == 12, fields[4].allSatisfy(\.isASCIIDigit)
        else { return nil }
        let resource = fields[5]
        if resource.hasPrefix("key/") {
            let id = resource.dropFirst(4)
            guard !id.isEmpty, id.count <= 256, id.allSatisfy({ $0.isASCIILetterOrDigit || $0 == "-" }) else { return nil }
        } else if resource.hasPrefix("alias/") {
            let name = resource.dropFirst(6)
            guard !name.isEmpty, name.count <= 256, name.allSatisfy({ $0.isASCIILetterOrDigit || "/_-".contains($0) }) else { return nil }
        } else {
            return nil
        }
        return String(fields[3])
    }

    /// AWS's partitions.
    static let partitions: Set<String> = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]

    /// `[a-z]{2}(-[a-z]+)+-[0-9]+`: `eu-west-1`, `us-gov-west-1`, `us-isob-east-1`.
    static func isRegion(_ text: Substring) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].count == 2, parts.dropLast().allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIILowercase) }),
            let last = parts.last, !last.isEmpty, last.count <= 3, last.allSatisfy(\.isASCIIDigit)
        else { return false }
        return true
    }

    /// `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME` (IAM's role-name characters `\w+=,.@-`).
    public static func isValidRoleARN(_ text: String) -> Bool {
        let fields = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn", partitions.contains(String(fields[1])), fields[2] == "iam", fields[3].isEmpty,
            fields[4].count == 12, fields[4].allSatisfy(\.isASCIIDigit), fields[5].hasPrefix("role/"), fields[5].count > 5,
            fields[5].count <= 600
        else { return false }
        return fields[5].allSatisfy { $0.isASCIILetterOrDigit || "_+=,.@/-".contains($0) }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILowercase: Bool { isASCII && isLowercase }
    var isASCIILetterOrDigit: Bool { isASCII && (isLetter || isNumber) }
}
