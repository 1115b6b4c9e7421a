import CredfileCrypto

/// OpenSSH's private key format, `openssh-key-v1` inside `-----BEGIN OPENSSH PRIVATE KEY-----`
/// (PROTOCOL.key; key-sources.md §5), unencrypted. What `ssh-keygen` writes by default.
enum SSHPrivateKey {
    static let begin = "-----BEGIN OPENSSH PRIVATE KEY-----"
    static let end = "-----END OPENSSH PRIVATE KEY-----"
    private static let magic = Array("openssh-key-v1".utf8) + [0]

    /// Whether `bytes` look like a private key of any PEM kind (so a caller can say "this is an
    /// ssh key" rather than "malformed age identity").
    static func looksLikePEM(_ bytes: [UInt8]) -> Bool {
        let firstLine = String(decoding: bytes.prefix(80), as: UTF8.self).trimmingPrefixWhitespace.prefix { $0 != "\n" }
        return firstLine.hasPrefix("-----BEGIN ") && firstLine.contains("PRIVATE KEY-----")
    }

    /// The parts of an openssh-key-v1 file before the private section.
    struct Envelope {
        var cipher: String
        var kdf: String
        var kdfOptions: [UInt8]
        var publicWire: [UInt8]
        var privateSection: [UInt8]

        var isEncrypted: Bool { cipher != "none" || kdf != "none" }
    }

    static func envelope(_ bytes: [UInt8]) throws -> Envelope {
        let blob = try pemBody(bytes)
        guard blob.starts(with: magic) else { throw malformed }
        var reader = SSHWireReader(blob.dropFirst(magic.count))
        let cipher = try reader.text(), kdf = try reader.text(), options = try reader.string()
        guard try reader.uint32() == 1 else { throw AgeError(.invalidKey, "the ssh key file must hold exactly one key") }
        return Envelope(cipher: cipher, kdf: kdf, kdfOptions: options, publicWire: try reader.string(), privateSection: try reader.string())
    }

    /// The identity of an openssh-key-v1 file holding one ssh-ed25519 or ssh-rsa key; an
    /// encrypted one (aes256-ctr under bcrypt_pbkdf, what `ssh-keygen -N` writes) needs
    /// `passphrase`.
    static func parse(_ bytes: [UInt8], passphrase: [UInt8]? = nil) throws -> AgeIdentity {
        let envelope = try envelope(bytes)
        var section = envelope.privateSection
        if envelope.isEncrypted {
            guard let passphrase else {
                throw AgeError(.invalidKey, "the ssh key is protected by a passphrase")
            }
            section = try decrypt(envelope, passphrase: passphrase)
        }
        defer { SecretBytes.wipe(&section) }
        var secret = SSHWireReader(section)
        guard try secret.uint32() == (try secret.uint32()) else {
            throw envelope.isEncrypted ? AgeError(.noMatch, "incorrect passphrase for the ssh key") : malformed
        }
        let identity = try key(&secret)
        _ = try secret.string()  // comment
        // The padding is 1, 2, 3, … (PROTOCOL.key), checked as Go's ssh package does.
        guard secret.remaining.enumerated().allSatisfy({ $0.element == UInt8(truncatingIfNeeded: $0.offset + 1) }) else {
            throw malformed
        }
        guard case .ssh(let ssh) = identity.recipient.kind, ssh.wire == envelope.publicWire else {
            throw AgeError(.invalidKey, "the ssh key's public and private halves differ")
        }
        return identity
    }

    /// The private section of an encrypted key: bcrypt_pbkdf(passphrase, salt, rounds) gives
    /// the AES-256-CTR key and IV (PROTOCOL.key; key-sources.md §5).
    private static func decrypt(_ envelope: Envelope, passphrase: [UInt8]) throws -> [UInt8] {
        guard envelope.cipher == "aes256-ctr", envelope.kdf == "bcrypt" else {
            throw AgeError(.invalidKey, "unsupported ssh key encryption (credfile reads aes256-ctr with bcrypt, ssh-keygen's default)")
        }
        var options = SSHWireReader(envelope.kdfOptions)
        let salt = try options.string()
        let rounds = Int(try options.uint32())
        guard (1...1024).contains(rounds), !salt.isEmpty, envelope.privateSection.count % 16 == 0 else { throw malformed }
        return try AgeError.mapping {
            let derived = try BcryptPBKDF.derive(passphrase: passphrase, salt: salt, rounds: rounds, keyCount: 48)
            let (key, iv) = derived.withBytes { (SecretBytes(Array($0.prefix(32))), Array($0.suffix(16))) }
            return try BcryptPBKDF.aes256CTR(envelope.privateSection, key: key, iv: iv)
        }
    }

    private static func key(_ reader: inout SSHWireReader) throws -> AgeIdentity {
        switch try reader.text() {
        case "ssh-ed25519":
            let edwards = try reader.string()
            var pair = try reader.string()  // seed || public key
            defer { SecretBytes.wipe(&pair) }
            guard edwards.count == 32, pair.count == 64 else { throw malformed }
            var seed = Array(pair.prefix(32))
            defer { SecretBytes.wipe(&seed) }
            // agessh's ed25519PrivateKeyToCurve25519: SHA-512 of the seed, first half (§15.2).
            var hash = Digest.sha512(seed)
            defer { SecretBytes.wipe(&hash) }
            var scalar = Array(hash.prefix(32))
            return try AgeIdentity(sshEd25519: SecretBytes(wiping: &scalar), ssh: try SSHPublicKey(ed25519: edwards))
        case "ssh-rsa":
            let n = try reader.mpint(), e = try reader.mpint()
            var d = try reader.mpint(), iqmp = try reader.mpint(), p = try reader.mpint(), q = try reader.mpint()
            let publicKey = RSAOAEP.PublicKey(modulus: n, exponent: e)
            let ssh = try SSHPublicKey(rsa: publicKey)
            let key = RSAOAEP.PrivateKey(
                publicKey: publicKey, d: SecretBytes(wiping: &d), p: SecretBytes(wiping: &p), q: SecretBytes(wiping: &q),
                iqmp: SecretBytes(wiping: &iqmp))
            return AgeIdentity(sshRSA: key, ssh: ssh)
        default:
            throw AgeError(.invalidKey, "unsupported ssh key type (age supports ssh-ed25519 and ssh-rsa)")
        }
    }

    /// The base64 between the OpenSSH markers, decoded.
    private static func pemBody(_ bytes: [UInt8]) throws -> [UInt8] {
        guard let start = find(Array(begin.utf8), in: bytes[...]),
            let stop = find(Array(end.utf8), in: bytes[(start + begin.utf8.count)...])
        else {
            let text = String(decoding: bytes.prefix(200), as: UTF8.self)
            if text.contains("-----BEGIN ") && text.contains("PRIVATE KEY-----") {
                throw AgeError(
                    .invalidKey, "unsupported private key format: 'ssh-keygen -p -f FILE' rewrites it in the OpenSSH format")
            }
            throw malformed
        }
        let base64 = bytes[(start + begin.utf8.count)..<stop].filter { ![0x20, 0x09, 0x0a, 0x0d].contains($0) }
        guard let blob = Base64.decode(bytes: base64[...]) else { throw malformed }
        return blob
    }

    /// The index where `needle` starts in `haystack`, if anywhere.
    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (haystack.startIndex...(haystack.endIndex - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    static let malformed = AgeError(.invalidKey, "malformed OpenSSH private key")
}

extension String {
    fileprivate var trimmingPrefixWhitespace: Substring { drop { $0.isWhitespace } }
}
