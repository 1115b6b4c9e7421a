#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import CredfileYAML
internal import CredfileAge
internal import LinearRegex

/// `.sops.yaml`: the creation rules sops itself reads, so that credfile and sops agree on
/// recipients and on which fields are encrypted (DESIGN.md §2.5).
public struct SOPSConfig: Sendable {
    /// One entry of `creation_rules`.
    public struct CreationRule: Sendable {
        public var pathRegex: String?
        public var age: [String]
        /// AWS KMS keys (`kms:` as a comma-separated string or list with the rule's
        /// `aws_profile`, or a key group's `kms:` entries with their own role and context).
        public var kms: [KMSMasterKey] = []
        public var rule: EncryptionRule?
        public var macOnlyEncrypted: Bool
        /// Where `path_regex` is written, for a pattern too costly to search.
        public var pathRegexPosition: SourcePosition?
        /// Each recipient's label (`RecipientLabel`), by the text it is written as in `age`
        /// or `kms` (`ARN[+ROLE]`); only list items carry one.
        public var labels: [String: String] = [:]

        /// KMS keys (`ARN[+ROLE]`) then age recipients, as `SOPSMetadata.recipientNames`.
        public var recipientNames: [String] { kms.map(\.description) + age }

        /// The label of the entry that names the same key as `recipient` (an ssh key whatever
        /// its comment), if it has one.
        public func label(for recipient: Recipient) -> String? {
            for (text, label) in labels {
                let parsed = text.hasPrefix("arn:") ? try? Recipient(parsing: text) : (try? AgeRecipient(parsing: text)).map(Recipient.age)
                if let parsed, parsed.isSameKey(as: recipient) { return label }
            }
            return nil
        }
    }

    /// The file this came from.
    public var url: URL
    public var rules: [CreationRule]

