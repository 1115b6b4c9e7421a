import CredfileKit
import Foundation

/// `.sops.yaml`: loading, then choosing the creation rule for a credential path (which
/// compiles and runs the user's `path_regex`). Throws `CredfileError` or succeeds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let url = URL(fileURLWithPath: "/fuzz/.sops.yaml")
    guard let config = only(CredfileError.self, { try SOPSConfig(bytes: bytes, url: url) }) else { return 0 }
    _ = only(CredfileError.self) { try config.rule(for: URL(fileURLWithPath: "/fuzz/credentials/smtp-demo.yaml")) }
    return 0
}

/// `body`'s value, or nil when it throws `E`; any other error breaks the target's contract
/// and is a finding (`try?` would have swallowed it). Only the type is reported: a fuzzed
/// input's error may quote the input.
func only<E: Error, T>(_: E.Type, _ body: () throws -> T) -> T? {
    do { return try body() } catch is E { return nil } catch { preconditionFailure("threw \(type(of: error)), not \(E.self)") }
}
