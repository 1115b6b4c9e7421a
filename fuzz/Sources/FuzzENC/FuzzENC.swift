import CredfileKit

/// The `ENC[AES256_GCM,…]` token parser: any text either parses or throws. A parsed token is
/// written back in canonical form, which parses to the same value and writes back to itself.
/// (Not necessarily to the input: like Go's decoder, and so sops, the parser tolerates
/// non-zero trailing bits in base64 — the first thing this target found, now a unit test.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzENC(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let value = only(CredfileError.self, { try EncryptedValue(parsing: text) }) else { return 0 }
    let canonical = value.text
    guard let again = try? EncryptedValue(parsing: canonical) else { preconditionFailure("canonical form does not parse") }
    precondition(again == value && again.text == canonical, "canonical form is not stable")
    return 0
}

/// `body`'s value, or nil when it throws `E`; any other error breaks the target's contract
/// and is a finding (`try?` would have swallowed it). Only the type is reported: a fuzzed
/// input's error may quote the input.
func only<E: Error, T>(_: E.Type, _ body: () throws -> T) -> T? {
    do { return try body() } catch is E { return nil } catch { preconditionFailure("threw \(type(of: error)), not \(E.self)") }
}
