import CredfileTestSupport
import Foundation
import Testing

/// `credfile schema list|show|jsonschema` through the built binary.
@Suite struct SchemaCommandTests {
    /// A folder outside any credfile repository (no schemas/ or .sops.yaml above it is
    /// assumed; the test checks it) gets the built-in types.
    @Test func listsTheBuiltInTypes() throws {
        let dir = try TemporaryDirectory("credfile-schema-cli")
        let result = try CLI.run(["schema", "list"], in: dir.url)
        #expect(result.status == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("TYPE") == true)
        #expect(lines.dropFirst().map { $0.split(separator: " ").first.map(String.init) ?? "" } == ["generic", "msgraph", "smtp"])
        #expect(lines.contains { $0.hasPrefix("smtp") && $0.hasSuffix("password") })
    }

    @Test func listAsJSON() throws {
        let dir = try TemporaryDirectory("credfile-schema-cli")
        let result = try CLI.run(["schema", "list", "--format", "json"], in: dir.url)
        #expect(result.status == 0)
        let list = try JSONLinesReader.objects(result.out)  // one line per type
        #expect(list.map { $0["type"] as? String } == ["generic", "msgraph", "smtp"])
        #expect(list[1]["sensitive"] as? [String] == ["client_secret"])
    }

    @Test func showPrintsTheFieldsTable() throws {
        let dir = try TemporaryDirectory("credfile-schema-cli")
        let result = try CLI.run(["schema", "show", "smtp"], in: dir.url)
        #expect(result.status == 0)
        #expect(result.out.contains("FIELD     TYPE                      REQUIRED  DEFAULT  SENSITIVE  DESCRIPTION"))
        #expect(result.out.contains("port      port                      no        25       no"))
        #expect(result.out.contains("password  string                    no                 yes"))
        #expect(result.out.contains("tls_mode  enum (starttls|implicit)  no                 no         how TLS starts"))
        #expect(result.out.contains("together: username, password"))
        #expect(!result.out.contains("Roles"))
        let graph = try CLI.run(["schema", "show", "msgraph"], in: dir.url)
        #expect(graph.out.hasSuffix("\nRoles 'credfile check' requires in a token: Mail.Read, Mail.ReadWrite\n"))
    }

    @Test func showAsJSON() throws {
        let dir = try TemporaryDirectory("credfile-schema-cli")
        let result = try CLI.run(["schema", "show", "msgraph", "--format", "json"], in: dir.url)
        #expect(result.status == 0)
        let schema = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let fields = try #require(schema["fields"] as? [[String: Any]])
        #expect(fields.map { $0["name"] as? String } == ["tenant_id", "client_id", "client_secret", "secret_expires"])
        #expect(fields[2]["sensitive"] as? Bool == true && fields[3]["expiry"] as? Bool == true)
        #expect(schema["required_roles"] as? [String] == ["Mail.Read", "Mail.ReadWrite"])
    }

    @Test func jsonSchemaParses() throws {
        let dir = try TemporaryDirectory("credfile-schema-cli")
        let result = try CLI.run(["schema", "jsonschema", "generic"], in: dir.url)
        #expect(result.status == 0)
        let schema = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect((schema["properties"] as? [String: Any])?["token"] != nil)
    }

    @Test func unknownTypeExitsOneListingKnownTypes() throws {
        let dir = try TemporaryDirectory("credfile-schema-cli")
        for command in ["show", "jsonschema"] {
            let result = try CLI.run(["schema", command, "ldap"], in: dir.url)
            #expect(result.status == 1)
            #expect(result.out.isEmpty)
            // Issue 11: one wording of an unknown type everywhere.
            #expect(result.err.contains("error: unknown credential type 'ldap' [schema.unknown-type]"))
            #expect(result.err.contains("hint: known types: generic, msgraph, smtp"))
        }
    }

    @Test func usesTheRepositorySchemasAndReportsBrokenOnes() throws {
        let dir = try TemporaryDirectory("credfile-schema-cli")
        try dir.write(".sops.yaml", "creation_rules: []\n")
        try dir.write("schemas/ldap.yaml", "type: ldap\nfields:\n  server: { type: hostname, required: true }\n  bind_password: { type: string, sensitive: true }\n")
        try dir.write("schemas/broken.yaml", "type: broken\nfields:\n  port: { type: prot }\n")
        try FileManager.default.createDirectory(at: dir.file("credentials"), withIntermediateDirectories: true)
        let list = try CLI.run(["schema", "list"], in: dir.file("credentials"))
        #expect(list.status == 1)
        #expect(list.out.contains("ldap") && !list.out.contains("smtp") && !list.out.contains("broken"))
        #expect(list.err.contains("schemas/broken.yaml:3:17: error: unknown field type 'prot'"))
        let show = try CLI.run(["schema", "show", "ldap"], in: dir.url)
        #expect(show.status == 0 && show.err.isEmpty)
        let broken = try CLI.run(["schema", "jsonschema", "broken"], in: dir.url)
        #expect(broken.status == 1)
        #expect(broken.err.contains("[schema.unknown-field-type]") && !broken.err.contains("schema.unknown-type"))
    }

    @Test func badFormatIsAUsageError() throws {
        let result = try CLI.run(["schema", "list", "--format", "xml"])
        #expect(result.status == 2)
    }
}
