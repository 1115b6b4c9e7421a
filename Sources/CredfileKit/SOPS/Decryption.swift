public import CredfileAge
public import CredfileCrypto
internal import CredfileYAML

/// One data leaf after decryption.
public struct DecryptedLeaf: Sendable {
    public var leaf: SOPSDocument.Leaf
    /// The typed value; nil for null, which sops neither encrypts nor hashes.
    public var value: SOPSValue?
    /// The token the value was stored as, when it was encrypted.
    public var encrypted: EncryptedValue?
    /// The text of a comment that sops stored as a list item (`type:comment`).
    public var comment: String?
}

/// An encrypted file whose values are decrypted (and, unless asked otherwise, MAC-verified).
public struct DecryptedDocument: Sendable {
    public var document: SOPSDocument
    public var dataKey: SecretBytes
    public var leaves: [DecryptedLeaf]

    /// The value at `path` (mapping keys), if that path is a scalar outside any list.
    public func value(at path: [String]) -> SOPSValue? {
        leaves.first { AdditionalData.samePath($0.leaf.path, path) && !$0.leaf.isSequenceItem }?.value
    }
}

extension SOPSDocument {
    /// Unwraps the 32-byte data key with the first master key the key ring opens.
    public func unwrapDataKey(with keys: KeyRing) throws -> SecretBytes {
        try keys.unwrapDataKey(requireMetadata(), path: path)
    }

    /// The same with the given age identities.
    public func unwrapDataKey(with identities: [AgeIdentity]) throws -> SecretBytes {
        try unwrapDataKey(with: KeyRing(identities: identities))
    }

    /// "No identity could unwrap the data key", with what was tried; names recipients and
    /// key kinds, never key material.
    static func noIdentityError(_ metadata: SOPSMetadata, path: String, identities: Int, damaged: [String]) -> CredfileError {
        let recipients = metadata.recipientNames.joined(separator: ", ")
        var hints = damaged.map { "wrapped key for \($0)" }
        if identities == 0 && !metadata.age.isEmpty {
            hints.append("no age identity found: set SOPS_AGE_KEY_FILE, SOPS_AGE_KEY, SOPS_AGE_KEY_CMD or SOPS_AGE_SSH_PRIVATE_KEY_FILE, or pass --identity")
        }
        if !metadata.kms.isEmpty {
            hints.append("AWS KMS keys are used with the credentials the AWS SDKs find: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws/credentials")
        }
        if !metadata.otherKeySources.isEmpty {
            hints.append("the file also has \(metadata.otherKeySources.joined(separator: ", ")) keys, which credfile cannot use")
        }
        let message = damaged.isEmpty
            ? "no identity could unwrap the data key; the file is encrypted to: \(recipients)"
            : "could not unwrap the data key: a master key failed or its wrapped key is damaged; the file is encrypted to: \(recipients)"
        return CredfileError(.noIdentity, message, path: path, hints: hints)
    }

    /// Finds a data key with the key ring and decrypts every value.
    public func decrypt(keys: KeyRing, verifyMAC: Bool = true) throws -> DecryptedDocument {
        try decrypt(dataKey: unwrapDataKey(with: keys), verifyMAC: verifyMAC)
    }

    /// Finds a data key and decrypts every value.
    public func decrypt(identities: [AgeIdentity], verifyMAC: Bool = true) throws -> DecryptedDocument {
        try decrypt(keys: KeyRing(identities: identities), verifyMAC: verifyMAC)
    }

    /// Decrypts every value with `dataKey`; verifies the MAC unless told not to.
    public func decrypt(dataKey: SecretBytes, verifyMAC: Bool) throws -> DecryptedDocument {
        let metadata = try requireMetadata()
        let decrypted = try leaves.map { try decryptLeaf($0, rule: metadata.rule, key: dataKey) }
        let result = DecryptedDocument(document: self, dataKey: dataKey, leaves: decrypted)
        if verifyMAC { try result.verifyMAC() }
        return result
    }

    func requireMetadata() throws -> SOPSMetadata {
        guard let metadata else {
            throw CredfileError(.notEncrypted, "file is not encrypted (no 'sops' block)", path: path)
        }
        return metadata
    }

    private func decryptLeaf(_ leaf: Leaf, rule: EncryptionRule, key: SecretBytes) throws -> DecryptedLeaf {
        let resolved = YAMLResolver.resolve(leaf.scalar)
        let name = Self.display(leaf.path)
        guard rule.encrypts(leaf.path) else {
            do {
                return DecryptedLeaf(leaf: leaf, value: try SOPSValue(resolved))
            } catch let error as CredfileError {
                throw CredfileError(error.kind, "'\(name)': \(error.message)", path: path, at: leaf.node.range.start)
            }
        }
        switch resolved {
        case .null: return DecryptedLeaf(leaf: leaf, value: nil)
        // sops never encrypts the empty string: an empty `data:` is invalid (§1.1).
        case .string(""): return DecryptedLeaf(leaf: leaf, value: .string(""))
        case .string(let text) where EncryptedValue.looksEncrypted(text):
            return try open(text, leaf: leaf, key: key)
        default:
            throw CredfileError(
                .decryptFailed, "'\(name)' should be encrypted but is stored in plain text", path: path,
                at: leaf.node.range.start)
        }
    }

    private func open(_ text: String, leaf: Leaf, key: SecretBytes) throws -> DecryptedLeaf {
        let name = Self.display(leaf.path)
        let at = leaf.node.range.start
        let token: EncryptedValue
        do {
            token = try EncryptedValue(parsing: text)
        } catch let error as CredfileError {
            throw CredfileError(.decryptFailed, "'\(name)': \(error.message)", path: path, at: at)
        }
        let plaintext: [UInt8]
        do {
            plaintext = try AESGCM.open(
                token.data, tag: token.tag, key: key, iv: token.iv, aad: AdditionalData.forPath(leaf.path))
        } catch {
            throw CredfileError(
                .decryptFailed, "'\(name)' failed to authenticate (tampered value, or a different data key)",
                path: path, at: at)
        }
        if token.type == "comment" {
            // sops stores a comment as a list item only; in a mapping value a comment token has
            // no value to give (sops 3.11 makes up `{value: …}`): refused, never shown raw.
            guard leaf.isSequenceItem, String(validating: plaintext, as: UTF8.self) != nil else {
                throw CredfileError(
                    .decryptFailed, "'\(name)' holds an encrypted comment (type:comment) where a value belongs", path: path, at: at)
            }
            return DecryptedLeaf(leaf: leaf, value: nil, encrypted: token, comment: String(decoding: plaintext, as: UTF8.self))
        }
        guard let value = SOPSValue.decode(plaintext, type: token.type) else {
            throw CredfileError(.decryptFailed, "'\(name)' does not decrypt to a valid '\(token.type)'", path: path, at: at)
        }
        return DecryptedLeaf(leaf: leaf, value: value, encrypted: token)
    }
}
