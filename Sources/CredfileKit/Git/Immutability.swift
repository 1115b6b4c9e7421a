internal import CredfileYAML

/// A credential's name is its identity: commands and jobs refer to it, so once created it
/// never changes. In git that can only be enforced against history: renames (git's rename
/// detection, or a new file carrying a deleted file's data key) and edits of `name` are
/// errors; deleting a credential, or changing its type or description, is fine.
enum Immutability {
    /// One side of the comparison: a file's path (for messages) and its YAML and sops
    /// metadata, each parsed once (nil when the file does not load).
    struct Snapshot {
        var display: String
        var yaml: YAMLDocument?
        var metadata: SOPSMetadata?

        /// From the file's bytes (the base side, read from the ref).
        init(display: String, bytes: [UInt8]) {
            self.display = display
            yaml = try? YAMLLoader.load(bytes)
            metadata = yaml.flatMap { try? SOPSDocument(yaml: $0, path: "").metadata }
        }

        /// From the parse validation already made (the current side).
        init(display: String, document: SOPSDocument) {
            self.display = display
            yaml = document.yaml
            metadata = document.metadata
        }
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
                result.append(renamed(now, from: base[from]?.display ?? from, at: name(now)?.1))
                if let before = base[from], let d = downgrade(before, now) { result.append(d) }
            case .modified(let path):
                if let before = base[path], let now = current[path], let d = nameChanged(before, now) { result.append(d) }
                if let before = base[path], let now = current[path], let d = downgrade(before, now) { result.append(d) }
                if let before = base[path], let now = current[path], let d = replay(before, now) { result.append(d) }
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
        guard let old = name(before), let new = name(now), old.0 != new.0 else { return nil }
        return Diagnostic(
            .error, code: .nameChanged, "'name' changed from \(DisplayText.key(old.0)) to \(DisplayText.key(new.0)); names are immutable",
            path: now.display, at: new.1, hints: hints)
    }

    /// An encrypted credential replaced by a plain one (its fields then authenticated by
    /// nothing: a branch could point `host` elsewhere without any key), or one whose MAC
    /// stopped covering its plain fields (`mac_only_encrypted` switched on).
    private static func downgrade(_ before: Snapshot, _ now: Snapshot) -> Diagnostic? {
        guard let old = before.metadata, now.yaml != nil else { return nil }
        if now.metadata == nil, now.yaml?.root["sops"] == nil {
            return Diagnostic(
                .error, code: .sopsDowngrade,
                "the credential was encrypted in the base version and is not any more: nothing would authenticate its values",
                path: now.display, at: now.yaml?.root.range.start,
                hints: ["keep it a sops file: change it with 'credfile set' or 'credfile edit', which keep the MAC"])
        }
        if !old.macOnlyEncrypted, now.metadata?.macOnlyEncrypted == true {
            return Diagnostic(
                .error, code: .sopsDowngrade,
                "'mac_only_encrypted' was switched on: the plain fields would no longer be authenticated",
                path: now.display, at: now.yaml?.root["sops"]?.range.start)
        }
        return nil
    }

    /// An older version brought back: its MAC still verifies (it is a genuine old file), so
    /// only its `lastmodified` shows it. A key-less branch cannot move that forward without
    /// breaking the MAC, which authenticates `lastmodified` as its AAD.
    private static func replay(_ before: Snapshot, _ now: Snapshot) -> Diagnostic? {
        guard let old = before.metadata.flatMap({ GoTime(rfc3339: $0.lastModified) }),
            let new = now.metadata.flatMap({ GoTime(rfc3339: $0.lastModified) }), new.unixSeconds < old.unixSeconds
        else { return nil }
        return Diagnostic(
            .error, code: .sopsReplay,
            "the credential is older than the base version ('lastmodified' went back): an old version brought back undoes later changes",
            path: now.display, at: now.yaml?.root["sops"]?.range.start,
            hints: ["change a credential with 'credfile set' or 'credfile edit', never by restoring an old file"])
    }

    /// A new file whose wrapped data keys equal those of a file deleted in the same change is
    /// that file under another name, however different git thinks the text is.
    private static func copiedThenDeleted(
        added: [String], deleted: [String], base: [String: Snapshot], current: [String: Snapshot]
    ) -> [Diagnostic] {
        let deletedKeys = deleted.compactMap { path in base[path].flatMap(dataKey).map { ($0, path) } }
        return added.compactMap { path in
            guard let now = current[path], let key = dataKey(now),
                let (_, from) = deletedKeys.first(where: { $0.0 == key })
            else { return nil }
            return renamed(now, from: base[from]?.display ?? from, at: name(now)?.1)
        }
    }

    /// The `name` value and its position, when the file loads.
    static func name(_ snapshot: Snapshot) -> (String, SourcePosition)? {
        guard let node = snapshot.yaml?.root["name"], let value = node.scalar?.value else { return nil }
        return (value, node.range.start)
    }

    /// The file's wrapped data keys (its age `enc` blocks), which identify its data key.
    static func dataKey(_ snapshot: Snapshot) -> String? {
        snapshot.metadata.flatMap(SOPSMetadata.dataKeyIdentity)
    }
}

extension SOPSMetadata {
    /// Files encrypted with one data key carry the same `enc` blocks (sops re-wraps only on
    /// updatekeys/rotate), so the sorted blocks identify the key without decrypting anything.
    /// KMS blobs count too: each `Encrypt` returns a new one, so a KMS-only file is covered.
    static func dataKeyIdentity(_ metadata: SOPSMetadata) -> String? {
        let blobs = metadata.kms.map(\.enc) + metadata.age.map(\.enc)
        return blobs.isEmpty ? nil : blobs.sorted().joined(separator: "\n")
    }
}
