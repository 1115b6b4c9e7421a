@testable import CredfileKit
import CredfileTestSupport
import Foundation
import Testing

/// `GraphCheck` against a real HTTPS token endpoint on loopback (Scripts/token_server.py): the
/// request it sends, each answer Entra ID gives, and that no report ever holds the secret or a
/// token.
@Suite(PeerTool.needsPython("trustme"), .localTokenEndpoint)
struct GraphCheckTests {
    /// A repository with the built-in schemas (or `schema` as schemas/msgraph.yaml) and one
    /// plain msgraph credential, `graph-mailbox`, checked against the local endpoint.
    private func check(
        tenant: String, clientID: String = LocalTokenEndpoint.clientID, secret: String = LocalTokenEndpoint.secret,
        expires: String? = nil, today: String = "2026-12-06", schema: String? = nil, authority: String? = nil,
        caFile: String? = "", environment: [String: String] = [:], timeout: Double = 10
    ) throws -> CheckReport {
        let endpoint = try LocalTokenEndpoint.require()
        let repo = try TemporaryDirectory("credfile-graph-check")
        for (name, text) in SchemaSet.builtInFiles {
            try repo.write("schemas/\(name)", name == "msgraph.yaml" ? schema ?? text : text)
        }
        var yaml = "name: graph-mailbox\ntype: msgraph\ndescription: check test\ntenant_id: \(tenant)\n"
        yaml += "client_id: \(clientID)\nclient_secret: \(secret)\n"
        if let expires { yaml += "secret_expires: \(expires)\n" }
        try repo.write("credentials/graph-mailbox.yaml", yaml)
        let credential = try Repository.discover(from: repo.url).credential(named: "graph-mailbox")
        let options = CheckOptions(
            timeoutSeconds: timeout, authority: authority ?? endpoint.authority, caFile: caFile == "" ? endpoint.caFile : caFile,
            today: today)
        let report = GraphCheck(environment: environment).check(credential, options: options)
        try expectNothingSecret(in: report, secret: secret)
        return report
    }

