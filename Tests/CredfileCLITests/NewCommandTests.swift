import CredfileTestSupport
import Foundation
import Testing

@Suite struct NewCommandTests {
    @Test(.enabled(if: PeerTool.runnable("sops")))
    func createdCredentialDecryptsWithSopsWithTypedValuesAndValidates() throws {
        let ws = try Workspace.initialised()
        try ws.new("smtp-prod", type: "smtp", [
            "host=smtp.example.com", "port=587", "tls=true", "username=invoices", "password=pw-Canary-4242",
        ], description: "Invoice mail: nightly")
        let decrypted = try ws.sops(["decrypt", "--output-type", "json", "credentials/smtp-prod.yaml"])
        #expect(decrypted.status == 0, "\(decrypted.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: decrypted.stdout) as? [String: Any])
        #expect(json["name"] as? String == "smtp-prod")
        #expect(json["description"] as? String == "Invoice mail: nightly")
        #expect(json["password"] as? String == "pw-Canary-4242")
        #expect(json["port"] as? Int == 587)
        #expect(json["tls"] as? Bool == true)
        let validate = try ws.credfile(["validate", "--decrypt"])
        #expect(validate.status == 0, "\(validate.err)")
        let text = try ws.read("credentials/smtp-prod.yaml")
        #expect(!text.contains("pw-Canary-4242"))
        #expect(text.hasPrefix("name: smtp-prod\ntype: smtp\ndescription: \"Invoice mail: nightly\"\nhost: smtp.example.com\nport: 587\n"))
        #expect(text.contains("encrypted_regex: ^(password)$"))
        let mode = try FileManager.default.attributesOfItem(atPath: ws.dir.file("credentials/smtp-prod.yaml").path)[.posixPermissions]
        #expect((mode as? NSNumber)?.intValue == 0o600)
    }

    @Test func defaultsAreNotWrittenIntoTheFile() throws {
        let ws = try Workspace.initialised()
        try ws.new("relay", type: "smtp", ["host=relay.example.com"])
        let text = try ws.read("credentials/relay.yaml")
        #expect(!text.contains("port:"))
        #expect(!text.contains("tls:"))
    }

    @Test func missingRequiredFieldOffTerminalIsAnErrorNamingItAndWritesNothing() throws {
        let ws = try Workspace.initialised()
        let result = try ws.credfile(["new", "graph", "--type", "msgraph", "--description", "d", "client_id=7c9e6679-7425-40de-944b-e07fc1f90ae7"])
        #expect(result.status == 1)
        #expect(result.err.contains("missing required field 'tenant_id'"))
        #expect(!FileManager.default.fileExists(atPath: ws.dir.file("credentials/graph.yaml").path))
        let noDescription = try ws.credfile(["new", "relay", "--type", "smtp", "host=a.example.com"])
        #expect(noDescription.status == 1)
        #expect(noDescription.err.contains("'description'"))
    }

    @Test func theTogetherRuleNamesTheMissingPartner() throws {
        let ws = try Workspace.initialised()
        let result = try ws.credfile(["new", "relay", "--type", "smtp", "--description", "d", "host=a.example.com", "username=u"])
        #expect(result.status == 1)
        #expect(result.err.contains("'password'"))
    }

