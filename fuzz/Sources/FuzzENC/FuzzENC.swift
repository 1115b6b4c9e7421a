import CredfileKit

/// The `ENC[AES256_GCM,…]` token parser: any text either parses or throws. A parsed token is
/// written back in canonical form, which parses to the same value and writes back to itself.
/// (Not necessarily to the input: like Go's decoder, and so sops, the parser tolerates
/// non-zero trailing bits in base64 — the first thing this target found, now a unit test.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzENC(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let value = try? EncryptedValue(parsing: text) else { return 0 }
    let canonical = value.text
    guard let again = try? EncryptedValue(parsing: canonical) else { preconditionFailure("canonical form does not parse") }
    precondition(again == value && again.text == canonical, "canonical form is not stable")
    return 0
}
