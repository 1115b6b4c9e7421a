import CredfileKit
import Foundation

/// `validate` on a whole file, both tiers: key-less, and with decryption and the MAC under the
/// demo identity (the seeds are the repository's demo credentials, encrypted to it, so
/// mutations reach decryption and MAC checking). Findings are diagnostics, never a trap, and
/// no diagnostic may carry a demo secret unless the input holds it in plain text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzValidate(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let file = CredentialFile(url: URL(fileURLWithPath: "/fuzz/credentials/smtp-demo.yaml"),
                              displayPath: "credentials/smtp-demo.yaml", contents: bytes)
    for validator in FuzzValidators.both {
        let report = validator.validate([file])
        let input = String(decoding: bytes, as: UTF8.self)
        for secret in FuzzValidators.demoSecrets where !input.contains(secret) {
            for diagnostic in report.diagnostics {
                precondition(!diagnostic.description.contains(secret), "a diagnostic carries a decrypted value")
            }
        }
    }
    return 0
}

enum FuzzValidators {
    /// The plaintexts of the sensitive fields of credentials/*.yaml (the demo credentials).
    static let demoSecrets = ["demo-app-password", "demo-client-secret"]

    static let both: [RepositoryValidator] = {
        var keyless = ValidationOptions()
        keyless.today = 20_000
        var decrypting = keyless
        decrypting.decrypt = true
        decrypting.keys = KeyRing(discovery: IdentityDiscovery(
            environment: ["SOPS_AGE_KEY": "AGE-SECRET-KEY-18ZS4KMJKXWAZ2CQQDH0H2XLWQSZ2K9XFXKWQ0KRY072KNCKAFY5SZ3K6MC",
                          "HOME": "/nonexistent"]))
        return [keyless, decrypting].map { RepositoryValidator(schemas: SchemaSet.builtIn, options: $0) }
    }()
}
