public import CredfileAge
public import CredfileCrypto
public import CredfileYAML

extension DecryptedDocument {
    /// The file under a new data key (`sops rotate`): every encrypted value and comment is
    /// encrypted again with a fresh IV, the key is wrapped for `recipients`, and `mac` and
    /// `lastmodified` are renewed. Plain values, comments and layout stay; every `ENC[…]`
    /// changes, which is the point: whoever kept the old data key can read none of it.
    /// `dataKey` gives the new key instead of a random one (a merge adopting the key one
    /// branch rotated to).
    public func rotated(
        for recipients: [Recipient], keys: KeyRing, to dataKey: SecretBytes? = nil, now: GoTime = .now()
    ) throws -> [UInt8] {
        let newKey = try dataKey ?? SecretBytes.random(count: 32)
        var edits: [TextEdit] = []
        for leaf in leaves where leaf.encrypted != nil {
            let token: String
            if let comment = leaf.comment {
                token = try Self.sealComment(Array(comment.utf8), aad: AdditionalData.forPath(leaf.leaf.path), key: newKey)
            } else if let value = leaf.value {
                token = try SOPSDocument.seal(value, path: leaf.leaf.path, key: newKey)
            } else {
                continue
            }
            let text = SOPSDocument.quotedIfFlow(token, leaf.leaf.inFlow)
            edits.append(TextEdit(range: leaf.leaf.node.range.byteRange, replacement: Array(text.utf8)))
        }
        edits += try commentLineRotations(to: newKey)
        let draft = try TextEdit.apply(edits, to: document.yaml.source)
        let rewrapped = try SOPSDocument(bytes: draft, path: document.path).rewrapped(
            dataKey: newKey, for: recipients, keys: keys, reuseKMS: false, now: now)
        return try SOPSDocument.sealMAC(rewrapped, path: document.path, dataKey: newKey, now: now)
    }

    /// `#ENC[…,type:comment]` lines, re-encrypted under `newKey` with the AAD that opens them
    /// now (the path of the enclosing mapping, found by trying each, as decryption does).
    /// A line no candidate opens is left alone, as sops leaves such a comment (§5.2).
    private func commentLineRotations(to newKey: SecretBytes) throws -> [TextEdit] {
        try encryptedCommentLines().map { comment in
            let sealed = try Self.sealComment(comment.plaintext, aad: comment.aad, key: newKey)
            return TextEdit(range: comment.line, replacement: Array("#\(sealed)".utf8))
        }
    }

    private static func sealComment(_ plaintext: [UInt8], aad: [UInt8], key: SecretBytes) throws -> String {
        let iv = try SecureRandom.bytes(32)
        let sealed = try AESGCM.seal(plaintext, key: key, iv: iv, aad: aad)
        return EncryptedValue(data: sealed.ciphertext, iv: iv, tag: sealed.tag, type: "comment").text
    }
}