    /// Finds `.sops.yaml` the way sops 3.11 does: from `directory` upwards.
    public static func find(from directory: URL) -> URL? {
        var dir = directory.standardizedFileURL
        while true {
            let candidate = dir.appendingPathComponent(".sops.yaml")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }

    /// Loads and checks a config file.
    public init(contentsOf url: URL) throws {
        // A branch may commit `.sops.yaml` as a link to a FIFO or a device: opening a FIFO
        // blocks for ever. Links are followed (sops follows them), but the target must be a
        // regular file before anything opens it.
        let target = url.resolvingSymlinksInPath().path
        guard (try? FileManager.default.attributesOfItem(atPath: target)[.type] as? FileAttributeType) == .typeRegular else {
            throw CredfileError(.config, "is not a regular file (a FIFO, a device or a directory); credfile does not read it", path: url.path)
        }
        try self.init(bytes: try FileIO.read(url), url: url)
    }

    /// Checks the text of a config file that lives at `url` (which anchors `path_regex`).
    public init(bytes: [UInt8], url: URL) throws {
        let display = url.path
        let document: YAMLDocument
        do {
            document = try YAMLLoader.load(bytes)
        } catch let error as YAMLError {
            throw CredfileError(.config, error.message, path: display, at: error.position)
        }
        self.url = url
        guard let list = document.root["creation_rules"]?.sequence else {
            throw CredfileError(.config, "'creation_rules' must be a list", path: display, at: document.root.range.start)
        }
        rules = try list.map { try Self.parseRule($0, path: display, source: bytes) }
    }

    /// The first rule whose `path_regex` matches `file`, whose path sops takes relative to
    /// the config's directory (checked against sops 3.11: `^credentials/` matches from any
    /// working directory).
    public func rule(for file: URL) throws -> CreationRule? {
        try ruleIndex(for: file).map { rules[$0] }
    }

    /// Where in `rules` the rule for `file` is (`rule(for:)`).
    public func ruleIndex(for file: URL) throws -> Int? {
        var compiled: [Int: LinearRegex] = [:]
        return try ruleIndex(for: file, compiled: &compiled)
    }

    /// The same for many files (`recipients list`), each pattern compiled once, when the
    /// search first reaches its rule.
    public func ruleIndexes(for files: [URL]) throws -> [Int?] {
        var compiled: [Int: LinearRegex] = [:]
        return try files.map { try ruleIndex(for: $0, compiled: &compiled) }
    }

    private func ruleIndex(for file: URL, compiled: inout [Int: LinearRegex]) throws -> Int? {
        let base = url.deletingLastPathComponent().standardizedFileURL.path + "/"
        var relative = file.standardizedFileURL.path
        if relative.hasPrefix(base) { relative.removeFirst(base.count) }
        for (index, rule) in rules.enumerated() {
            guard let pattern = rule.pathRegex else { return index }
            // Compiled here, not when the file is read: sops reports a bad path_regex only
            // when the search reaches its rule.
            let regex: LinearRegex
            if let known = compiled[index] {
                regex = known
            } else {
                do {
                    regex = try LinearRegex(pattern, dialect: .re2)
                } catch {
                    throw CredfileError(.config, "invalid 'path_regex' \(DisplayText.key(pattern)): \(error)", path: url.path)
                }
                compiled[index] = regex
            }
            var budget = PatternBudget.stepsPerFile
            guard let matched = regex.matches(relative, budget: &budget) else {
                throw CredfileError(
                    .config, "'path_regex' \(DisplayText.key(pattern)) is too costly to search (more than \(PatternBudget.stepsPerFile) steps)",
                    path: url.path, at: rule.pathRegexPosition)
            }
            if matched { return index }
        }
        return nil
    }

    private static func parseRule(_ node: YAMLNode, path: String, source: [UInt8]) throws -> CreationRule {
        guard node.mapping != nil else {
            throw CredfileError(.config, "each creation rule must be a mapping", path: path, at: node.range.start)
        }
        if let groups = node["key_groups"]?.sequence, groups.count > 1 {
            throw CredfileError(.config, "more than one key group (shamir) is not supported", path: path, at: node.range.start)
        }
        // As sops: a rule with key groups uses them only; its top-level `age` and `kms` are
        // ignored. One group is written flat (`sops.kms`, `sops.age`), as sops 3.11 writes it.
        let age: [String]
        let kms: [KMSMasterKey]
        if let group = node["key_groups"]?.sequence?.first {
            age = try recipients(group["age"], path: path)
            kms = try groupKMS(group["kms"], path: path)
        } else {
            age = try recipients(node["age"], path: path)
            let profile = try profileText(node["aws_profile"], path: path)
            kms = try recipients(node["kms"], path: path, key: "kms").enumerated().map { index, text in
                try kmsKey(text, profile: profile, index: index, at: node["kms"]?.range.start, path: path)
            }
        }
        let ruleKinds = EncryptionRule.Kind.allCases.filter { node[$0.rawValue] != nil }
        guard ruleKinds.count <= 1 else {
            throw CredfileError(.config, "a creation rule names more than one selection rule", path: path, at: node.range.start)
        }
        let rule = try ruleKinds.first.map { kind in
            try EncryptionRule(kind, node[kind.rawValue]?.scalar?.value ?? "")
        }
        let macOnly = node["mac_only_encrypted"]?.scalar.map { YAMLResolver.resolve($0) == .bool(true) } ?? false
        var result = CreationRule(
            pathRegex: node["path_regex"]?.scalar?.value, age: age, kms: kms, rule: rule, macOnlyEncrypted: macOnly,
            pathRegexPosition: node["path_regex"]?.range.start)
        result.labels = labels(node["key_groups"]?.sequence?.first ?? node, source: source)
        return result
    }

    /// The comments beside the items of `age:` and `kms:` lists: after a string item, or after
    /// a key group KMS entry's `arn`.
    private static func labels(_ container: YAMLNode, source: [UInt8]) -> [String: String] {
        var labels: [String: String] = [:]
        for key in ["age", "kms"] {
            for item in container[key]?.sequence ?? [] {
                if let scalar = item.scalar {
                    let text = scalar.value.trimmingWhitespace
                    labels[text] = RecipientLabel.comment(after: item.range.end.offset, in: source)
                } else if let arn = item["arn"], let text = arn.scalar?.value {
                    let role = item["role"]?.scalar?.value ?? ""
                    let name = role.isEmpty ? text : "\(text)+\(role)"
                    labels[name.replacing(" ", with: "")] = RecipientLabel.comment(after: arn.range.end.offset, in: source)
                }
            }
        }
        return labels
    }

    /// `aws_profile`: absent, or a string.
    private static func profileText(_ node: YAMLNode?, path: String) throws -> String {
        guard let node else { return "" }
        guard let text = node.scalar?.value else {
            throw CredfileError(.config, "'aws_profile' must be a string", path: path, at: node.range.start)
        }
        return text
    }

    /// One `ARN[+ROLE]` of a `kms:` string or list; not echoed when malformed.
    private static func kmsKey(
        _ text: String, profile: String, context: [String: String] = [:], index: Int, at position: SourcePosition?, path: String
    ) throws -> KMSMasterKey {
        do {
            return try KMSMasterKey(parsing: text, profile: profile, context: context)
        } catch let error as CredfileError {
            throw CredfileError(.config, "kms key #\(index + 1): \(error.message)", path: path, at: position)
        }
    }

    /// A key group's `kms:` list: mappings with `arn`, optional `role`, `context` (string
    /// values) and `aws_profile` (sops's `kmsKey` in `config/config.go`).
    private static func groupKMS(_ node: YAMLNode?, path: String) throws -> [KMSMasterKey] {
        guard let node else { return [] }
        guard let items = node.sequence else {
            throw CredfileError(.config, "a key group's 'kms' must be a list of mappings with 'arn'", path: path, at: node.range.start)
        }
        return try items.enumerated().map { index, item in
            guard let arn = item["arn"]?.scalar?.value else {
                throw CredfileError(.config, "kms key #\(index + 1) needs 'arn'", path: path, at: item.range.start)
            }
            var context: [String: String] = [:]
            for entry in item["context"]?.mapping ?? [] {
                guard let scalar = entry.value.scalar, case .string(let value) = YAMLResolver.resolve(scalar) else {
                    throw CredfileError(.config, "kms key #\(index + 1): each 'context' value must be a string", path: path, at: entry.value.range.start)
                }
                context[entry.key] = value
            }
            let role = item["role"]?.scalar?.value ?? ""
            return try kmsKey(
                role.isEmpty ? arn : "\(arn)+\(role)", profile: try profileText(item["aws_profile"], path: path), context: context,
                index: index, at: item.range.start, path: path)
        }
    }

    /// `age:` (or `kms:`) is a comma-separated string (whitespace and newlines allowed) or a list.
    private static func recipients(_ node: YAMLNode?, path: String, key: String = "age") throws -> [String] {
        guard let node else { return [] }
        if let text = node.scalar?.value {
            return text.split(separator: ",").map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
        }
        guard let items = node.sequence else {
            throw CredfileError(.config, "'\(key)' must be a string or a list", path: path, at: node.range.start)
        }
        return try items.map { item in
            guard let text = item.scalar?.value else {
                throw CredfileError(.config, "each item of '\(key)' must be a string", path: path, at: item.range.start)
            }
            return text.trimmingWhitespace
        }
    }
}