    /// Every string of the report: free of the secret, of every token the server issued, and
    /// of anything shaped like a JWT (base64url of `{"` starts `eyJ`).
    private func expectNothingSecret(in report: CheckReport, secret: String) throws {
        let tokens = try LocalTokenEndpoint.require().issuedTokens()
        for text in [report.name, report.type, report.problem ?? ""] + report.facts + report.hints + report.warnings {
            #expect(!text.contains(secret), "the secret in: \(text)")
            #expect(!text.contains(LocalTokenEndpoint.secret), "the secret in: \(text)")
            #expect(!text.contains("eyJ"), "a token in: \(text)")
            for token in tokens { #expect(!text.contains(token), "a token in: \(text)") }
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 }, "a control character in: \(text)")
        }
    }

    // MARK: A token

    @Test func tokenWithTheRequiredRolesWorks() throws {
        let report = try check(tenant: "all-roles.example.com")
        #expect(report.outcome == .works)
        #expect(report.problem == nil && report.hints.isEmpty && report.warnings.isEmpty)
        let endpoint = try LocalTokenEndpoint.require()
        #expect(report.facts == [
            "reached the token endpoint \(endpoint.authority)/all-roles.example.com/oauth2/v2.0/token",
            "access token obtained (HTTP 200)",
            "roles in the token: Mail.Read, Mail.ReadWrite, User.Read.All",
            "roles read from the token without verifying its signature (the token is used for nothing else)",
            "required roles present: Mail.Read, Mail.ReadWrite",
        ])
        #expect(report.name == "graph-mailbox" && report.type == "msgraph")
    }

    @Test func theRequestIsTheClientCredentialsGrant() throws {
        _ = try check(tenant: "4f1c2d3e-0000-4000-8000-00000000abcd")
        let request = try #require(try LocalTokenEndpoint.require().requests().last { ($0["path"] as? String)?.hasPrefix("/4f1c2d3e") == true })
        #expect(request["path"] as? String == "/4f1c2d3e-0000-4000-8000-00000000abcd/oauth2/v2.0/token")
        #expect(request["contentType"] as? String == "application/x-www-form-urlencoded")
        #expect(request["accept"] as? String == "application/json")
        // Byte for byte: `~` percent-encoded (WHATWG form encoding), `/` and `:` of the scope too.
        #expect(request["body"] as? String == "client_id=\(LocalTokenEndpoint.clientID)"
            + "&client_secret=Q7t8Q%7Eabc.DEF_ghi-jkl%7EMNOpqrSTuvWXyz012345"
            + "&grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default")
        #expect(request["issued"] != nil)
    }

    @Test func aSecretWithSpacesAndSymbolsArrivesIntact() throws {
        // The server compares what it parsed with its secret: only an exact form encoding matches.
        let report = try check(tenant: "all-roles.example.com", secret: "a b+c&d=e%f~g/é")
        #expect(report.outcome == .fails)
        let request = try #require(try LocalTokenEndpoint.require().requests().last)
        let form = try #require(request["form"] as? [String: [String]])
        #expect(form["client_secret"] == ["a b+c&d=e%f~g/é"])
    }

    @Test func aMissingRoleFailsWithTheConsentHint() throws {
        let report = try check(tenant: "read-only.example.com")
        #expect(report.outcome == .fails)
        #expect(report.facts.contains("roles in the token: Mail.Read"))
        #expect(report.problem == "the token lacks the required role Mail.ReadWrite")
        #expect(report.hints.first?.hasPrefix("grant the Microsoft Graph *application* permission Mail.ReadWrite (not delegated) with admin consent") == true)
        #expect(report.hints.first?.contains("API permissions") == true && report.hints.first?.contains("Grant admin consent") == true)
    }

    @Test func aTokenWithoutRolesFails() throws {
        for tenant in ["no-roles.example.com", "empty-roles.example.com"] {
            let report = try check(tenant: tenant)
            #expect(report.outcome == .fails)
            #expect(report.facts.contains("the token carries no application roles"))
            #expect(report.problem == "the token lacks the required roles Mail.Read, Mail.ReadWrite")
        }
    }

    @Test func requiredRolesComeFromTheSchema() throws {
        let builtIn = try #require(SchemaSet.builtInFiles.first { $0.name == "msgraph.yaml" }?.text)
        let line = "required_roles: [Mail.Read, Mail.ReadWrite]"
        #expect(builtIn.contains(line))
        let readOnly = try check(tenant: "read-only.example.com", schema: builtIn.replacingOccurrences(of: line, with: "required_roles: [Mail.Read]"))
        #expect(readOnly.outcome == .works)
        #expect(readOnly.facts.last == "required roles present: Mail.Read")
        let other = try check(
            tenant: "all-roles.example.com", schema: builtIn.replacingOccurrences(of: line, with: "required_roles: [User.Read.All, Sites.Selected]"))
        #expect(other.outcome == .fails && other.problem == "the token lacks the required role Sites.Selected")
        let none = try check(tenant: "empty-roles.example.com", schema: builtIn.replacingOccurrences(of: line, with: "required_roles: []"))
        #expect(none.outcome == .works && none.facts.last == "the schema requires no roles")
    }

    @Test func aSchemaWithoutRequiredRolesAsksForTheMailRoles() throws {
        // A repository initialised before required_roles existed.
        let builtIn = try #require(SchemaSet.builtInFiles.first { $0.name == "msgraph.yaml" }?.text)
        let old = builtIn.replacingOccurrences(of: "required_roles: [Mail.Read, Mail.ReadWrite]\n", with: "")
        let report = try check(tenant: "read-only.example.com", schema: old)
        #expect(report.outcome == .fails)
        #expect(report.facts.contains("the schema names no required_roles: requiring Mail.Read, Mail.ReadWrite"))
        #expect(report.problem == "the token lacks the required role Mail.ReadWrite")
    }

    @Test func rolesThatAreNotRoleNamesAreNotRepeated() throws {
        // The server puts the secret (wrapped) and a line break into two roles.
        let report = try check(tenant: "odd-roles.example.com")
        #expect(report.outcome == .works)
        #expect(report.facts.contains("roles in the token: Mail.Read, Mail.ReadWrite (2 not shown: unprintable, too many, or holding the secret)"))
    }

    // MARK: Entra ID's refusals

    struct Refusal: Sendable, CustomStringConvertible {
        var description: String
        var tenant: String
        var clientID = LocalTokenEndpoint.clientID
        var secret = LocalTokenEndpoint.secret
        var fact: String
        var problem: String
        var hint: String
    }

    static let refusals: [Refusal] = [
        Refusal(description: "wrong secret", tenant: "all-roles.example.com", secret: "the-secret-id-not-its-value",
                fact: "HTTP 401, invalid_client, AADSTS7000215", problem: "the client secret is wrong (AADSTS7000215: invalid client secret)",
                hint: "store the secret's Value, not its Secret ID"),
        Refusal(description: "expired secret", tenant: "expired-secret.example.com", fact: "HTTP 401, invalid_client, AADSTS7000222",
                problem: "the client secret has expired (AADSTS7000222)",
                hint: "store it and its expiry: credfile set graph-mailbox --prompt client_secret secret_expires=YYYY-MM-DD"),
        Refusal(description: "unknown application", tenant: "all-roles.example.com", clientID: "00000000-1111-4222-8333-444444444444",
                fact: "HTTP 400, unauthorized_client, AADSTS700016",
                problem: "Entra ID knows no application with this client_id in this tenant (AADSTS700016)", hint: "check client_id"),
        Refusal(description: "unknown tenant", tenant: "nowhere.example.com", fact: "HTTP 400, invalid_request, AADSTS90002",
                problem: "Entra ID knows no tenant with this tenant_id (AADSTS90002: tenant not found)", hint: "check tenant_id"),
        Refusal(description: "code only in the description", tenant: "description-only.example.com", fact: "HTTP 400, invalid_request, AADSTS90002",
                problem: "Entra ID knows no tenant with this tenant_id (AADSTS90002: tenant not found)", hint: "national cloud"),
        Refusal(description: "consent missing", tenant: "consent-missing.example.com", fact: "HTTP 400, invalid_grant, AADSTS65001",
                problem: "the application's permissions have no admin consent (AADSTS65001: consent missing)",
                hint: "grant the Microsoft Graph *application* permissions Mail.Read, Mail.ReadWrite"),
        Refusal(description: "disabled application", tenant: "disabled-app.example.com", fact: "HTTP 400, unauthorized_client, AADSTS7000112",
                problem: "the application is disabled (AADSTS7000112)", hint: "Enterprise applications"),
        Refusal(description: "conditional access", tenant: "blocked.example.com", fact: "HTTP 400, access_denied, AADSTS53003",
                problem: "Conditional Access blocked the app's sign-in (AADSTS53003)", hint: "Service principal sign-ins"),
        Refusal(description: "a code without a hint", tenant: "unlisted-code.example.com", fact: "HTTP 400, invalid_request, AADSTS9999999",
                problem: "the token endpoint refused the request (AADSTS9999999)", hint: "https://login.microsoftonline.com/error?code=9999999"),
        Refusal(description: "an answer quoting the secret and a token", tenant: "echo.example.com", fact: "HTTP 401, invalid_client, AADSTS9999998",
                problem: "the token endpoint refused the request (AADSTS9999998)", hint: "error?code=9999998"),
    ]

    @Test(arguments: refusals) func entraIDRefusalIsExplained(_ refusal: Refusal) throws {
        let report = try check(tenant: refusal.tenant, clientID: refusal.clientID, secret: refusal.secret)
        #expect(report.outcome == .fails)
        #expect(report.facts.last == "the token endpoint refused the request: \(refusal.fact)")
        #expect(report.problem == refusal.problem)
        #expect(report.hints.contains { $0.contains(refusal.hint) }, "\(report.hints)")
        // The server's own words (error_description, trace IDs) never reach the report.
        let all = report.facts + report.hints + [report.problem ?? ""]
        #expect(!all.contains { $0.contains("Trace ID") || $0.contains("not found in the directory") || $0.contains("were seen") })
    }

    // MARK: Not Entra ID, or no answer

    @Test func answersThatAreNotATokenFail() throws {
        let cases = [
            ("not-json.example.com", "HTTP 200", "the token endpoint answered without an access token"),
            ("no-token.example.com", "HTTP 200", "the token endpoint answered without an access token"),
            ("server-error.example.com", "HTTP 503", "the token endpoint answered HTTP 503 without an Entra ID error code"),
        ]
        for (tenant, status, problem) in cases {
            let report = try check(tenant: tenant)
            #expect(report.outcome == .fails)
            #expect(report.facts.last == "the token endpoint answered \(status)")
            #expect(report.problem == problem)
            #expect(report.hints.first?.hasPrefix("check the authority") == true)
        }
        let opaque = try check(tenant: "opaque-token.example.com")
        #expect(opaque.outcome == .fails && opaque.facts.contains("access token obtained (HTTP 200)"))
        #expect(opaque.problem == "the access token is not a JWT whose claims can be read, so its roles are unknown")
    }

    @Test func anUntrustedCertificateIsATLSFailure() throws {
        let endpoint = try LocalTokenEndpoint.require()
        let report = try check(tenant: "all-roles.example.com", caFile: endpoint.otherCAFile)
        #expect(report.outcome == .fails)
        #expect(report.facts.isEmpty)
        #expect(report.problem?.hasPrefix("TLS with the token endpoint failed (certificate not trusted, or the wrong host name): ") == true)
        #expect(report.hints.first?.contains("SSL_CERT_FILE") == true)
    }

    @Test func sslCertFileIsHonouredWhenTheOptionsNameNoCA() throws {
        let endpoint = try LocalTokenEndpoint.require()
        let trusted = try check(tenant: "all-roles.example.com", caFile: nil, environment: ["SSL_CERT_FILE": endpoint.caFile])
        #expect(trusted.outcome == .works)
        let other = try check(tenant: "all-roles.example.com", caFile: nil, environment: ["SSL_CERT_FILE": endpoint.otherCAFile])
        #expect(other.outcome == .fails && other.problem?.hasPrefix("TLS with the token endpoint failed") == true)
        // Without either, the system store: it does not know the test CA.
        let system = try check(tenant: "all-roles.example.com", caFile: nil, environment: [:])
        #expect(system.outcome == .fails && system.problem?.hasPrefix("TLS with the token endpoint failed") == true)
    }

    @Test func aSlowEndpointIsATimeout() throws {
        let start = Date()
        let report = try check(tenant: "slow.example.com", timeout: 1)
        #expect(Date().timeIntervalSince(start) < 4)
        #expect(report.outcome == .fails)
        #expect(report.problem == "no answer from the token endpoint \(try LocalTokenEndpoint.require().authority)/slow.example.com/oauth2/v2.0/token within 1 s")
        #expect(report.hints.contains("allow more time with --timeout SECONDS"))
    }

    @Test func aClosedPortIsUnreachable() throws {
        let start = Date()
        let report = try check(tenant: "all-roles.example.com", authority: "https://127.0.0.1:1")
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(report.outcome == .fails && report.facts.isEmpty)
        #expect(report.problem?.hasPrefix("cannot reach the token endpoint: ") == true)
        #expect(report.hints.first?.contains("CREDFILE_MSGRAPH_AUTHORITY") == true)
    }

    // MARK: Refused before sending

    @Test func badInputIsRefusedBeforeAnythingIsSent() throws {
        let endpoint = try LocalTokenEndpoint.require()
        let authorityProblem = "the authority must be an https:// URL such as https://login.microsoftonline.com (a host, an optional port and path; no user, query or fragment)"
        let port = endpoint.authority.split(separator: ":").last.map(String.init) ?? ""
        let cases: [(tenant: String, clientID: String, authority: String?, problem: String)] = [
            ("never-sent.example.com", LocalTokenEndpoint.clientID, "http://127.0.0.1:\(port)", authorityProblem),
            ("never-sent.example.com", LocalTokenEndpoint.clientID, "https://user:pw@127.0.0.1:\(port)", authorityProblem),
            ("never-sent.example.com", LocalTokenEndpoint.clientID, "https://127.0.0.1:\(port)/x?y=1", authorityProblem),
            ("never-sent.example.com", LocalTokenEndpoint.clientID, "https://127.0.0.1:\(port)/../x", authorityProblem),
            ("never-sent.example.com", LocalTokenEndpoint.clientID, "https://127.0.0.1:\(port)/a%2Fb", authorityProblem),
            ("never-sent.example.com", LocalTokenEndpoint.clientID, "ftp://127.0.0.1", authorityProblem),
            ("\"never-sent.example.com/oauth2/v2.0/token?\"", LocalTokenEndpoint.clientID, nil,
             "tenant_id is neither a directory ID (a UUID) nor a domain such as contoso.onmicrosoft.com"),
            ("\"../never-sent.example.com\"", LocalTokenEndpoint.clientID, nil,
             "tenant_id is neither a directory ID (a UUID) nor a domain such as contoso.onmicrosoft.com"),
            ("\"never-sent.example.com%2F..\"", LocalTokenEndpoint.clientID, nil,
             "tenant_id is neither a directory ID (a UUID) nor a domain such as contoso.onmicrosoft.com"),
            ("127.0.0.1", LocalTokenEndpoint.clientID, nil, "tenant_id is neither a directory ID (a UUID) nor a domain such as contoso.onmicrosoft.com"),
            ("never-sent.example.com", "not-a-uuid", nil, "client_id is not an application ID (a UUID)"),
        ]
        for c in cases {
            let report = try check(tenant: c.tenant, clientID: c.clientID, authority: c.authority)
            #expect(report.outcome == .fails && report.facts.isEmpty)
            #expect(report.problem == c.problem, "\(c)")
        }
        // Tests run in parallel: the server saw none of this test's tenant (it would answer 90002).
        #expect(try endpoint.requests().allSatisfy { ($0["path"] as? String)?.contains("never-sent") == false })
    }

    @Test func aTrailingSlashAndAPathInTheAuthorityAreKept() throws {
        let endpoint = try LocalTokenEndpoint.require()
        let slash = try check(tenant: "all-roles.example.com", authority: endpoint.authority + "/")
        #expect(slash.outcome == .works)
        let path = try check(tenant: "all-roles.example.com", authority: endpoint.authority + "/tenant-path")
        #expect(path.facts.first == "reached the token endpoint \(endpoint.authority)/tenant-path/all-roles.example.com/oauth2/v2.0/token")
        #expect(path.outcome == .fails && path.problem == "the token endpoint answered HTTP 404 without an Entra ID error code")
    }

    // MARK: Expiry

    @Test func aSecretNearItsExpiryIsAWarning() throws {
        let soon = try check(tenant: "all-roles.example.com", expires: "2026-12-18", today: "2026-12-06")
        #expect(soon.outcome == .works)
        #expect(soon.warnings == [
            "the client secret expires in 12 days ('secret_expires': 2026-12-18): create a new secret before then and record it and its date "
                + "(credfile set graph-mailbox --prompt client_secret secret_expires=YYYY-MM-DD)",
        ])
        let passed = try check(tenant: "all-roles.example.com", expires: "2026-12-01", today: "2026-12-06")
        #expect(passed.outcome == .works)
        #expect(passed.warnings.count == 1 && passed.warnings[0].hasPrefix("'secret_expires' says the client secret expired on 2026-12-01 (expired 5 days ago)"))
        let far = try check(tenant: "all-roles.example.com", expires: "2027-01-06", today: "2026-12-06")
        #expect(far.warnings.isEmpty)
        // The date is today's as the options give it, not the machine's.
        let later = try check(tenant: "all-roles.example.com", expires: "2027-01-06", today: "2027-01-01")
        #expect(later.warnings.first?.hasPrefix("the client secret expires in 5 days") == true)
        // And it is reported when the secret does not work too.
        let refused = try check(tenant: "expired-secret.example.com", expires: "2026-12-10", today: "2026-12-06")
        #expect(refused.outcome == .fails && refused.warnings.count == 1)
    }
}