    @Test func unknownFieldAndBadValuesAreErrorsThatNeverEchoTheValue() throws {
        let ws = try Workspace.initialised()
        let unknown = try ws.credfile(["new", "relay", "--type", "smtp", "--description", "d", "host=a.example.com", "pasword=Canary-Typo-77"])
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("type 'smtp' has no field 'pasword'"))
        #expect(unknown.err.contains("hint: fields of smtp: host, port"))
        let badPort = try ws.credfile(["new", "relay", "--type", "smtp", "--description", "d", "host=a.example.com", "port=Canary-Port"])
        #expect(badPort.status == 1)
        #expect(badPort.err.contains("'port' must be a port number"))
        let notAssignment = try ws.credfile(["new", "relay", "--type", "smtp", "--description", "d", "Canary-NoEquals"])
        #expect(notAssignment.status == 2)
        for result in [unknown, badPort, notAssignment] {
            #expect(!(result.out + result.err).contains("Canary"))
        }
        #expect(!FileManager.default.fileExists(atPath: ws.dir.file("credentials/relay.yaml").path))
    }

    @Test func nameMustBeAValidSlugAndNotTaken() throws {
        let ws = try Workspace.initialised()
        let bad = try ws.credfile(["new", "Smtp Prod", "--type", "smtp", "--description", "d", "host=a.example.com"])
        #expect(bad.status == 2)
        #expect(bad.err.contains("is not a valid credential name"))
        try ws.new("smtp-prod", type: "smtp", ["host=a.example.com"])
        let before = try ws.read("credentials/smtp-prod.yaml")
        let taken = try ws.credfile(["new", "smtp-prod", "--type", "smtp", "--description", "d", "host=b.example.com"])
        #expect(taken.status == 2)
        #expect(taken.err.contains("already exists"))
        #expect(try ws.read("credentials/smtp-prod.yaml") == before)
        let clash = try ws.credfile(["new", "smtp_prod", "--type", "smtp", "--description", "d", "host=b.example.com"])
        #expect(clash.status == 2)
        #expect(clash.err.contains("same environment prefix SMTP_PROD_"))
    }

    @Test func unknownTypeListsTheTypes() throws {
        let ws = try Workspace.initialised()
        let result = try ws.credfile(["new", "x", "--type", "ftp", "--description", "d"])
        #expect(result.status == 2)
        #expect(result.err.contains("unknown credential type 'ftp'"))
        #expect(result.err.contains("generic, msgraph, smtp"))
    }

    @Test func aSecretFromStdinIsStoredAndNeverPrinted() throws {
        let ws = try Workspace.initialised()
        let result = try CLI.run(
            ["new", "api", "--type", "generic", "--description", "d", "url=https://api.example.com", "--stdin", "token"],
            in: ws.dir.url, environment: ["SOPS_AGE_KEY_FILE": ws.identityFile.path], stdin: Data("tok-Canary-31337\n".utf8))
        #expect(result.status == 0, "\(result.err)")
        #expect(!(result.out + result.err).contains("Canary"))
        let plain = try ws.credfile(["decrypt", "--extract", "token", "credentials/api.yaml"])
        #expect(plain.out == "tok-Canary-31337")
    }

    @Test func aSecretOnTheCommandLineGetsAHistoryNoteButIsNotPrinted() throws {
        let ws = try Workspace.initialised()
        let result = try ws.new("api", type: "generic", ["token=tok-Canary-1"])
        #expect(result.err.contains("note: 'token' was given on the command line"))
        #expect(!(result.out + result.err).contains("Canary"))
    }

    @Test func theResultIsValidatedBeforeAnythingIsWritten() throws {
        let ws = try Workspace.initialised()
        // Both sides of a `one_of` pass every field check but fail validation of the whole file.
        try ws.write("schemas/api-key.yaml", """
            type: api-key
            title: API key
            fields:
              token:  { type: string, sensitive: true }
              secret: { type: string, sensitive: true }
            rules:
              - one_of: [token, secret]

            """)
        let result = try ws.credfile([
            "new", "api", "--type", "api-key", "--description", "d", "--stdin", "token", "secret=s3cret-Canary",
        ], input: "tok-Canary\n")
        #expect(result.status == 1)
        #expect(result.err.contains("the credential would not be valid"), "\(result.err)")
        #expect(!(result.out + result.err).contains("Canary"))
        #expect(!FileManager.default.fileExists(atPath: ws.dir.file("credentials/api.yaml").path))
    }

    /// Issue 16: Graph takes a tenant's verified domain as well as its directory ID; a value
    /// that is neither is refused with the UUID named first.
    @Test func tenantIdIsAUUIDOrAVerifiedDomain() throws {
        let ws = try Workspace.initialised()
        let fields = ["client_id=7c9e6679-7425-40de-944b-e07fc1f90ae7", "client_secret=s3cret-Canary"]
        let domain = try ws.credfile(
            ["new", "graph", "--type", "msgraph", "--description", "d", "tenant_id=contoso.onmicrosoft.com"] + fields)
        #expect(domain.status == 0, "\(domain.err)")
        #expect(try ws.credfile(["validate", "--decrypt"]).status == 0)
        let bad = try ws.credfile(["new", "graph2", "--type", "msgraph", "--description", "d", "tenant_id=contoso"] + fields)
        #expect(bad.status == 1)
        #expect(bad.err.contains("'tenant_id' must match the pattern") && bad.err.contains("(directory ID: a UUID (preferred), or a verified domain"), "\(bad.err)")
    }

    @Test func withoutRecipientsNothingIsWritten() throws {
        let ws = try Workspace()
        try FileManager.default.createDirectory(at: ws.dir.file("credentials"), withIntermediateDirectories: true)
        let result = try ws.credfile(["new", "relay", "--type", "smtp", "--description", "d", "host=a.example.com"])
        #expect(result.status == 111)
        #expect(!FileManager.default.fileExists(atPath: ws.dir.file("credentials/relay.yaml").path))
    }
}
