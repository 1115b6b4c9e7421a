internal import CredfileAge

/// sops's base64 (Go `StdEncoding`: padding required, unused bits tolerated), forwarding to the
/// package's one implementation in CredfileAge, the lower module that needs it. A forwarder
/// rather than a typealias because member lookup (MemberImportVisibility) would otherwise make
/// every caller, tests included, import CredfileAge.
enum Base64 {
    /// Padded.
    static func encode(_ bytes: [UInt8]) -> String { CredfileAge.Base64.encode(bytes) }

    /// Nil unless padded base64 of a length multiple of 4.
    static func decode(_ text: String) -> [UInt8]? { CredfileAge.Base64.decode(text) }

    /// The same on bytes (the `ENC[…]` parser's hot path).
    static func decode(bytes: ArraySlice<UInt8>) -> [UInt8]? { CredfileAge.Base64.decode(bytes: bytes) }
}
