internal import CredfileHTTP
#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

extension GraphCheck {
    /// The token endpoint's JSON answer (Entra ID v2.0: `access_token` on success; `error`,
    /// `error_codes`, `error_description` on failure). Each member is read on its own, so one
    /// of an unexpected type does not hide the others.
    struct TokenAnswer: Decodable {
        var accessToken: String?
        var error: String?
        var errorCodes: [Int]?
        var errorDescription: String?

        private enum CodingKeys: String, CodingKey {
            case accessToken = "access_token", error, errorCodes = "error_codes", errorDescription = "error_description"
        }

        init(from decoder: any Decoder) throws {
            let members = try decoder.container(keyedBy: CodingKeys.self)
            accessToken = try? members.decodeIfPresent(String.self, forKey: .accessToken)
            error = try? members.decodeIfPresent(String.self, forKey: .error)
            errorCodes = try? members.decodeIfPresent([Int].self, forKey: .errorCodes)
            errorDescription = try? members.decodeIfPresent(String.self, forKey: .errorDescription)
        }

        /// The body as a JSON object, or nil.
        static func parse(_ body: [UInt8]) -> TokenAnswer? {
            try? JSONDecoder().decode(TokenAnswer.self, from: Data(body))
        }

        /// The AADSTS code: the first of `error_codes`, else the digits after the `AADSTS`
        /// that starts `error_description`. Only the number is taken from the description.
        var code: Int? {
            if let first = errorCodes?.first, first > 0 { return first }
            guard let description = errorDescription, description.hasPrefix("AADSTS") else { return nil }
            let digits = description.dropFirst(6).prefix { $0.isASCII && $0.isNumber }.prefix(9)
            return Int(digits)
        }

        /// `error` when it is one of the OAuth 2.0 codes (RFC 6749 §5.2, OpenID Connect); any
        /// other text is the server's, and not repeated.
        var oauthError: String? {
            let known: Set<String> = [
                "invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type",
                "invalid_scope", "access_denied", "server_error", "temporarily_unavailable", "interaction_required",
                "consent_required", "invalid_resource",
            ]
            return error.flatMap { known.contains($0) ? $0 : nil }
        }
    }

    /// What the answer means for the credential: a token with the required roles, a token
    /// without them, an AADSTS refusal, or something that is not Entra ID.
    static func interpret(_ response: HTTPResponse, credential: Credential, secret: String, into report: inout CheckReport) {
        let answer = TokenAnswer.parse(response.body)
        if response.status == 200, let token = answer?.accessToken, !token.isEmpty {
            report.facts.append("access token obtained (HTTP 200)")
            let required = credential.schema?.requiredRoles
            if required == nil {
                report.facts.append("the schema names no required_roles: requiring \(defaultRequiredRoles.joined(separator: ", "))")
            }
            checkRoles(token, required: required ?? defaultRequiredRoles, secret: secret, into: &report)
            return
        }
        if let answer, let code = answer.code {
            let error = answer.oauthError.map { ", \($0)" } ?? ""
            report.facts.append("the token endpoint refused the request: HTTP \(response.status)\(error), AADSTS\(code)")
            let meaning = refusal(code: code, credential: credential)
            report.problem = meaning.problem
            report.hints = meaning.hints
            return
        }
        report.facts.append("the token endpoint answered HTTP \(response.status)")
        report.problem = response.status == 200
            ? "the token endpoint answered without an access token"
            : "the token endpoint answered HTTP \(response.status) without an Entra ID error code"
        report.hints = ["check the authority: Entra ID's login endpoint (\(defaultAuthority)) or a national cloud's"]
    }

    // MARK: Roles

    /// Compares the token's roles with `required`: all present is the one way to `.works`.
    static func checkRoles(_ token: String, required: [String], secret: String, into report: inout CheckReport) {
        guard let claims = AccessTokenClaims(token: token) else {
            report.problem = "the access token is not a JWT whose claims can be read, so its roles are unknown"
            report.hints = ["check the authority: Entra ID issues Microsoft Graph tokens as signed JWTs"]
            return
        }
        let roles = claims.roles ?? []
        report.facts.append(describe(roles, secret: secret))
        report.facts.append("roles read from the token without verifying its signature (the token is used for nothing else)")
        let missing = required.filter { !roles.contains($0) }
        guard !missing.isEmpty else {
            report.outcome = .works
            report.facts.append(required.isEmpty ? "the schema requires no roles" : "required roles present: \(required.joined(separator: ", "))")
            return
        }
        let plural = missing.count == 1 ? "role" : "roles"
        report.problem = "the token lacks the required \(plural) \(missing.joined(separator: ", "))"
        report.hints = [consentHint(missing), "a permission granted just now can take a few minutes to appear in new tokens"]
    }

