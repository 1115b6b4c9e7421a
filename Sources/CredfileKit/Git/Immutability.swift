internal import CredfileYAML

/// A credential's name is its identity: commands and jobs refer to it, so once created it
/// never changes. In git that can only be enforced against history: renames (git's rename
/// detection, or a new file carrying a deleted file's data key) and edits of `name` are
/// errors; deleting a credential, or changing its type or description, is fine.
enum Immutability {
    /// One side of the comparison: a file's path (for messages) and its bytes.
    struct Snapshot {
        var display: String
        var bytes: [UInt8]
    }

    static let hints = [
        "a credential's name never changes: create the new credential as a new file, move every reference to it, and delete the old one in a later change",
    ]

    static func diagnostics(changes: [Git.Change], base: [String: Snapshot], current: [String: Snapshot]) -> [Diagnostic] {
        var result: [Diagnostic] = []
        var added: [String] = []
        var deleted: [String] = []
        for change in changes {
            switch change {
            case .renamed(let from, let to):
                guard let now = current[to] else { continue }
                result.append(renamed(now, from: base[from]?.display ?? from, at: namePosition(now.bytes)))
            case .modified(let path):
                if let before = base[path], let now = current[path], let d = nameChanged(before, now) { result.append(d) }
            case .added(let path): added.append(path)
            case .deleted(let path): deleted.append(path)
            }
        }
        return result + copiedThenDeleted(added: added, deleted: deleted, base: base, current: current)
    }

    private static func renamed(_ now: Snapshot, from: String, at position: SourcePosition?) -> Diagnostic {
        Diagnostic(
            .error, code: .nameImmutable, "credential file renamed (from \(from)); names are immutable",
            path: now.display, at: position, hints: hints)
    }

    private static func nameChanged(_ before: Snapshot, _ now: Snapshot) -> Diagnostic? {
        guard let old = name(before.bytes), let new = name(now.bytes), old.0 != new.0 else { return nil }
        return Diagnostic(
            .error, code: .nameChanged, "'name' changed from '\(old.0)' to '\(new.0)'; names are immutable",
            path: now.display, at: new.1, hints: hints)
    }

    /// A new file whose wrapped data keys equal those of a file deleted in the same change is
    /// that file under another name, however different git thinks the text is.
    private static func copiedThenDeleted(
        added: [String], deleted: [String], base: [String: Snapshot], current: [String: Snapshot]
    ) -> [Diagnostic] {
        let deletedKeys = deleted.compactMap { path in base[path].flatMap { dataKey($0.bytes) }.map { ($0, path) } }
        return added.compactMap { path in
            guard let now = current[path], let key = dataKey(now.bytes),
                let (_, from) = deletedKeys.first(where: { $0.0 == key })
            else { return nil }
            return renamed(now, from: base[from]?.display ?? from, at: namePosition(now.bytes))
        }
    }

    /// The `name` value and its position, when the file loads.
    static func name(_ bytes: [UInt8]) -> (String, SourcePosition)? {
        guard let document = try? YAMLLoader.load(bytes), let node = document.root["name"], let value = node.scalar?.value
        else { return nil }
        return (value, node.range.start)
    }

    static func namePosition(_ bytes: [UInt8]) -> SourcePosition? { name(bytes)?.1 }

    /// The file's wrapped data keys (its age `enc` blocks), which identify its data key.
    static func dataKey(_ bytes: [UInt8]) -> String? {
        guard let document = try? SOPSDocument(bytes: bytes, path: ""), let metadata = document.metadata else { return nil }
        return SOPSMetadata.dataKeyIdentity(metadata)
    }
}

extension SOPSMetadata {
    /// Files encrypted with one data key carry the same `enc` blocks (sops re-wraps only on
    /// updatekeys/rotate), so the sorted blocks identify the key without decrypting anything.
    static func dataKeyIdentity(_ metadata: SOPSMetadata) -> String? {
        metadata.age.isEmpty ? nil : metadata.age.map(\.enc).sorted().joined(separator: "\n")
    }
}