/// What needs no server: the registry, locked credentials, token claims.
struct GraphCheckLocalTests {
    @Test func theRegistryDispatchesMSGraphToGraphCheck() {
        #expect(CredentialChecks.check(for: "msgraph") is GraphCheck)
        #expect(CredentialChecks.check(for: "generic") == nil)
    }

    @Test func aLockedCredentialIsNotSent() throws {
        let repo = try TemporaryDirectory("credfile-graph-locked")
        for (name, text) in SchemaSet.builtInFiles { try repo.write("schemas/\(name)", text) }
        let demo = try String(contentsOf: PeerTool.packageRoot.appendingPathComponent("credentials/msgraph-demo.yaml"), encoding: .utf8)
        try repo.write("credentials/msgraph-demo.yaml", demo)
        let credential = try Repository.discover(from: repo.url).credential(named: "msgraph-demo")
        #expect(credential.isLocked)
        let report = GraphCheck(environment: [:]).check(credential, options: CheckOptions(authority: "https://127.0.0.1:1", today: "2026-12-06"))
        #expect(report.outcome == .fails && report.facts.isEmpty)
        #expect(report.problem == "the credential is encrypted and no key opened it, so client_secret is unknown")
    }

    @Test func claimsAreReadFromThePayloadOnly() throws {
        func part(_ json: String) -> String {
            Data(json.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let header = part(#"{"alg":"none"}"#)
        #expect(AccessTokenClaims(token: "\(header).\(part(#"{"roles":["Mail.Read","Mail.ReadWrite"]}"#)).sig")?.roles == ["Mail.Read", "Mail.ReadWrite"])
        let noRoles = AccessTokenClaims(token: "\(header).\(part(#"{"tid":"x"}"#)).")
        #expect(noRoles != nil && noRoles?.roles == nil)
        #expect(AccessTokenClaims(token: "\(header).\(part(#"{"roles":"Mail.Read"}"#)).sig") == nil)
        #expect(AccessTokenClaims(token: "\(header).\(part(#"{"roles":[1]}"#)).sig") == nil)
        #expect(AccessTokenClaims(token: "\(header).\(part(#"["roles"]"#)).sig") == nil)
        #expect(AccessTokenClaims(token: "a.b.c.d.e") == nil)  // JWE: encrypted, unreadable
        #expect(AccessTokenClaims(token: "\(header).e30=.sig") == nil)  // `=` is not base64url
        #expect(AccessTokenClaims(token: "\(header).!!!.sig") == nil)
        #expect(AccessTokenClaims(token: "\(header)..sig") == nil)
        // Payload lengths of every remainder (no padding in JWS).
        for roles in ["A", "AB", "ABC", "ABCD"] {
            #expect(AccessTokenClaims(token: "h.\(part("{\"roles\":[\"\(roles)\"]}")).s")?.roles == [roles])
        }
    }

    /// A server that echoes the request may send the secret back as a "role" in the form it
    /// received it (`~` as `%7E`), in base64, or in pieces: none of those is shown.
    @Test func rolesEchoingTheSecretInAnyFormAreNotShown() {
        let secret = "Qx8Q~abcDEFghiJKLmnoPQRstuVWXyz0123456789"
        let echoes = [
            "Qx8Q%7EabcDEFghiJKLmnoPQRstuVWXyz0123456789", "Qx8Q%7eabcDEFghiJKLmnoPQRstuVWXyz0123456789",
            Data(secret.utf8).base64EncodedString(), "Part.DEFghiJKLmnoPQ", "Qx8Q~abcDEFghiJKLmn",
        ]
        let text = GraphCheck.describe(["Mail.Read"] + echoes, secret: secret)
        #expect(text == "roles in the token: Mail.Read (5 not shown: unprintable, too many, or holding the secret)", "\(text)")
    }
}
