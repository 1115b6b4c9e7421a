import CredfileCrypto

/// The `scrypt` stanza: `-> scrypt <b64raw(salt)> <logN>` and the file key wrapped under a
/// passphrase-derived key (age-format.md §6).
enum ScryptStanza {
    static let type = "scrypt"
    static let saltSize = 16
    private static let label = Array("age-encryption.org/v1/scrypt".utf8)

    /// Wraps `fileKey` under `passphrase` (exact UTF-8 bytes, no normalization) and `salt`.
    static func wrap(_ fileKey: SecretBytes, passphrase: [UInt8], salt: [UInt8], workFactor: Int) throws -> Stanza {
        let wrapKey = try deriveKey(passphrase: passphrase, salt: salt, workFactor: workFactor)
        let arguments = [type, Base64.encodeRaw(salt), String(workFactor)]
        return Stanza(arguments: arguments, body: try FileKeyWrap.seal(fileKey, with: wrapKey))
    }

    /// The file key, or nil if the passphrase is wrong. Validates everything, and applies the
    /// work-factor cap, before running scrypt (§6.3).
    static func unwrap(_ stanza: Stanza, passphrase: [UInt8], maxWorkFactor: Int) throws -> SecretBytes? {
        let (salt, workFactor) = try validate(stanza, maxWorkFactor: maxWorkFactor)
        let wrapKey = try deriveKey(passphrase: passphrase, salt: salt, workFactor: workFactor)
        return try FileKeyWrap.open(stanza.body, with: wrapKey)
    }

    /// The salt and work factor of a well-formed stanza within the cap; a header failure
    /// otherwise. Needs no passphrase, so a file that could never open is refused before
    /// anyone is asked for one.
    static func validate(_ stanza: Stanza, maxWorkFactor: Int) throws -> (salt: [UInt8], workFactor: Int) {
        guard stanza.arguments.count == 3 else { throw HeaderParser.failure("scrypt stanza needs two arguments") }
        guard let salt = Base64.decodeRaw(stanza.arguments[1].utf8), salt.count == saltSize else {
            throw HeaderParser.failure("invalid scrypt salt")
        }
        guard let workFactor = parseWorkFactor(stanza.arguments[2]) else {
            throw HeaderParser.failure("invalid scrypt work factor")
        }
        guard workFactor <= maxWorkFactor else {
            throw HeaderParser.failure("scrypt work factor \(workFactor) exceeds the limit of \(maxWorkFactor)")
        }
        guard stanza.body.count == FileKeyWrap.bodySize else { throw HeaderParser.failure("invalid scrypt body size") }
        return (salt, workFactor)
    }

    /// `^[1-9][0-9]*$` without overflow: rejects `0`, `010`, `+10`, `0xa` and the like.
    static func parseWorkFactor(_ text: String) -> Int? {
        let digits = Array(text.utf8)
        guard let first = digits.first, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(first),
            digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return Int(text)  // nil on overflow
    }

    private static func deriveKey(passphrase: [UInt8], salt: [UInt8], workFactor: Int) throws -> SecretBytes {
        try Scrypt.derive(passphrase: passphrase, salt: label + salt, logN: workFactor, r: 8, p: 1, count: 32)
    }
}
