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
    /// the rule's own lists — rewriting only that entry (comments and everything else stay).
    /// An `add` of a recipient already there with a new `label` changes only its label.
    /// Returns the config's path when it changed; nil when there is none or nothing changed.
    /// `sample` is a credential file (the rule is the one for it), read once for the run.
    func updateConfig(sample file: URL?) throws -> String? {
        let location = update.location
        guard let url = location.repository.sopsConfigURL else { return nil }
        let config = try SOPSConfig(contentsOf: url)
        let sample = file ?? location.directory.appendingPathComponent("example.yaml")
        guard let index = try config.ruleIndex(for: sample) else { return nil }
        let rule = config.rules[index]
        let current = rule.kms.map(Recipient.kms) + (try rule.age.map(Self.parse)).map(Recipient.age)
        let wanted = try newSet(current, path: location.display(url))
        let relabel = action == .add && label != nil && rule.label(for: recipient) != label
        guard wanted != nil || relabel else { return nil }
        let source = try FileIO.read(url)
        let document: YAMLDocument
        do {
            document = try YAMLLoader.load(source)
        } catch let error as YAMLError {
            throw CredfileError(.config, error.message, path: location.display(url), at: error.position)
        }
        guard let node = document.root["creation_rules"]?.sequence?[index] else { return nil }
        let group = node["key_groups"]?.sequence?.first
        let list = RecipientListEdit(
            container: group ?? node, key: recipient.isKMS ? "kms" : "age", mappings: recipient.isKMS && group != nil, rule: rule,
            source: source, path: location.display(url))
        let kind = (wanted ?? current).filter { $0.isKMS == recipient.isKMS }
        let edits = try list.edits(action: relabel && wanted == nil ? .relabel : action == .add ? .add : .remove,
                                   recipient: recipient, label: label, wanted: kind)
        try FileIO.writeAtomically(try TextEdit.apply(edits, to: source), to: url)
        return location.display(url)
    }

    private static func parse(_ text: String) throws -> AgeRecipient {
        do {
            return try AgeRecipient(parsing: text)
        } catch {
            throw CredfileError(.config, "a recipient in .sops.yaml is not an age recipient (age1…) or ssh public key")
        }
    }
}

extension Recipient {
    /// An AWS KMS key rather than an age or ssh recipient.
    var isKMS: Bool { if case .kms = self { true } else { false } }
}

/// The text edits that change one `age:` or `kms:` entry of a creation rule (or key group)
/// and keep `.sops.yaml` readable (issue 16, item 8): a block list, one recipient a line,
/// each with its label as a comment. sops 3.11 reads `age:` and `kms:` as a comma-separated
/// string or as a list (`config/config.go`, `parseKeyField`), so the list is what credfile
/// writes. A block list is edited line by line — a removed recipient's line goes, a new one is
/// added after the last — so every other line, comment and label stays where it was; a
/// comma-separated string or a flow list is converted to a block list, only when a change
/// touches it.
struct RecipientListEdit {
    /// The rule or key group mapping.
    let container: YAMLNode
    /// `age` or `kms`.
    let key: String
    /// A key group's `kms:`: items are mappings (`arn`, `role`, `context`, `aws_profile`).
    let mappings: Bool
    let source: [UInt8]
    let path: String
    /// The rule as read, for the labels its recipients have now.
    let rule: SOPSConfig.CreationRule

    init(container: YAMLNode, key: String, mappings: Bool, rule: SOPSConfig.CreationRule, source: [UInt8], path: String) {
        self.container = container
        self.rule = rule
        self.key = key
        self.mappings = mappings
        self.source = source
        self.path = path
    }

    /// What happens to the recipient.
    enum Change { case add, remove, relabel }

