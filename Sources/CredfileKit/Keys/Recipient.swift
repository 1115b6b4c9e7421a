public import CredfileAge
#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
internal import CredfileAWS

/// A master key that a file's data key is wrapped for: an age recipient (age's own X25519
/// keys and, as sops 3.11 stores them, ssh public keys — both in `sops.age`) or an AWS KMS
/// key (`sops.kms`). `encrypt`, `rotate`, `recipients` and `export --format flux` take these.
public enum Recipient: Sendable, Hashable, CustomStringConvertible {
    case age(AgeRecipient)
    case kms(KMSMasterKey)

    /// Parses a recipient as the user gives it: an AWS KMS key ARN (optionally
    /// `ARN+ROLE_ARN`, sops's `--kms` syntax), else an age or ssh recipient. The error repeats
    /// the input only when it looks like a public key (`named`): a secret key pasted by
    /// mistake must not reach a log.
    public init(parsing text: String, profile: String = "") throws {
        if text.hasPrefix("arn:") {
            self = .kms(try KMSMasterKey(parsing: text, profile: profile))
            return
        }
        do {
            self = .age(try AgeRecipient(parsing: text))
        } catch let error as AgeError {
            throw CredfileError(.usage, "\(Self.named(text)) is not an age, ssh or AWS KMS recipient: \(error.message)")
        }
    }

    /// How a message names a recipient the user gave (issue 16: not a placeholder): quoted
    /// when it has the form of a public key — `age1…`, an ssh public key, an ARN — so the user
    /// sees which argument is wrong; shortened past 80 characters. Anything else may be a
    /// secret key pasted where a recipient belongs (`AGE-SECRET-KEY-1…`, a private key file)
    /// and is not repeated: "the recipient".
    public static func named(_ text: String) -> String { quoted(text) ?? "the recipient" }

    /// `'age1…'` when `text` has the form of a public key, else nil (see `named`).
    public static func quoted(_ text: String) -> String? {
        let publicForms = ["age1", "ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-", "arn:"]
        guard publicForms.contains(where: text.hasPrefix), !text.uppercased().contains("SECRET"),
            text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F })
        else { return nil }
        return "'" + (text.count > 80 ? text.prefix(79) + "…" : text) + "'"
    }

    /// The form written to files and `.sops.yaml`: the age recipient, or the ARN (with
    /// `+ROLE` when a role is assumed).
    public var description: String {
        switch self {
        case .age(let recipient): recipient.description
        case .kms(let key): key.description
        }
    }

    /// Whether both name the same master key: the same age key (an ssh key whatever its
    /// comment, as `AgeRecipient.isSameKey` compares them), or the same KMS key and role
    /// (whatever the context or profile, which `recipients rm ARN` cannot name).
    public func isSameKey(as other: Recipient) -> Bool {
        switch (self, other) {
        case (.age(let a), .age(let b)): a.isSameKey(as: b)
        case (.kms(let a), .kms(let b)): a.arn == b.arn && a.role == b.role
        default: false
        }
    }

    /// The age recipients among `recipients`, in order.
    public static func ages(_ recipients: [Recipient]) -> [AgeRecipient] {
        recipients.compactMap { if case .age(let r) = $0 { r } else { nil } }
    }

    /// The KMS keys among `recipients`, in order.
    public static func kmsKeys(_ recipients: [Recipient]) -> [KMSMasterKey] {
        recipients.compactMap { if case .kms(let k) = $0 { k } else { nil } }
    }
}

/// An AWS KMS key as sops names one (`kms/keysource.go`): the key's ARN, an optional role to
/// assume through STS first, the encryption context bound to the wrapped key, and the
/// shared-config profile whose credentials are used.
public struct KMSMasterKey: Sendable, Hashable, CustomStringConvertible {
    public var arn: String
    public var role: String?
    /// The encryption context; KMS refuses to decrypt with any other, so it is part of the key.
    public var context: [String: String]
    /// sops's `aws_profile`; empty: the default credential chain.
    public var profile: String

    public init(arn: String, role: String? = nil, context: [String: String] = [:], profile: String = "") {
        self.arn = arn
        self.role = role
        self.context = context
        self.profile = profile
    }

    /// `ARN` or `ARN+ROLE_ARN` (sops's `--kms` and `.sops.yaml` `kms:` syntax). As sops
    /// (`kms/keysource.go`, `NewMasterKeyFromArn`): every space is removed, and the role starts
    /// at `+arn:` (an ARN path may hold `+` but never `:`).
    public init(parsing text: String, profile: String = "", context: [String: String] = [:]) throws {
        let compact = text.replacing(" ", with: "")
        var arn = compact
        var role: String?
        if let split = compact.firstRange(of: "+arn:"), split.lowerBound > compact.startIndex {
            arn = String(compact[..<split.lowerBound])
            role = String(compact[compact.index(after: split.lowerBound)...])
        }
        guard Self.isValidARN(arn) else {
            throw CredfileError(
                .usage, "\(Recipient.named(text)) is not an AWS KMS key ARN (expected arn:aws:kms:REGION:ACCOUNT:key/ID or alias/NAME)")
        }
        if let role, !Self.isValidRoleARN(role) {
            throw CredfileError(.usage, "the role after '+' is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)")
        }
        self.init(arn: arn, role: role, context: context, profile: profile)
    }

    /// `ARN` or `ARN+ROLE`.
    public var description: String { role.map { "\(arn)+\($0)" } ?? arn }

    /// The region the key lives in: sops sends the request there, whatever `AWS_REGION` says
    /// (`kms/keysource.go`, `createKMSConfig` takes it from the ARN).
    public var region: String? { KMSKeyReference(arn: arn).region }

    /// The shape key-less `validate` checks and every command requires: the one definition in
    /// `CredfileAWS` (`KMSKeyReference.isValidARN`), stricter than sops's `arnRegex` because the
    /// region becomes the host the signed request goes to.
    public static func isValidARN(_ text: String) -> Bool { KMSKeyReference.isValidARN(text) }

    /// `arn:PARTITION:iam::ACCOUNT:role/NAME`.
    public static func isValidRoleARN(_ text: String) -> Bool { KMSKeyReference.isValidRoleARN(text) }
}
