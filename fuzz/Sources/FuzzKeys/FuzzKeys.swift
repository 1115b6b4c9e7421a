import CredfileAge

/// The identity and recipient parsers (Bech32, key files with comments): parse or throw.
/// An accepted recipient written back and parsed again is the same recipient, and an
/// accepted identity's recipient parses.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKeys(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let identities = only(AgeError.self, { try AgeKeyFile.parseIdentities(text) }) {
        for identity in identities { _ = try! AgeRecipient(parsing: identity.recipient.description) }
    }
    if let recipients = only(AgeError.self, { try AgeKeyFile.parseRecipients(text) }) {
        for recipient in recipients {
            let again = try! AgeRecipient(parsing: recipient.description)
            precondition(again.description == recipient.description, "recipient does not round-trip")
        }
    }
    _ = only(AgeError.self) { try AgeIdentity(parsing: text) }
    _ = only(AgeError.self) { try AgeRecipient(parsing: text) }
    return 0
}

/// `body`'s value, or nil when it throws `E`; any other error breaks the target's contract
/// and is a finding (`try?` would have swallowed it). Only the type is reported: a fuzzed
/// input's error may quote the input.
func only<E: Error, T>(_: E.Type, _ body: () throws -> T) -> T? {
    do { return try body() } catch is E { return nil } catch { preconditionFailure("threw \(type(of: error)), not \(E.self)") }
}
