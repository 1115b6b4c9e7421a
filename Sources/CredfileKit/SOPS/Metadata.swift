internal import CredfileYAML

/// The `sops:` block of an encrypted file (sops-format.md §4).
///
/// Readers must not depend on key order (sops 3.13 sorts the keys) and must ignore unknown
/// keys; `lastmodified` and `version` are required; at most one selection rule may appear.
public struct SOPSMetadata: Sendable {
    /// One age recipient and its armored, wrapped copy of the data key.
    public struct AgeKey: Sendable, Equatable {
        public var recipient: String
        public var enc: String
        /// Where the two values are, for key-less diagnostics.
        var recipientPosition: SourcePosition?
        var encPosition: SourcePosition?
    }

    /// One AWS KMS key and its wrapped copy of the data key (`kms/keysource.go`, `ToMap`).
    public struct KMSKey: Sendable, Equatable {
        public var key: KMSMasterKey
        /// `created_at` as written (sops uses it only to suggest rotation after six months).
        public var createdAt: String
        /// The base64 `CiphertextBlob` KMS returned for the data key.
        public var enc: String
        var arnPosition: SourcePosition?
        var encPosition: SourcePosition?
    }

    public var age: [AgeKey]
    /// `sops.kms`, in file order.
    public var kms: [KMSKey]
    /// `lastmodified` exactly as written.
    public var lastModified: String
    /// The raw `mac` token, if present.
    public var mac: String?
    public var rule: EncryptionRule
    public var macOnlyEncrypted: Bool
    public var version: String
    /// Key sources other than age and KMS that hold entries (`pgp`, `gcp_kms` …): credfile
    /// cannot use them.
    public var otherKeySources: [String]
    /// Where `lastmodified` and `mac` are, so an update rewrites only those bytes.
    var lastModifiedRange: SourceRange
    var macRange: SourceRange?
    /// Where the selection rule's key is (nil when the file names none and sops's default applies).
    var rulePosition: SourcePosition?

    /// Every master key by its public name: KMS keys (`ARN[+ROLE]`), then age recipients, as
    /// messages, `list` and the review form name them.
    public var recipientNames: [String] { kms.map(\.key.description) + age.map(\.recipient) }

    static let otherSourceKeys = ["gcp_kms", "azure_kv", "hc_vault", "pgp", "hckms"]
    static let commentRuleKeys = ["unencrypted_comment_regex", "encrypted_comment_regex"]
}

extension SOPSMetadata {
    /// Parses the value of the top-level `sops` key.
    init(parsing node: YAMLNode) throws {
        guard let entries = node.mapping else { throw Self.error("'sops' must be a mapping", node) }
        func scalar(_ key: String) throws -> (String, SourceRange)? {
            guard let value = entries.first(where: { $0.key == key })?.value else { return nil }
            guard let s = value.scalar else { throw Self.error("'sops.\(key)' must be a scalar", value) }
            return (s.value, value.range)
        }
        if let groups = node["key_groups"], groups.sequence?.isEmpty == false {
            throw CredfileError(
                .unsupported, "shamir key groups ('sops.key_groups') are not supported", at: groups.range.start,
                hints: ["re-encrypt the file with a single group of age recipients"])
        }
        age = try Self.parseAge(node["age"])
        kms = try Self.parseKMS(node["kms"])
        otherKeySources = Self.otherSourceKeys.filter { key in
            guard let value = node[key] else { return false }
            return value.sequence.map { !$0.isEmpty } ?? true
        }
        guard let (modified, modifiedRange) = try scalar("lastmodified") else {
            throw Self.error("'sops.lastmodified' is missing", node)
        }
        guard GoTime(rfc3339: modified) != nil else {
            throw CredfileError(.malformedSOPS, "'sops.lastmodified' is not an RFC 3339 time", at: modifiedRange.start)
        }
        lastModified = modified
        lastModifiedRange = modifiedRange
        let macEntry = try scalar("mac")
        mac = macEntry?.0
        macRange = macEntry?.1
        rule = try Self.parseRule(entries)
        rulePosition = entries.first { EncryptionRule.Kind(rawValue: $0.key) != nil }?.keyRange.start
        macOnlyEncrypted = try Self.parseBool(node["mac_only_encrypted"])
        guard let (version, versionRange) = try scalar("version") else {
            throw Self.error("'sops.version' is missing", node)
        }
        guard Self.isSemanticVersion(version) else {
            throw CredfileError(.malformedSOPS, "'sops.version' must be MAJOR.MINOR.PATCH", at: versionRange.start)
        }
        self.version = version
        if age.isEmpty && kms.isEmpty && otherKeySources.isEmpty {
            throw Self.error("no keys found in 'sops' (no age recipients, no KMS keys)", node)
        }
    }

