import CredfileKit
import Foundation

/// `.sops.yaml`: loading, then choosing the creation rule for a credential path (which
/// compiles and runs the user's `path_regex`). Throws `CredfileError` or succeeds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let url = URL(fileURLWithPath: "/fuzz/.sops.yaml")
    guard let config = try? SOPSConfig(bytes: bytes, url: url) else { return 0 }
    _ = try? config.rule(for: URL(fileURLWithPath: "/fuzz/credentials/smtp-demo.yaml"))
    return 0
}
