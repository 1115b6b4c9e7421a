internal import CredfileCrypto
public import CredfileYAML

/// `credfile merge-driver`: git's three-way merge of one credential, field by field.
///
/// The three versions are decrypted (MACs verified); a field changed on one side wins, the
/// same change on both sides is fine, different changes to one field are a conflict. The
/// result is written surgically from one side (ours, unless only theirs rotated the data key
/// or changed the type): its unchanged values keep their ciphertext, values from the other side
/// keep that side's ciphertext when the data key is shared, and `mac` and `lastmodified` are
/// renewed. Recipients are merged as a set; a data key rotated on one side is the result's
/// key (rotated on both: a new one). Nothing is decided without the key: every output has
/// a MAC computed from its values.
public struct MergeCredential: Sendable {
    /// What the merge produced.
    public enum Outcome: Sendable, Equatable {
        /// The merged file.
        case merged([UInt8])
        /// The key paths both sides changed differently (`password`, `db.host`, `type`,
        /// `sops.age`), as displayed; never a value.
        case conflict([String])
        /// Each field merged cleanly, but the result would not be a valid credential: these
        /// are the errors `validate --decrypt` would report (value-free, as all diagnostics).
        case invalid([Diagnostic])
    }

    /// The common ancestor; empty when there is none (both branches created the file).
    public var base: [UInt8]
    public var ours: [UInt8]
    public var theirs: [UInt8]
    /// The file's path in the repository (git's `%P`), for messages.
    public var path: String
    public var keys: KeyRing
    /// The schemas the result is validated with; nil: not validated.
    public var schemas: SchemaSet?

    public init(base: [UInt8], ours: [UInt8], theirs: [UInt8], path: String, keys: KeyRing, schemas: SchemaSet? = nil) {
        self.base = base
        self.ours = ours
        self.theirs = theirs
        self.path = path
        self.keys = keys
        self.schemas = schemas
    }

    /// Merges; throws (naming the side) when a version cannot be read or decrypted.
    public func run(now: GoTime = .now()) throws -> Outcome {
        let b = try base.allSatisfy(Self.isWhitespace) ? nil : open(base, side: "base")
        let o = try open(ours, side: "ours")
        let t = try open(theirs, side: "theirs")
        if let conflict = try reselectionConflict(base: b, ours: o, theirs: t) { return .conflict([conflict]) }
        let theirsLeads = try Self.leads(t, over: o, base: b)
        var (p, s) = theirsLeads ? (t, o) : (o, t)
        if s.dataKey != p.dataKey {
            // One data key for the merge: the other side's values re-encrypted under the
            // primary's key (in memory only), so that their ciphertext can be copied.
            let rekeyed = try s.rotated(for: s.document.recipients(), keys: keys, to: p.dataKey, now: now)
            s = try SOPSDocument(bytes: rekeyed, path: s.document.path).decrypt(dataKey: p.dataKey, verifyMAC: true)
        }
        let fields = FieldMerge(primary: p, secondary: s, base: b)
        guard fields.conflicts.isEmpty else { return .conflict(fields.conflicts.map(SOPSDocument.display)) }
        let recipients = try Self.mergedRecipients(base: b, primary: p, secondary: s)
        guard !recipients.isEmpty else { return .conflict(["sops.age"]) }
        let draft = try TextEdit.apply(fields.edits, to: p.document.yaml.source)
        let merged = try SOPSDocument.sealMAC(draft, path: path, dataKey: p.dataKey, now: now)
        let result = try rekeyed(merged, primary: p, recipients: recipients, key: Self.resultKey(base: b, ours: o, theirs: t), now: now)
        // The result must open and verify with the key ring, as the next reader will.
        _ = try SOPSDocument(bytes: result, path: path).decrypt(keys: keys, verifyMAC: true)
        if let schemas {
            let problems = newProblems(in: result, schemas: schemas)
            guard problems.isEmpty else { return .invalid(problems) }
        }
        return .merged(result)
    }

    private func open(_ bytes: [UInt8], side: String) throws -> DecryptedDocument {
        try SOPSDocument(bytes: bytes, path: "\(path) (\(side))").decrypt(keys: keys, verifyMAC: true)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
    }
}