    /// "roles in the token: A, B" — only names an app role may have, and none that contains
    /// the client secret (a hostile authority could send it back as a role); others counted.
    static func describe(_ roles: [String], secret: String) -> String {
        guard !roles.isEmpty else { return "the token carries no application roles" }
        let shown = roles.prefix(64).filter { SchemaParser.isRoleName($0) && !echoes($0, secret: secret) }
        let hidden = roles.count - shown.count
        var text = "roles in the token: " + (shown.isEmpty ? "none shown" : shown.joined(separator: ", "))
        if hidden > 0 { text += " (\(hidden) not shown: unprintable, too many, or holding the secret)" }
        return text
    }

    /// Whether `role` holds the secret, or a piece of it (12 characters, or all of a shorter
    /// one), as sent or as a server echoing the request would write it: the form-encoded body
    /// (`~` is `%7E` there, so a plain search missed it) in either case of hex, or base64.
    static func echoes(_ role: String, secret: String) -> Bool {
        guard !secret.isEmpty else { return false }
        let encoded = String(TokenRequest.formEncoded([("", secret)]).dropFirst())
        let forms = [secret, encoded, encoded.lowercased(), Data(secret.utf8).base64EncodedString()]
        return forms.contains { form in
            let characters = Array(form)
            let width = min(12, characters.count)
            return (0...(characters.count - width)).contains { role.contains(String(characters[$0..<($0 + width)])) }
        }
    }

    /// Where an administrator grants application permissions.
    static func consentHint(_ roles: [String]) -> String {
        if roles.isEmpty {
            return "grant admin consent for the app's permissions: Entra ID → App registrations → the app → API permissions → Grant admin consent"
        }
        return "grant the Microsoft Graph *application* permission\(roles.count == 1 ? "" : "s") \(roles.joined(separator: ", ")) "
            + "(not delegated) with admin consent: Entra ID → App registrations → the app → API permissions → "
            + "Add a permission → Microsoft Graph → Application permissions, then Grant admin consent"
    }

    // MARK: AADSTS codes

    /// The AADSTS errors users meet, in plain words (Microsoft's list:
    /// https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
    static func refusal(code: Int, credential: Credential) -> (problem: String, hints: [String]) {
        let name = credential.name
        let renew = "credfile set \(name) --prompt client_secret secret_expires=YYYY-MM-DD"
        let tenantHint = "check tenant_id: the Directory (tenant) ID on the app's Overview page in Entra ID"
        let cloudHint = "an app of a national cloud needs that cloud's authority (--authority https://login.microsoftonline.us, https://login.chinacloudapi.cn)"
        switch code {
        case 7_000_215:
            return ("the client secret is wrong (AADSTS7000215: invalid client secret)", [
                "store the secret's Value, not its Secret ID: Entra ID shows the value once, when the secret is created (App registrations → the app → Certificates & secrets)",
                "then: credfile set \(name) --prompt client_secret",
            ])
        case 7_000_222:
            return ("the client secret has expired (AADSTS7000222)", [
                "create a new client secret: Entra ID → App registrations → the app → Certificates & secrets → New client secret",
                "store it and its expiry: \(renew)",
            ])
        case 700_016:
            return ("Entra ID knows no application with this client_id in this tenant (AADSTS700016)", [
                "check client_id: the Application (client) ID on the app's Overview page", tenantHint + " (the app must be registered in this tenant, or consented to by it)",
            ])
        case 90002:
            return ("Entra ID knows no tenant with this tenant_id (AADSTS90002: tenant not found)", [tenantHint, cloudHint])
        case 900_023:
            return ("tenant_id is not a tenant identifier Entra ID accepts (AADSTS900023)", [tenantHint])
        case 65001:
            return ("the application's permissions have no admin consent (AADSTS65001: consent missing)", [consentHint(requiredRoles(credential))])
        case 7_000_112:
            return ("the application is disabled (AADSTS7000112)", [
                "an administrator can enable it: Entra ID → Enterprise applications → the app → Properties → Enabled for users to sign-in",
            ])
        case 500_011:
            return ("Microsoft Graph was not found in this tenant (AADSTS500011: resource principal not found)", [cloudHint])
        case 53003:
            return ("Conditional Access blocked the app's sign-in (AADSTS53003)", [
                "an administrator can see which policy: Entra ID → Sign-in logs → Service principal sign-ins",
            ])
        default:
            return ("the token endpoint refused the request (AADSTS\(code))", [
                "look the code up: https://login.microsoftonline.com/error?code=\(code)",
            ])
        }
    }

    private static func requiredRoles(_ credential: Credential) -> [String] {
        credential.schema?.requiredRoles ?? defaultRequiredRoles
    }
}
