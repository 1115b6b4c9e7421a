import CredfileCrypto

/// An ssh-ed25519 or ssh-rsa public key, as age's agessh package uses it (key-sources.md §2–5):
/// the wire encoding (hashed into the stanza tag and, for Ed25519, the tweak) and the key.
struct SSHPublicKey: Sendable, Hashable {
    enum Key: Sendable, Hashable {
        /// The Ed25519 key and its X25519 (Montgomery) form.
        case ed25519(edwards: [UInt8], montgomery: [UInt8])
        case rsa(RSAOAEP.PublicKey)
    }

    let key: Key
    /// `string type || key fields`, what `ssh.PublicKey.Marshal()` returns.
    let wire: [UInt8]

    var type: String {
        switch key {
        case .ed25519: "ssh-ed25519"
        case .rsa: "ssh-rsa"
        }
    }

    /// The stanza's first argument: b64raw of the first 4 bytes of SHA-256(wire) (§15.1).
    var tag: String { Base64.encodeRaw(Array(Digest.sha256(wire).prefix(4))) }

    /// `type base64(wire)`, without a comment.
    var authorizedKey: String { "\(type) \(Base64.encode(wire))" }

    /// Parses the wire encoding. Like Go's `ssh.ParsePublicKey` it refuses trailing bytes;
    /// like agessh it refuses RSA moduli under 2048 bits and points off the curve.
    init(wire: [UInt8]) throws {
        var reader = SSHWireReader(wire)
        switch try reader.text() {
        case "ssh-ed25519":
            let edwards = try reader.string()
            guard edwards.count == 32 else { throw AgeError(.invalidKey, "ssh-ed25519 key must hold 32 bytes") }
            let montgomery: [UInt8]
            do {
                montgomery = try Ed25519.montgomeryPublicKey(edwards)
            } catch {
                throw AgeError(.invalidKey, "ssh-ed25519 key is not a valid curve point")
            }
            key = .ed25519(edwards: edwards, montgomery: montgomery)
        case "ssh-rsa":
            let exponent = try reader.mpint()
            let modulus = try reader.mpint()
            key = .rsa(try Self.checkedRSA(modulus: modulus, exponent: exponent))
        default:
            throw AgeError(.invalidKey, "unsupported ssh key type (age supports ssh-ed25519 and ssh-rsa)")
        }
        guard reader.isAtEnd else { throw AgeError(.invalidKey, "trailing data in ssh public key") }
        self.wire = wire
    }

    /// The public half of an Ed25519 key.
    init(ed25519 edwards: [UInt8]) throws {
        try self.init(wire: SSHWire.string("ssh-ed25519") + SSHWire.string(edwards))
    }

    /// The public half of an RSA key.
    init(rsa key: RSAOAEP.PublicKey) throws {
        try self.init(wire: SSHWire.string("ssh-rsa") + SSHWire.mpint(key.exponent) + SSHWire.mpint(key.modulus))
    }

    /// An authorized_keys line: `type base64 [comment]` (no options, as agessh's recipients).
    init(authorizedKey text: String) throws {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2, let wire = Base64.decode(String(fields[1])) else {
            throw AgeError(.invalidKey, "malformed ssh public key (expected: ssh-ed25519 AAAA… [comment])")
        }
        try self.init(wire: wire)
        guard type == String(fields[0]) else { throw AgeError(.invalidKey, "ssh key type does not match its encoding") }
    }

    /// Go's `ssh` package: an exponent of at most 24 bits, at least 3 and odd; agessh: a
    /// modulus of at least 256 bytes.
    private static func checkedRSA(modulus: [UInt8], exponent: [UInt8]) throws -> RSAOAEP.PublicKey {
        let key = RSAOAEP.PublicKey(modulus: modulus, exponent: exponent)
        let e = key.exponent.reduce(0) { $0 << 8 | Int($1) }
        guard key.exponent.count <= 3, e >= 3, e % 2 == 1 else { throw AgeError(.invalidKey, "unsupported ssh-rsa exponent") }
        guard (key.bits + 7) / 8 >= 256 else { throw AgeError(.invalidKey, "ssh-rsa key is smaller than 2048 bits") }
        return key
    }
}
