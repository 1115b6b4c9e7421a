internal import CredfileCrypto
internal import CredfileYAML

/// The sops MAC (sops-format.md §3): SHA-512 over the canonical bytes of the values, in
/// document order, with no separators and no key names; stored as uppercase hex, encrypted
/// with the data key and AAD = the normalised `lastmodified`.
enum MAC {
    /// The uppercase hex digest sops would compute for these leaves.
    ///
    /// Nulls and comments are never hashed. Plain values are hashed too, unless
    /// `mac_only_encrypted`, in which case the hash is seeded with SHA-256("sops") and only
    /// leaves the rule encrypts count (§3.3).
    static func digest(of leaves: [DecryptedLeaf], rule: EncryptionRule, macOnlyEncrypted: Bool) -> String {
        var input: [UInt8] = macOnlyEncrypted ? Digest.sha256(Array("sops".utf8)) : []
        for leaf in leaves where leaf.comment == nil {
            guard let value = leaf.value else { continue }
            if macOnlyEncrypted && !rule.encrypts(leaf.leaf.path) { continue }
            input += value.canonicalBytes
        }
        return hexUppercase(Digest.sha512(input))
    }

    static func hexUppercase(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out += [digits[Int(b >> 4)], digits[Int(b & 15)]] }
        return String(decoding: out, as: UTF8.self)
    }

    /// sops re-formats `lastmodified` as RFC 3339 (seconds, offset kept, `+00:00` → `Z`)
    /// before using it as the AAD (§3.4).
    static func additionalData(lastModified: String) -> [UInt8]? {
        GoTime(rfc3339: lastModified).map { Array($0.rfc3339.utf8) }
    }
}

extension DecryptedDocument {
    /// The MAC these values should have.
    public var computedMAC: String {
        let metadata = document.metadata!
        return MAC.digest(of: leaves, rule: metadata.rule, macOnlyEncrypted: metadata.macOnlyEncrypted)
    }

    /// Checks the stored MAC against the values (exact string comparison, as sops does).
    public func verifyMAC() throws {
        let metadata = document.metadata!
        let path = document.path
        guard let stored = metadata.mac else {
            throw CredfileError(.macNotFound, "file has no MAC ('sops.mac' is missing)", path: path)
        }
        let mismatch = CredfileError(
            .macMismatch, "MAC mismatch: the values or the metadata were changed without the key", path: path,
            at: metadata.macRange?.start,
            hints: ["if a plain field was edited by hand, re-apply the edit with 'credfile set' or 'sops set'"])
        guard let token = try? EncryptedValue(parsing: stored), let aad = MAC.additionalData(lastModified: metadata.lastModified),
            let plain = try? AESGCM.open(token.data, tag: token.tag, key: dataKey, iv: token.iv, aad: aad)
        else {
            var cannot = mismatch
            cannot.message = "cannot decrypt the MAC (tampered 'sops.mac' or 'sops.lastmodified')"
            throw cannot
        }
        guard constantTimeEquals(plain, Array(computedMAC.utf8)) else { throw mismatch }
    }
}
