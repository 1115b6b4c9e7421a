import CredfileAge

/// The identity and recipient parsers (Bech32, key files with comments): parse or throw.
/// An accepted recipient written back and parsed again is the same recipient, and an
/// accepted identity's recipient parses.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKeys(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let identities = try? AgeKeyFile.parseIdentities(text) {
        for identity in identities { _ = try! AgeRecipient(parsing: identity.recipient.description) }
    }
    if let recipients = try? AgeKeyFile.parseRecipients(text) {
        for recipient in recipients {
            let again = try! AgeRecipient(parsing: recipient.description)
            precondition(again.description == recipient.description, "recipient does not round-trip")
        }
    }
    _ = try? AgeIdentity(parsing: text)
    _ = try? AgeRecipient(parsing: text)
    return 0
}
