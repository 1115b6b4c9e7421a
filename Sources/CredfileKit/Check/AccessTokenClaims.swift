internal import Foundation

/// The claims `credfile check` reads from an OAuth access token: the payload of a JWS compact
/// token (RFC 7515 §7.1: `header.payload.signature`, each base64url without padding), decoded
/// **without verifying the signature**. That is enough to report which application roles
/// Entra ID granted, and nothing is authorised with it: the token is dropped after reading.
struct AccessTokenClaims: Sendable, Equatable {
    /// The `roles` claim: the app roles (application permissions) granted, or nil when the
    /// token has none (an app without consented application permissions gets no `roles`).
    var roles: [String]?

    /// The claims of `token`, or nil when it is not a three-part JWS with a JSON object payload
    /// whose `roles` (when present) is a list of strings. An encrypted token (JWE, five parts)
    /// cannot be read without its key and is nil too.
    init?(token: String) {
        let parts = token.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Self.base64URLDecoded(parts[1]) else { return nil }
        guard let decoded = try? JSONDecoder().decode(Payload.self, from: payload) else { return nil }
        roles = decoded.roles
    }

    private struct Payload: Decodable {
        var roles: [String]?
    }

    /// RFC 4648 §5 base64url, padding optional (JWS omits it); nil for any other character.
    static func base64URLDecoded(_ text: Substring) -> Data? {
        guard !text.isEmpty, text.count % 4 != 1,
            text.utf8.allSatisfy({ FormatCheck.isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") })
        else { return nil }
        var standard = String(text).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return Data(base64Encoded: standard)
    }
}
