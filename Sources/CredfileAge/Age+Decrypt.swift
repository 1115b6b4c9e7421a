import CredfileCrypto

extension Age {
    /// De-armors if needed and parses the header; returns it and the bytes after it (§10 1–2).
    static func parse(_ file: [UInt8]) throws -> (header: Header, payload: ArraySlice<UInt8>) {
        let binary = Armor.isArmored(file) ? try Armor.decode(file) : file
        let (header, payloadStart) = try HeaderParser.parse(binary)
        // An scrypt stanza must be alone; checked before any scrypt work (§6.2).
        if header.stanzas.count != 1, header.stanzas.contains(where: { $0.type == ScryptStanza.type }) {
            throw HeaderParser.failure("an scrypt stanza must be the only stanza")
        }
        return (header, binary[payloadStart...])
    }

    /// Each identity scans every stanza in order; the first success wins (§5.3, §10 step 3).
    static func unwrap(_ header: Header, with identities: [AgeIdentity]) throws -> SecretBytes {
        for identity in identities {
            for stanza in header.stanzas {
                if let fileKey = try unwrap(stanza, with: identity) { return fileKey }
            }
        }
        throw AgeError(.noMatch, "no identity matched any of the file's recipients")
    }

    /// One identity against one stanza, by the identity's kind; nil: not for this identity.
    private static func unwrap(_ stanza: Stanza, with identity: AgeIdentity) throws -> SecretBytes? {
        switch identity.kind {
        case .x25519(let secret):
            return try X25519Stanza.unwrap(stanza, secret: secret, ourPublic: identity.recipient.publicKey)
        case .sshEd25519(let scalar, let ssh):
            return try SSHEd25519Stanza.unwrap(stanza, scalar: scalar, ssh: ssh, ourPublic: identity.recipient.publicKey)
        case .sshRSA(let key, let ssh):
            return try SSHRSAStanza.unwrap(stanza, with: key, ssh: ssh)
        }
    }

    static func unwrap(_ header: Header, passphrase: String, maxWorkFactor: Int) throws -> SecretBytes {
        guard let stanza = header.stanzas.first, stanza.type == ScryptStanza.type else {
            throw AgeError(.noMatch, "the file is not encrypted with a passphrase")
        }
        var secret = Array(passphrase.utf8)
        defer { SecretBytes.wipe(&secret) }
        guard let fileKey = try ScryptStanza.unwrap(stanza, passphrase: secret, maxWorkFactor: maxWorkFactor) else {
            throw AgeError(.noMatch, "incorrect passphrase")
        }
        return fileKey
    }

    /// Verifies the MAC, then decrypts the payload (§10 steps 4–6).
    static func open(_ payload: ArraySlice<UInt8>, header: Header, fileKey: SecretBytes) throws -> [UInt8] {
        let mac = try AgeError.mapping { try HeaderMAC.compute(header, fileKey: fileKey) }
        guard constantTimeEquals(mac, header.mac) else {
            throw AgeError(.hmacFailure, "the age header does not authenticate")
        }
        // The testkit classes a missing or short nonce as a header failure (§8).
        guard payload.count >= PayloadStream.nonceSize else { throw HeaderParser.failure("missing payload nonce") }
        let nonce = Array(payload.prefix(PayloadStream.nonceSize))
        return try AgeError.mapping {
            let key = try PayloadStream.key(fileKey: fileKey, nonce: nonce)
            return try PayloadStream.open(payload.dropFirst(PayloadStream.nonceSize), key: key)
        }
    }
}
