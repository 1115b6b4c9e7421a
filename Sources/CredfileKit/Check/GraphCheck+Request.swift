internal import CredfileHTTP
internal import CredfileYAML

extension GraphCheck {
    /// Why no request was sent: a field is missing or malformed, or the authority is not one
    /// credfile sends a client secret to.
    struct Refusal: Error {
        var problem: String
        var hints: [String] = []
    }

    /// The client-credentials request of one credential, checked before anything is sent.
    struct TokenRequest {
        /// `{authority}/{tenant}/oauth2/v2.0/token`, for the report (it holds no secret).
        var endpoint: String
        /// The client secret, so that the answer can be searched for an echo of it.
        var secret: String
        var http: HTTPRequest

        /// The request for `credential`, or why there is none. Neither the secret nor the
        /// values of malformed fields are quoted (a secret pasted into the wrong field would be).
        static func make(_ credential: Credential, authority: String?, timeout: Double) -> Result<TokenRequest, Refusal> {
            do {
                let tenant = try field("tenant_id", of: credential)
                let clientID = try field("client_id", of: credential)
                let secret = try field("client_secret", of: credential)
                guard isTenant(tenant) else {
                    throw Refusal(problem: "tenant_id is neither a directory ID (a UUID) nor a domain such as contoso.onmicrosoft.com",
                                  hints: ["copy the Directory (tenant) ID from the app's Overview page in Entra ID"])
                }
                guard FormatCheck.isUUID(ArraySlice(clientID.utf8)) else {
                    throw Refusal(problem: "client_id is not an application ID (a UUID)",
                                  hints: ["copy the Application (client) ID from the app's Overview page in Entra ID"])
                }
                let base = try authorityBase(authority ?? GraphCheck.defaultAuthority)
                let endpoint = "\(base)/\(tenant)/oauth2/v2.0/token"
                let form = formEncoded([
                    ("client_id", clientID), ("client_secret", secret), ("grant_type", "client_credentials"), ("scope", GraphCheck.scope),
                ])
                let http = HTTPRequest(
                    method: "POST", url: endpoint,
                    headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded"), (name: "Accept", value: "application/json")],
                    body: Array(form.utf8), timeoutSeconds: timeout)
                return .success(TokenRequest(endpoint: endpoint, secret: secret, http: http))
            } catch let refusal as Refusal {
                return .failure(refusal)
            } catch {
                return .failure(Refusal(problem: "the token request could not be made"))
            }
        }

        /// A field's text; a missing or non-text field refuses the check.
        private static func field(_ name: String, of credential: Credential) throws -> String {
            if case .string(let text)? = credential.value(of: name), !text.isEmpty { return text }
            if credential.isLocked {
                throw Refusal(problem: "the credential is encrypted and no key opened it, so \(name) is unknown",
                              hints: ["provide a key that opens it: --identity FILE, SOPS_AGE_KEY_FILE, or the file's KMS key"])
            }
            throw Refusal(problem: "the credential has no \(name)", hints: ["set it: credfile set \(credential.name) \(name)=…"])
        }

        /// A directory ID or a domain (what the schema's pattern allows), checked again here
        /// because it becomes a path segment: no `/`, `?`, `#`, `%`, `..` can reach the URL.
        static func isTenant(_ tenant: String) -> Bool {
            let bytes = ArraySlice(tenant.utf8)
            if FormatCheck.isUUID(bytes) { return true }
            guard FormatCheck.isDNSName(bytes, requireDot: true), let last = tenant.split(separator: ".").last else { return false }
            return last.count >= 2 && last.allSatisfy { $0.isASCII && $0.isLetter }
        }

        /// The authority without a trailing `/`: `https://` only, a host (name, IPv4 or
        /// bracketed IPv6) and port, and an optional path of plain segments; no user
        /// information, query or fragment. The client secret goes in the body, so a plain
        /// `http://` authority would send it readable to anyone on the way (loopback included:
        /// tests use a local CA instead).
        static func authorityBase(_ authority: String) throws -> String {
            let refusal = Refusal(
                problem: "the authority must be an https:// URL such as \(GraphCheck.defaultAuthority) (a host, an optional port and path; no user, query or fragment)",
                hints: ["check --authority or CREDFILE_MSGRAPH_AUTHORITY (national clouds: https://login.microsoftonline.us, https://login.chinacloudapi.cn)"])
            var base = Substring(authority)
            while base.hasSuffix("/") { base = base.dropLast() }
            guard base.utf8.count <= 2048, base.lowercased().hasPrefix("https://"), FormatCheck.isURL(ArraySlice(base.utf8)) else { throw refusal }
            let afterScheme = base.dropFirst("https://".count)
            guard !afterScheme.contains(where: { "?#@%\\".contains($0) }) else { throw refusal }
            let segments = afterScheme.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            guard segments.allSatisfy(isPathSegment) else { throw refusal }
            return "https://" + afterScheme
        }

        /// A path segment of the authority: letters, digits, `-`, `_`, `.`, `~`; not `.` or `..`.
        private static func isPathSegment(_ segment: Substring) -> Bool {
            guard !segment.isEmpty, segment != ".", segment != ".." else { return false }
            return segment.utf8.allSatisfy { FormatCheck.isAlnum($0) || "-_.~".utf8.contains($0) }
        }

        /// `application/x-www-form-urlencoded` (WHATWG URL §5.2): unreserved bytes as they are,
        /// space as `+`, every other byte as `%XX`.
        static func formEncoded(_ pairs: [(String, String)]) -> String {
            pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
        }

        private static func encode(_ text: String) -> String {
            var out = ""
            for byte in text.utf8 {
                if FormatCheck.isAlnum(byte) || "*-._".utf8.contains(byte) {
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                } else if byte == 0x20 {
                    out += "+"
                } else {
                    let hex = String(byte, radix: 16, uppercase: true)
                    out += "%" + (hex.count == 1 ? "0" : "") + hex
                }
            }
            return out
        }
    }
}
