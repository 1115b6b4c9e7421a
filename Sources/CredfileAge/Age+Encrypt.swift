import CredfileCrypto

extension Age {
    static func encrypt(
        _ plaintext: [UInt8], to recipients: [AgeRecipient], armored: Bool, random: some RandomSource
    ) throws -> [UInt8] {
        guard !recipients.isEmpty else { throw AgeError(.invalidUsage, "no recipients to encrypt to") }
        return try AgeError.mapping {
            let fileKey = try random.secretBytes(FileKeyWrap.fileKeySize)
            let stanzas = try recipients.map { try stanza(fileKey, to: $0, random: random) }
            return try seal(plaintext, fileKey: fileKey, stanzas: stanzas, armored: armored, random: random)
        }
    }

    static func encrypt(
        _ plaintext: [UInt8], passphrase: String, workFactor: Int, armored: Bool, random: some RandomSource
    ) throws -> [UInt8] {
        // age refuses an empty passphrase (§6.1); the cap keeps files decryptable by default.
        guard !passphrase.isEmpty else { throw AgeError(.invalidUsage, "the passphrase is empty") }
        guard (1...defaultMaxWorkFactor).contains(workFactor) else {
            throw AgeError(.invalidUsage, "scrypt work factor must be 1...\(defaultMaxWorkFactor)")
        }
        return try AgeError.mapping {
            let fileKey = try random.secretBytes(FileKeyWrap.fileKeySize)
            let salt = try random.secretBytes(ScryptStanza.saltSize).withBytes { $0 }
            var secret = Array(passphrase.utf8)
            defer { SecretBytes.wipe(&secret) }
            let stanza = try ScryptStanza.wrap(fileKey, passphrase: secret, salt: salt, workFactor: workFactor)
            return try seal(plaintext, fileKey: fileKey, stanzas: [stanza], armored: armored, random: random)
        }
    }

    /// The recipient's stanza; X25519 and ssh-ed25519 draw a 32-byte ephemeral secret each.
    private static func stanza(_ fileKey: SecretBytes, to recipient: AgeRecipient, random: some RandomSource) throws -> Stanza {
        switch recipient.kind {
        case .x25519:
            return try X25519Stanza.wrap(fileKey, to: recipient, ephemeral: try random.secretBytes(32))
        case .ssh(let ssh):
            switch ssh.key {
            case .ed25519(_, let montgomery):
                return try SSHEd25519Stanza.wrap(fileKey, to: ssh, montgomery: montgomery, ephemeral: try random.secretBytes(32))
            case .rsa(let key):
                return try SSHRSAStanza.wrap(fileKey, to: key, ssh: ssh)
            }
        }
    }

    /// Header with MAC, payload nonce, STREAM payload; then the optional armor (§1).
    private static func seal(
        _ plaintext: [UInt8], fileKey: SecretBytes, stanzas: [Stanza], armored: Bool, random: some RandomSource
    ) throws -> [UInt8] {
        var header = Header(stanzas: stanzas, mac: [])
        header.mac = try HeaderMAC.compute(header, fileKey: fileKey)
        let nonce = try random.secretBytes(PayloadStream.nonceSize).withBytes { $0 }
        let payloadKey = try PayloadStream.key(fileKey: fileKey, nonce: nonce)
        let binary = header.encoded() + nonce + (try PayloadStream.seal(plaintext, key: payloadKey))
        return armored ? Armor.encode(binary) : binary
    }
}

/// The header MAC: HMAC-SHA256 under HKDF(file key, empty salt, "header") (age-format.md §7).
enum HeaderMAC {
    static func compute(_ header: Header, fileKey: SecretBytes) throws -> [UInt8] {
        let key = try HKDF.sha256(key: fileKey, salt: [], info: Array("header".utf8), count: 32)
        return try HMAC.sha256(key: key, message: header.macInput)
    }
}
