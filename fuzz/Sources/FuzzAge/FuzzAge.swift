import CredfileAge

/// The age armor, header and stanza parsers and the payload stream, through the public
/// entry points: header listing, decryption with an X25519 identity, and with a passphrase
/// (work factor capped low so a fuzzed scrypt stanza stays cheap; the cap check is itself
/// under test). Everything must throw `AgeError` or succeed; nothing may trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAge(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = only(AgeError.self) { try Age.stanzaTypes(of: bytes) }
    _ = only(AgeError.self) { try Age.decrypt(bytes, identities: [FuzzKeys.identity]) }
    _ = only(AgeError.self) { try Age.decrypt(bytes, passphrase: "fuzz", maxWorkFactor: 8) }
    return 0
}

enum FuzzKeys {
    /// The committed demo identity (demo/DEMO-ONLY-age-identity.txt): the age seeds that are
    /// X25519 files (the credentials' `enc` blocks) decrypt with it, so mutations reach the
    /// payload code, not only the header checks.
    static let identity = try! AgeIdentity(
        parsing: "AGE-SECRET-KEY-18ZS4KMJKXWAZ2CQQDH0H2XLWQSZ2K9XFXKWQ0KRY072KNCKAFY5SZ3K6MC")
}

/// `body`'s value, or nil when it throws `E`; any other error breaks the target's contract
/// and is a finding (`try?` would have swallowed it). Only the type is reported: a fuzzed
/// input's error may quote the input.
func only<E: Error, T>(_: E.Type, _ body: () throws -> T) -> T? {
    do { return try body() } catch is E { return nil } catch { preconditionFailure("threw \(type(of: error)), not \(E.self)") }
}