    /// More recipients than any team has; a bound keeps a hostile file from making every
    /// decryption try thousands of X25519 unwraps.
    static let maxRecipients = 256

    private static func parseAge(_ node: YAMLNode?) throws -> [AgeKey] {
        guard let node else { return [] }
        if node.scalar?.value == "" { return [] }
        guard let items = node.sequence else { throw error("'sops.age' must be a list", node) }
        guard items.count <= maxRecipients else {
            throw error("'sops.age' lists more than \(maxRecipients) recipients", node)
        }
        return try items.map { item in
            guard let recipient = item["recipient"], let enc = item["enc"], let r = recipient.scalar?.value,
                let e = enc.scalar?.value
            else {
                throw error("each 'sops.age' entry needs 'recipient' and 'enc'", item)
            }
            return AgeKey(recipient: r, enc: e, recipientPosition: recipient.range.start, encPosition: enc.range.start)
        }
    }

    /// `sops.kms`: each entry a mapping with `arn` and `enc` (the shape of both is checked by
    /// key-less `validate`, not here, so a damaged entry is a diagnostic and not a parse
    /// failure); `role`, `context`, `created_at` and `aws_profile` optional.
    private static func parseKMS(_ node: YAMLNode?) throws -> [KMSKey] {
        guard let node else { return [] }
        if node.scalar?.value == "" { return [] }
        guard let items = node.sequence else { throw error("'sops.kms' must be a list", node) }
        guard items.count <= maxRecipients else {
            throw error("'sops.kms' lists more than \(maxRecipients) keys", node)
        }
        return try items.map(parseKMSEntry)
    }

    private static func parseKMSEntry(_ item: YAMLNode) throws -> KMSKey {
        func text(_ key: String) throws -> String? {
            guard let value = item[key] else { return nil }
            guard let scalar = value.scalar, case .string(let text) = YAMLResolver.resolve(scalar) else {
                throw error("'sops.kms' entry: '\(key)' must be a string", value)
            }
            return text
        }
        guard item.mapping != nil, let arnNode = item["arn"], let encNode = item["enc"], let arn = try text("arn"),
            let enc = try text("enc")
        else {
            throw error("each 'sops.kms' entry needs 'arn' and 'enc'", item)
        }
        var context: [String: String] = [:]
        if let contextNode = item["context"], contextNode.scalar?.value != "" {
            guard let entries = contextNode.mapping else { throw error("'sops.kms' entry: 'context' must be a mapping", contextNode) }
            for entry in entries {
                // A string, not null, a number or a boolean: sops 3.11 dereferences a nil
                // context value and crashes, so such a file would stop a KMS-only deploy.
                guard let scalar = entry.value.scalar, case .string(let value) = YAMLResolver.resolve(scalar) else {
                    throw error("'sops.kms' entry: each 'context' value must be a string", entry.value)
                }
                context[entry.key] = value
            }
        }
        let role = try text("role").flatMap { $0.isEmpty ? nil : $0 }
        let key = KMSMasterKey(arn: arn, role: role, context: context, profile: try text("aws_profile") ?? "")
        return KMSKey(
            key: key, createdAt: try text("created_at") ?? "", enc: enc, arnPosition: arnNode.range.start,
            encPosition: encNode.range.start)
    }

