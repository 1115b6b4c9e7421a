internal import CredfileAge
internal import CredfileYAML
#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

extension RecipientsChange {
    /// Adds or removes the recipient in the `age:` (or `kms:`) of the creation rule that
    /// applies to `credentials/` — of its key group when it has one, since sops then ignores
    /// the rule's own lists — rewriting only that value (comments and everything else stay).
    /// Returns the config's path when it changed; nil when there is none or nothing changed.
    /// `sample` is a credential file (the rule is the one for it), read once for the run.
    func updateConfig(sample file: URL?) throws -> String? {
        let location = update.location
        guard let url = location.repository.sopsConfigURL else { return nil }
        let config = try SOPSConfig(contentsOf: url)
        let sample = file ?? location.directory.appendingPathComponent("example.yaml")
        guard let index = try ruleIndex(config, for: sample) else { return nil }
        let current = config.rules[index].kms.map(Recipient.kms) + (try config.rules[index].age.map(Self.parse)).map(Recipient.age)
        guard let wanted = try newSet(current, path: location.display(url)) else {
            return nil
        }
        let source = try FileIO.read(url)
        let document: YAMLDocument
        do {
            document = try YAMLLoader.load(source)
        } catch let error as YAMLError {
            throw CredfileError(.config, error.message, path: location.display(url), at: error.position)
        }
        guard let rule = document.root["creation_rules"]?.sequence?[index] else { return nil }
        let group = rule["key_groups"]?.sequence?.first
        let container = group ?? rule
        let edit: TextEdit
        switch recipient {
        case .age:
            edit = try Self.ageEdit(container, recipients: Recipient.ages(wanted).map(\.description), source: source, path: location.display(url))
        case .kms:
            edit = try Self.kmsEdit(
                container, keys: Recipient.kmsKeys(wanted), inGroup: group != nil, source: source, path: location.display(url))
        }
        try FileIO.writeAtomically(try TextEdit.apply([edit], to: source), to: url)
        return location.display(url)
    }

    private static func parse(_ text: String) throws -> AgeRecipient {
        do {
            return try AgeRecipient(parsing: text)
        } catch {
            throw CredfileError(.config, "a recipient in .sops.yaml is not an age recipient (age1…) or ssh public key")
        }
    }

    /// The index of the first rule sops would apply to `file` (the same test as
    /// `SOPSConfig.rule(for:)`, which returns the rule but not where it is).
    private func ruleIndex(_ config: SOPSConfig, for file: URL) throws -> Int? {
        for (index, rule) in config.rules.enumerated() {
            guard let match = try config.rule(for: file) else { return nil }
            if rule.pathRegex == match.pathRegex && rule.age == match.age && rule.kms == match.kms { return index }
        }
        return nil
    }

    /// The new `kms:` value. In a key group it is a list of `arn`/`role`/`context` mappings,
    /// rewritten whole; in a rule, `ARN[+ROLE]` strings in the form `age:` takes.
    static func kmsEdit(_ container: YAMLNode, keys: [KMSMasterKey], inGroup: Bool, source: [UInt8], path: String) throws -> TextEdit {
        guard inGroup else { return try ageEdit(container, key: "kms", recipients: keys.map(\.description), source: source, path: path) }
        guard let entries = container.mapping, let last = entries.last else {
            throw CredfileError(.config, "a key group must be a mapping", path: path, at: container.range.start)
        }
        let existing = entries.first { $0.key == "kms" }
        let column = (existing?.keyRange.start.column ?? last.keyRange.start.column) - 1
        let pad = String(repeating: " ", count: column)
        var text = "kms:"
        for key in keys {
            text += "\n\(pad)  - arn: \(YAMLScalarWriter.string(key.arn))"
            if let role = key.role { text += "\n\(pad)    role: \(YAMLScalarWriter.string(role))" }
            if !key.context.isEmpty {
                text += "\n\(pad)    context:"
                for (name, value) in key.context.sorted(by: { $0.key < $1.key }) {
                    text += "\n\(pad)      \(YAMLScalarWriter.key(name)): \(YAMLScalarWriter.string(value))"
                }
            }
            if !key.profile.isEmpty { text += "\n\(pad)    aws_profile: \(YAMLScalarWriter.string(key.profile))" }
        }
        if keys.isEmpty { text += " []" }
        guard let existing else {
            let at = last.value.range.end.offset
            return TextEdit(range: at..<at, replacement: Array("\n\(pad)\(text)".utf8))
        }
        return TextEdit(range: existing.keyRange.start.offset..<existing.value.range.end.offset, replacement: Array(text.utf8))
    }

    /// The new `age:` value in the form it was written: a comma-separated string stays one,
    /// a block list stays a block list (one `- age1…` line each), a flow list a flow list.
    static func ageEdit(_ rule: YAMLNode, key: String = "age", recipients: [String], source: [UInt8], path: String) throws -> TextEdit {
        guard let entries = rule.mapping else {
            throw CredfileError(.config, "each creation rule must be a mapping", path: path, at: rule.range.start)
        }
        guard let entry = entries.first(where: { $0.key == key }) else {
            let last = entries.last!
            let indent = String(repeating: " ", count: last.keyRange.start.column - 1)
            let at = last.value.range.end.offset
            let value = recipients.allSatisfy { YAMLScalarWriter.isPlainSafe($0) && !$0.contains(",") }
                ? recipients.joined(separator: ",")
                : "[" + recipients.map(YAMLScalarWriter.doubleQuoted).joined(separator: ", ") + "]"
            return TextEdit(range: at..<at, replacement: Array("\n\(indent)\(key): \(value)".utf8))
        }
        let value = entry.value
        let text: String
        // Each recipient as a YAML token: plain when safe (every age1… key, most ssh keys), else
        // quoted, so an ssh comment with `: ` or ` #` cannot change what the file says.
        let flowSafe = { (r: String) in YAMLScalarWriter.isPlainSafe(r) && !r.contains(where: { ",[]{}".contains($0) }) }
        let flowToken = { (r: String) in flowSafe(r) ? r : YAMLScalarWriter.doubleQuoted(r) }
        if value.sequence != nil && !value.startsFlow(in: source) {
            let indent = String(repeating: " ", count: value.range.start.column - 1)
            text = recipients.map { "- \(YAMLScalarWriter.string($0))" }.joined(separator: "\n\(indent)")
        } else if value.sequence != nil || !recipients.allSatisfy(flowSafe) {
            // A comma-separated string cannot hold a recipient with a comma or one that needs quoting.
            text = "[" + recipients.map(flowToken).joined(separator: ", ") + "]"
        } else {
            // sops splits this string on commas; no spaces, as `sops` itself would write it.
            text = recipients.joined(separator: ",")
        }
        return TextEdit(range: value.range.byteRange, replacement: Array(text.utf8))
    }
}