extension MergeCredential {
    /// A `type` (or selection rule) change decides which values are encrypted (DESIGN.md
    /// §2.4), so it merges only when the other side changed no value, or made the same change.
    /// Returns the conflicting path.
    func reselectionConflict(base: DecryptedDocument?, ours: DecryptedDocument, theirs: DecryptedDocument) throws -> String? {
        let (ruleO, ruleT) = (try ours.document.requireMetadata().rule, try theirs.document.requireMetadata().rule)
        let typeDiffers = ours.value(at: ["type"]) != theirs.value(at: ["type"])
            || base.map { $0.value(at: ["type"]) != ours.value(at: ["type"]) } == true
        let label = typeDiffers ? "type" : "sops.\(ruleO.kind.rawValue)"
        guard let base else { return ruleO == ruleT ? nil : label }
        if ruleO == ruleT && ours.value(at: ["type"]) == theirs.value(at: ["type"]) { return nil }
        let changedO = try Self.reselects(ours, base: base), changedT = try Self.reselects(theirs, base: base)
        let valuesO = !MergeNode(ours).same(as: MergeNode(base)), valuesT = !MergeNode(theirs).same(as: MergeNode(base))
        return (changedO && valuesT) || (changedT && valuesO) ? label : nil
    }

    /// Whether `side` changed the type or the selection rule.
    static func reselects(_ side: DecryptedDocument, base: DecryptedDocument) throws -> Bool {
        try side.document.requireMetadata().rule != base.document.requireMetadata().rule
            || side.value(at: ["type"]) != base.value(at: ["type"])
    }

    /// Whether the result is written from theirs: when only theirs changed the type or rule,
    /// or (neither did and) only theirs rotated the data key. Otherwise from ours.
    static func leads(_ theirs: DecryptedDocument, over ours: DecryptedDocument, base: DecryptedDocument?) throws -> Bool {
        guard let base else { return false }
        let (reselectO, reselectT) = (try reselects(ours, base: base), try reselects(theirs, base: base))
        if reselectO != reselectT { return reselectT }
        return theirs.dataKey != base.dataKey && ours.dataKey == base.dataKey
    }

    /// The key the result is under: the one a side rotated to, a new one when both rotated
    /// (each branch's new key was wrapped for that branch's recipients only), else the shared
    /// one. nil: a new key.
    static func resultKey(base: DecryptedDocument?, ours: DecryptedDocument, theirs: DecryptedDocument) -> SecretBytes? {
        guard let base else { return ours.dataKey }
        let (rotatedO, rotatedT) = (ours.dataKey != base.dataKey, theirs.dataKey != base.dataKey)
        switch (rotatedO, rotatedT) {
        case (true, true): return ours.dataKey == theirs.dataKey ? ours.dataKey : nil
        case (true, false): return ours.dataKey
        case (false, true): return theirs.dataKey
        case (false, false): return base.dataKey
        }
    }

    /// The recipients (age and KMS master keys) as a set merge: kept unless a side removed one,
    /// added when a side added one. In the primary's order, then the secondary's additions.
    static func mergedRecipients(base: DecryptedDocument?, primary: DecryptedDocument, secondary: DecryptedDocument) throws -> [Recipient] {
        let b = try base.map { Set(try $0.document.recipients().map(\.description)) } ?? []
        let p = try primary.document.recipients(), s = try secondary.document.recipients()
        let (pSet, sSet) = (Set(p.map(\.description)), Set(s.map(\.description)))
        var result: [Recipient] = []
        for recipient in p + s where !result.contains(where: { $0.description == recipient.description }) {
            let name = recipient.description
            let kept = b.contains(name) && pSet.contains(name) && sSet.contains(name)
            if kept || !b.contains(name) { result.append(recipient) }
        }
        return result
    }

    /// `merged` (under the primary's key) moved to `key` (nil: a new one) and wrapped for
    /// `recipients`, when either differs from the primary's.
    func rekeyed(
        _ merged: [UInt8], primary: DecryptedDocument, recipients: [Recipient], key: SecretBytes?, now: GoTime
    ) throws -> [UInt8] {
        if let key, key == primary.dataKey {
            guard try primary.document.recipients() != recipients else { return merged }
            return try SOPSDocument(bytes: merged, path: path).rewrapped(dataKey: key, for: recipients, keys: keys, now: now)
        }
        let decrypted = try SOPSDocument(bytes: merged, path: path).decrypt(dataKey: primary.dataKey, verifyMAC: true)
        return try decrypted.rotated(for: recipients, keys: keys, to: key, now: now)
    }
}
