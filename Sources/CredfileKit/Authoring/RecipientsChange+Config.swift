internal import CredfileAge
internal import CredfileYAML
internal import Foundation

extension RecipientsChange {
    /// Adds or removes the recipient in the `age:` of the creation rule that applies to
    /// `credentials/`, rewriting only that value (comments and everything else stay).
    /// Returns the config's path when it changed; nil when there is none or nothing changed.
    func updateConfig() throws -> String? {
        let location = update.location
        guard let url = location.repository.sopsConfigURL else { return nil }
        let config = try SOPSConfig(contentsOf: url)
        let sample = (try? location.allFiles())?.first ?? location.directory.appendingPathComponent("example.yaml")
        guard let index = try ruleIndex(config, for: sample) else { return nil }
        guard let wanted = try newSet(try config.rules[index].age.map(Self.parse), path: location.display(url)) else {
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
        let edit = try Self.ageEdit(rule, recipients: wanted.map(\.description), source: source, path: location.display(url))
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
            if rule.pathRegex == match.pathRegex && rule.age == match.age { return index }
        }
        return nil
    }

    /// The new `age:` value in the form it was written: a comma-separated string stays one,
    /// a block list stays a block list (one `- age1…` line each), a flow list a flow list.
    static func ageEdit(_ rule: YAMLNode, recipients: [String], source: [UInt8], path: String) throws -> TextEdit {
        guard let entries = rule.mapping else {
            throw CredfileError(.config, "each creation rule must be a mapping", path: path, at: rule.range.start)
        }
        guard let entry = entries.first(where: { $0.key == "age" }) else {
            let last = entries.last!
            let indent = String(repeating: " ", count: last.keyRange.start.column - 1)
            let at = last.value.range.end.offset
            return TextEdit(range: at..<at, replacement: Array("\n\(indent)age: \(recipients.joined(separator: ","))".utf8))
        }
        let value = entry.value
        let text: String
        if value.sequence != nil && !value.startsFlow(in: source) {
            let indent = String(repeating: " ", count: value.range.start.column - 1)
            text = recipients.map { "- \($0)" }.joined(separator: "\n\(indent)")
        } else if value.sequence != nil {
            text = "[" + recipients.joined(separator: ", ") + "]"
        } else {
            // sops splits this string on commas; no spaces, as `sops` itself would write it.
            text = recipients.joined(separator: ",")
        }
        return TextEdit(range: value.range.byteRange, replacement: Array(text.utf8))
    }
}