    private static func parseRule(_ entries: [YAMLMappingEntry]) throws -> EncryptionRule {
        if let comment = entries.first(where: { commentRuleKeys.contains($0.key) }) {
            throw CredfileError(
                .unsupported, "'sops.\(comment.key)' (comment-based selection) is not supported",
                at: comment.keyRange.start)
        }
        // As sops 3.11: a rule key with an empty value is no rule (`unencrypted_suffix: ""` is
        // the default suffix), and only non-empty ones count towards "more than one".
        let found = entries.filter { EncryptionRule.Kind(rawValue: $0.key) != nil && $0.value.scalar?.value != "" }
        guard found.count <= 1 else {
            throw CredfileError(
                .malformedSOPS, "'sops' names more than one selection rule", at: found[1].keyRange.start)
        }
        guard let entry = found.first else { return .sopsDefault }
        guard let pattern = entry.value.scalar?.value else { throw error("'sops.\(entry.key)' must be a string", entry.value) }
        do {
            return try EncryptionRule(EncryptionRule.Kind(rawValue: entry.key)!, pattern)
        } catch var error as CredfileError {
            // Point at the pattern: the rule's own error cannot know where the file holds it.
            if error.position == nil { error.position = entry.value.range.start }
            throw error
        }
    }

    private static func parseBool(_ node: YAMLNode?) throws -> Bool {
        guard let node else { return false }
        guard let scalar = node.scalar, case .bool(let b) = YAMLResolver.resolve(scalar) else {
            throw error("'sops.mac_only_encrypted' must be true or false", node)
        }
        return b
    }

    /// sops 3.11 parses `version` as a SemVer 2.0 version with an optional leading `v`
    /// (checked against the binary): `3.11.0-swift`, `v3.11.0`, `3.11.0+meta` and
    /// `3.11.0-rc.1+b.2` are accepted; `3.9`, `V3.11.0`, `03.011.00` (leading zeros),
    /// `3.11.0-01`, `3.11.0-`, `3.11.0+` and `3.11.0-x_y` are not.
    static func isSemanticVersion(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.hasPrefix("v") { rest = rest.dropFirst() }
        let identifier = { (s: Substring) in
            !s.isEmpty && s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
        }
        let numeric = { (s: Substring) in !s.isEmpty && s.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }
        let noLeadingZero = { (s: Substring) in s == "0" || !s.hasPrefix("0") }
        if let plus = rest.firstIndex(of: "+") {
            let build = rest[rest.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false)
            guard build.allSatisfy(identifier) else { return false }
            rest = rest[..<plus]
        }
        if let dash = rest.firstIndex(of: "-") {
            let pre = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false)
            guard pre.allSatisfy({ identifier($0) && (!numeric($0) || noLeadingZero($0)) }) else { return false }
            rest = rest[..<dash]
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        return core.count == 3 && core.allSatisfy { numeric($0) && noLeadingZero($0) }
    }

    private static func error(_ message: String, _ node: YAMLNode) -> CredfileError {
        CredfileError(.malformedSOPS, message, at: node.range.start)
    }
}

extension SOPSMetadata {
    /// The version credfile writes: the sops release it is tested against (DESIGN.md §2.3).
    public static let writtenVersion = "3.11.0"

    /// The whole `sops:` entry in the layout sops 3.11 emits (4-space indent, §4.2), ending
    /// with a newline. `mac` is written as given.
    static func render(
        kms: [KMSKey] = [], age: [AgeKey], lastModified: String, mac: String, rule: EncryptionRule, macOnlyEncrypted: Bool
    ) -> String {
        var out = "sops:\n"
        out += renderKMS(kms, indent: 4)
        if !age.isEmpty { out += renderAge(age, indent: 4) }
        out += "    lastmodified: \"\(lastModified)\"\n"
        out += "    mac: \(mac)\n"
        out += "    \(rule.kind.rawValue): \(YAMLScalarWriter.string(rule.pattern))\n"
        if macOnlyEncrypted { out += "    mac_only_encrypted: true\n" }
        out += "    version: \(writtenVersion)\n"
        return out
    }
}