    /// The edits for `change`; `wanted` is the entry's new list (of this kind) in order.
    func edits(action change: Change, recipient: Recipient, label: String?, wanted: [Recipient]) throws -> [TextEdit] {
        guard let entries = container.mapping, let last = entries.last else {
            throw CredfileError(.config, "each creation rule must be a mapping", path: path, at: container.range.start)
        }
        guard let entry = entries.first(where: { $0.key == key }) else {
            // No entry yet: a new block list after the mapping's last entry.
            let indent = String(repeating: " ", count: last.keyRange.start.column - 1)
            let at = lineEnd(last.value.range.end.offset)
            return [TextEdit(range: at..<at, replacement: Array(("\n" + indent + block(wanted, indent: indent, newLabel: label, for: recipient)).utf8))]
        }
        let value = entry.value
        guard let items = value.sequence, !value.startsFlow(in: source), !items.isEmpty else {
            // A string (comma-separated, maybe empty) or a flow list: converted. A comment after
            // it stays, beside the key.
            let indent = String(repeating: " ", count: entry.keyRange.start.column - 1)
            let comment = RecipientLabel.comment(after: value.range.end.offset, in: source)
            var text = block(wanted, indent: indent, newLabel: label, for: recipient)
            if let comment { text = text.replacingFirstLine(with: "\(key):  # \(comment)") }
            return [TextEdit(range: entry.keyRange.start.offset..<lineEnd(value.range.end.offset), replacement: Array(text.utf8))]
        }
        let matching = items.filter { item in self.recipient(of: item).map { $0.isSameKey(as: recipient) } ?? false }
        switch change {
        case .add:
            let lastItem = items[items.count - 1]
            let prefix = String(decoding: source[lineStart(lastItem.range.start.offset)..<lastItem.range.start.offset], as: UTF8.self)
            let at = lineEnd(lastItem.range.end.offset)
            return [TextEdit(range: at..<at, replacement: Array(("\n" + prefix + item(recipient, label: label, prefix: prefix)).utf8))]
        case .relabel:
            return matching.map { item in
                let anchor = mappings ? (item["arn"]?.range.end.offset ?? item.range.end.offset) : item.range.end.offset
                return TextEdit(range: anchor..<lineEnd(anchor), replacement: Array(RecipientLabel.suffix(label).utf8))
            }
        case .remove:
            guard matching.count < items.count else {
                // Nothing of this kind left: an empty list, which sops reads as none.
                return [TextEdit(range: entry.keyRange.start.offset..<lineEnd(value.range.end.offset), replacement: Array("\(key): []".utf8))]
            }
            return matching.map { item in
                let start = lineStart(item.range.start.offset), end = lineEnd(item.range.end.offset)
                // The line and its line break; the last line of a file without one takes the break before it.
                return end < source.count ? TextEdit(range: start..<(end + 1), replacement: []) : TextEdit(range: (start - 1)..<end, replacement: [])
            }
        }
    }

    /// `key:` (the key's line already indented by the caller) and one item a line below it,
    /// at `indent` + 2; each recipient with its label.
    private func block(_ recipients: [Recipient], indent: String, newLabel: String?, for recipient: Recipient) -> String {
        let prefix = indent + "  - "
        var text = "\(key):"
        if recipients.isEmpty { return text + " []" }
        for r in recipients {
            let label = r.isSameKey(as: recipient) ? newLabel ?? rule.label(for: r) : rule.label(for: r)
            text += "\n" + prefix + item(r, label: label, prefix: prefix)
        }
        return text
    }

    /// One item's text after its `- `: the recipient as a YAML scalar, or (key group KMS) a
    /// mapping whose later lines line up under the first; the label ends the first line.
    private func item(_ recipient: Recipient, label: String?, prefix: String) -> String {
        let suffix = RecipientLabel.suffix(label)
        guard mappings, case .kms(let key) = recipient else { return YAMLScalarWriter.string(recipient.description) + suffix }
        let pad = "\n" + String(repeating: " ", count: prefix.count)
        var text = "arn: \(YAMLScalarWriter.string(key.arn))" + suffix
        if let role = key.role { text += pad + "role: \(YAMLScalarWriter.string(role))" }
        if !key.context.isEmpty {
            text += pad + "context:"
            for (name, value) in key.context.sorted(by: { $0.key < $1.key }) {
                text += pad + "  \(YAMLScalarWriter.key(name)): \(YAMLScalarWriter.string(value))"
            }
        }
        if !key.profile.isEmpty { text += pad + "aws_profile: \(YAMLScalarWriter.string(key.profile))" }
        return text
    }

    /// The recipient an existing item names; nil when it is not one (left as it is).
    private func recipient(of item: YAMLNode) -> Recipient? {
        if mappings {
            guard let arn = item["arn"]?.scalar?.value else { return nil }
            let role = item["role"]?.scalar?.value ?? ""
            return (try? KMSMasterKey(parsing: role.isEmpty ? arn : "\(arn)+\(role)")).map(Recipient.kms)
        }
        guard let text = item.scalar?.value else { return nil }
        return key == "kms" ? (try? KMSMasterKey(parsing: text)).map(Recipient.kms) : (try? AgeRecipient(parsing: text)).map(Recipient.age)
    }

    private func lineStart(_ offset: Int) -> Int {
        var index = min(offset, source.count)
        while index > 0, source[index - 1] != UInt8(ascii: "\n") { index -= 1 }
        return index
    }

    private func lineEnd(_ offset: Int) -> Int {
        source[min(offset, source.count)...].firstIndex(of: UInt8(ascii: "\n")) ?? source.count
    }
}

extension String {
    /// The text with its first line replaced.
    fileprivate func replacingFirstLine(with line: String) -> String {
        guard let newline = firstIndex(of: "\n") else { return line }
        return line + self[newline...]
    }
}
