import CredfileCrypto

/// The `ssh-ed25519` stanza of age's agessh: `-> ssh-ed25519 <tag> <b64raw(share)>` and the file
/// key wrapped as for X25519, but with the shared secret "tweaked" by a scalar derived from
/// the ssh public key (key-sources.md §3).
enum SSHEd25519Stanza {
    static let type = "ssh-ed25519"
    private static let label = Array("age-encryption.org/v1/ssh-ed25519".utf8)

    static func wrap(_ fileKey: SecretBytes, to ssh: SSHPublicKey, montgomery: [UInt8], ephemeral: SecretBytes) throws -> Stanza {
        let share = try X25519.publicKey(privateKey: ephemeral)
        let shared: SecretBytes
        do {
            shared = try X25519.sharedSecret(privateKey: ephemeral, peer: montgomery)
        } catch let error as CryptoError where error.kind == .lowOrderPoint {
            throw AgeError(.invalidKey, "ssh-ed25519 recipient is a low-order point")
        }
        let wrapKey = try wrappingKey(shared: shared, ssh: ssh, salt: share + montgomery)
        let arguments = [type, ssh.tag, Base64.encodeRaw(share)]
        return Stanza(arguments: arguments, body: try FileKeyWrap.seal(fileKey, with: wrapKey))
    }

    /// The file key, nil when the stanza is of another type or for another key (its tag
    /// differs). Malformed arguments, a low-order share or a body that does not open under a
    /// matching tag are errors, as in agessh (`Unwrap` returns them, not ErrIncorrectIdentity).
    static func unwrap(_ stanza: Stanza, scalar: SecretBytes, ssh: SSHPublicKey, ourPublic: [UInt8]) throws -> SecretBytes? {
        guard stanza.type == type else { return nil }
        guard stanza.arguments.count == 3 else { throw HeaderParser.failure("invalid ssh-ed25519 recipient block") }
        guard let share = Base64.decodeRaw(stanza.arguments[2].utf8), share.count == 32 else {
            throw HeaderParser.failure("invalid ssh-ed25519 recipient block")
        }
        guard stanza.arguments[1] == ssh.tag else { return nil }
        let shared: SecretBytes
        do {
            shared = try X25519.sharedSecret(privateKey: scalar, peer: share)
        } catch let error as CryptoError where error.kind == .lowOrderPoint {
            throw HeaderParser.failure("ssh-ed25519 share is a low-order point")
        }
        let wrapKey = try wrappingKey(shared: shared, ssh: ssh, salt: share + ourPublic)
        guard stanza.body.count == FileKeyWrap.bodySize, let fileKey = try FileKeyWrap.open(stanza.body, with: wrapKey) else {
            throw HeaderParser.failure("the ssh-ed25519 stanza for this key does not decrypt")
        }
        return fileKey
    }

    /// HKDF-SHA256(X25519(tweak, shared), salt, label), where tweak = HKDF-SHA256(ikm: empty,
    /// salt: the ssh wire key, info: label). The tweak is computed with HMAC directly because
    /// its input key is empty, which libcrypto's HKDF (rightly, elsewhere) refuses.
    private static func wrappingKey(shared: SecretBytes, ssh: SSHPublicKey, salt: [UInt8]) throws -> SecretBytes {
        let pseudoRandomKey = try HMAC.sha256(key: SecretBytes(ssh.wire), message: [])
        var tweak = try HMAC.sha256(key: SecretBytes(pseudoRandomKey), message: label + [1])
        let tweaked = try X25519.sharedSecret(privateKey: SecretBytes(wiping: &tweak), peer: shared.withBytes { $0 })
        return try HKDF.sha256(key: tweaked, salt: salt, info: label, count: 32)
    }
}
