internal import CredfileHTTP
internal import CredfileYAML
internal import Foundation

/// The live check of an `msgraph` credential: the OAuth 2.0 client-credentials request to
/// `{authority}/{tenant_id}/oauth2/v2.0/token` for `https://graph.microsoft.com/.default`,
/// then the `roles` claim of the access token against the schema's `required_roles`.
///
/// The token's signature is not verified: the report only says which application permissions
/// Entra ID put into it, and the token is used for nothing else (and dropped). Nothing the
/// server sends is quoted: the report names AADSTS codes and HTTP statuses in credfile's words,
/// so neither the secret, the token nor the server's echo of either can reach it.
public struct GraphCheck: CredentialCheck {
    /// Entra ID's public cloud; national clouds and tests pass another through `CheckOptions`.
    public static let defaultAuthority = "https://login.microsoftonline.com"
    /// The roles required when the type's schema names none (a repository initialised before
    /// `required_roles` existed): Microsoft Graph's application permissions for reading and
    /// sending mail.
    public static let defaultRequiredRoles = ["Mail.Read", "Mail.ReadWrite"]
    /// Every application permission granted to the app on Microsoft Graph.
    static let scope = "https://graph.microsoft.com/.default"

    /// The credential type this check knows.
    static let type = "msgraph"

    public var types: Set<String> { [Self.type] }

    /// Where `SSL_CERT_FILE` / `SSL_CERT_DIR` are read when the options name no CA.
    let environment: [String: String]

    /// A check reading `SSL_CERT_FILE` / `SSL_CERT_DIR` from `environment` when `CheckOptions`
    /// names no CA.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// A check reading them from the process's environment.
    public init() {
        self.init(environment: ProcessInfo.processInfo.environment)
    }

    public func check(_ credential: Credential, options: CheckOptions) -> CheckReport {
        var report = CheckReport(name: credential.name, type: credential.type ?? Self.type, outcome: .fails)
        report.warnings = Self.expiryWarnings(credential, today: options.today)
        let request: TokenRequest
        switch TokenRequest.make(credential, authority: options.authority, timeout: options.timeoutSeconds) {
        case .success(let made): request = made
        case .failure(let refusal):
            report.problem = refusal.problem
            report.hints = refusal.hints
            return report
        }
        let response: HTTPResponse
        do {
            response = try client(options).send(request.http)
        } catch {
            Self.explain(error, endpoint: request.endpoint, timeout: options.timeoutSeconds, into: &report)
            return report
        }
        report.facts.append("reached the token endpoint \(request.endpoint)")
        Self.interpret(response, credential: credential, secret: request.secret, into: &report)
        return report
    }

    /// The HTTP client: the options' CA when they name one, else the environment's.
    private func client(_ options: CheckOptions) -> HTTPClient {
        if options.caFile != nil || options.caDirectory != nil {
            return HTTPClient(caFile: options.caFile, caDirectory: options.caDirectory)
        }
        return HTTPClient(environment: environment)
    }

    // MARK: Transport failures

    /// No answer: say what failed, and what usually fixes it.
    static func explain(_ error: HTTPError, endpoint: String, timeout: Double, into report: inout CheckReport) {
        let authorityHint = "check the network and the authority (--authority or CREDFILE_MSGRAPH_AUTHORITY; default \(defaultAuthority))"
        switch error.kind {
        case .unreachable:
            report.problem = "cannot reach the token endpoint: \(error.message)"
            report.hints = [authorityHint]
        case .timeout:
            report.problem = "no answer from the token endpoint \(endpoint) within \(formatSeconds(timeout))"
            report.hints = [authorityHint, "allow more time with --timeout SECONDS"]
        case .tls:
            report.problem = "TLS with the token endpoint failed (certificate not trusted, or the wrong host name): \(error.message)"
            report.hints = [
                "for an authority with a private CA, name its certificates with SSL_CERT_FILE (a PEM bundle) or SSL_CERT_DIR",
                "a proxy that intercepts TLS needs its CA trusted the same way",
            ]
        case .libraryUnavailable:
            report.problem = error.message
            report.hints = ["install libcurl (libcurl4 on Debian and Ubuntu); credfile loads it when a check needs the network"]
        case .invalidRequest, .responseTooLarge, .transfer:
            report.problem = "the token request failed: \(error.message)"
        }
    }

    private static func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }

    // MARK: Expiry

    /// A warning when an expiry date of the credential (`secret_expires`) is within 30 days of
    /// `today` or has passed: the secret works today and stops working then.
    static func expiryWarnings(_ credential: Credential, today: String) -> [String] {
        let day = FormatCheck.date(ArraySlice(today.utf8)).map {
            CredentialCalendar.civilDays(year: $0.year, month: $0.month, day: $0.day)
        } ?? CredentialExpiry.today
        guard let expiry = CredentialExpiry.earliest(schema: credential.schema, values: credential.values, today: day),
            expiry.isExpired || expiry.isNear()
        else { return [] }
        let renew = "credfile set \(credential.name) --prompt client_secret \(expiry.field)=YYYY-MM-DD"
        if expiry.isExpired {
            return ["'\(expiry.field)' says the client secret expired on \(expiry.date) (\(expiry.status)): "
                + "create a new secret and record it and its date (\(renew))"]
        }
        return ["the client secret \(expiry.status) ('\(expiry.field)': \(expiry.date)): "
            + "create a new secret before then and record it and its date (\(renew))"]
    }
}
