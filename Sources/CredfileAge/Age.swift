import CredfileCrypto

/// Encrypting and decrypting age v1 files (age-encryption.org/v1) with X25519 recipients or a
/// passphrase, interoperable with age 1.1.1 and rage/pyrage (see age-format.md).
public enum Age {
    /// The default decrypt cap for scrypt work factors, age's own (age-format.md §6.3).
    public static let defaultMaxWorkFactor = 22

    /// Encrypts `plaintext` to every recipient (one X25519 stanza each); armored by default.
    public static func encrypt(_ plaintext: [UInt8], to recipients: [AgeRecipient], armored: Bool = true) throws -> [UInt8] {
        try encrypt(plaintext, to: recipients, armored: armored, random: SystemRandom())
    }

    /// Encrypts `plaintext` under `passphrase` (its exact UTF-8 bytes) with one scrypt stanza
    /// of work factor `workFactor` (log2 N, 1...22; age uses 18).
    public static func encrypt(
        _ plaintext: [UInt8], passphrase: String, workFactor: Int = 18, armored: Bool = true
    ) throws -> [UInt8] {
        try encrypt(plaintext, passphrase: passphrase, workFactor: workFactor, armored: armored, random: SystemRandom())
    }

    /// Decrypts an armored or binary file with the first identity that matches.
    /// Throws `.noMatch` when none does; the other kinds name the damaged layer.
    public static func decrypt(_ file: [UInt8], identities: [AgeIdentity]) throws -> [UInt8] {
        guard !identities.isEmpty else { throw AgeError(.invalidUsage, "no identities to decrypt with") }
        let (header, payload) = try parse(file)
        let fileKey = try AgeError.mapping { try unwrap(header, with: identities) }
        return try open(payload, header: header, fileKey: fileKey)
    }

    /// Decrypts a passphrase-encrypted file. Work factors above `maxWorkFactor` are refused
    /// before any scrypt work (memory is about 2^(logN+10) bytes).
    public static func decrypt(_ file: [UInt8], passphrase: String, maxWorkFactor: Int = 22) throws -> [UInt8] {
        let (header, payload) = try parse(file)
        let fileKey = try AgeError.mapping { try unwrap(header, passphrase: passphrase, maxWorkFactor: maxWorkFactor) }
        return try open(payload, header: header, fileKey: fileKey)
    }

    /// Checks a passphrase-encrypted file's header (an scrypt stanza, well formed, work factor
    /// within `maxWorkFactor`) without the passphrase: callers ask for one only when it could
    /// open the file.
    public static func checkPassphraseHeader(_ file: [UInt8], maxWorkFactor: Int = 22) throws {
        let header = try parse(file).header
        guard let stanza = header.stanzas.first, stanza.type == ScryptStanza.type else {
            throw AgeError(.noMatch, "the file is not encrypted with a passphrase")
        }
        _ = try AgeError.mapping { try ScryptStanza.validate(stanza, maxWorkFactor: maxWorkFactor) }
    }

    /// The stanza types in the header (e.g. ["X25519"]) — for "no identity matched" messages.
    public static func stanzaTypes(of file: [UInt8]) throws -> [String] {
        try parse(file).header.stanzas.map(\.type)
    }
}
