import CredfileKit
import CredfileTestSupport
import Foundation
import Testing

/// The JSON Schema export: its shape, and a sanity check with the real check-jsonschema that
/// it is valid draft 2020-12 and agrees with the key-less verdicts stated below.
@Suite struct SchemaJSONSchemaTests {
    static func exported(_ type: String) throws -> [String: Any] {
        let schema = try #require(SchemaSet.builtIn.schema(for: type))
        let json = try JSONSerialization.jsonObject(with: Data(schema.jsonSchema().utf8))
        return try #require(json as? [String: Any])
    }

    @Test func smtpShape() throws {
        let s = try Self.exported("smtp")
        #expect(s["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(s["required"] as? [String] == ["name", "type", "description", "host"])
        #expect(s["additionalProperties"] as? Bool == false)
        let properties = try #require(s["properties"] as? [String: [String: Any]])
        #expect(Set(properties.keys) == ["name", "type", "description", "host", "port", "email", "username", "password", "tls", "tls_mode", "sops"])
        #expect(properties["tls_mode"]?["enum"] as? [String] == ["starttls", "implicit"])
        #expect(properties["type"]?["const"] as? String == "smtp")
        #expect(properties["port"]?["minimum"] as? Int == 1 && properties["port"]?["default"] as? Int == 25)
        #expect((properties["password"]?["pattern"] as? String)?.hasSuffix(",type:str\\]$") == true)
        let dependent = try #require(s["dependentRequired"] as? [String: [String]])
        #expect(dependent == ["username": ["password"], "password": ["username", "sops"]])
        let description = try #require(s["description"] as? String)
        for rule in CredentialSchema.inexpressibleRules { #expect(description.contains(rule)) }
    }

    @Test func rulesAndBoundsExport() throws {
        let (set, _) = SchemaSet.load(directory: Fixture("schemas/valid").url)
        let relay = try #require(set.schema(for: "relay"))
        let s = try #require(try JSONSerialization.jsonObject(with: Data(relay.jsonSchema().utf8)) as? [String: Any])
        #expect(s["additionalProperties"] as? Bool == true)
        let properties = try #require(s["properties"] as? [String: [String: Any]])
        #expect(properties["retries"]?["maximum"] as? Int == 10 && properties["retries"]?["minimum"] as? Int == 0)
        #expect(properties["mode"]?["enum"] as? [String] == ["ssl", "starttls", "none"])
        #expect((properties["sender"]?["allOf"] as? [[String: String]])?.last?["pattern"] == "@example\\.com$")
        let allOf = try #require(s["allOf"] as? [[String: Any]])
        #expect(allOf.count == 2)
        #expect((allOf[0]["then"] as? [String: [String]])?["required"] == ["port"])
        #expect((allOf[1]["oneOf"] as? [[String: [String]]])?.map { $0["required"] ?? [] } == [["secret"], ["api_key"]])
        // Stable: the same schema exports the same text.
        #expect(relay.jsonSchema() == relay.jsonSchema())
    }

    // MARK: check-jsonschema

    static let enc = "ENC[AES256_GCM,data:rnCjUVKjJ9lvxxRgOqlJJr7dcH+5Hw==,iv:+hz7UzI/qlcLLKG01sIvF7YNGE2kP4GfelkpbvHkaHw=,tag:fbnT5gmcdfyjHDEQocO2lA==,type:str]"
    static func sops(_ regex: String) -> String { sops.replacingOccurrences(of: "^(password)$", with: regex) }
    static let sops = """
        sops:
            age:
                - recipient: age19dhlhny9pkmdxe53mw3hgsj6rnqc7hzgf5cvqna4d3vmcqtllf5s49hqf4
                  enc: |
                    -----BEGIN AGE ENCRYPTED FILE-----
                    -----END AGE ENCRYPTED FILE-----
            lastmodified: "2026-11-22T14:36:16Z"
            mac: \(enc)
            encrypted_regex: ^(password)$
            version: 3.11.0
        """

    /// Key-less documents and the verdict `credfile validate` gives them (by the checkers and
    /// rules above): true = accepted.
    static let documents: [(type: String, name: String, text: String, valid: Bool)] = [
        ("smtp", "plain", "name: a\ntype: smtp\ndescription: d\nhost: smtp.example.com\n", true),
        ("smtp", "full", "name: smtp-prod\ntype: smtp\ndescription: d\nhost: 10.0.0.1\nport: 587\ntls: true\nemail: a.b+c@example.com\nusername: u\npassword: \(enc)\n\(sops)\n", true),
        ("smtp", "ipv6-host", "name: a\ntype: smtp\ndescription: d\nhost: \"2001:db8::1\"\n", true),
        ("smtp", "missing-host", "name: a\ntype: smtp\ndescription: d\n", false),
        ("smtp", "missing-description", "name: a\ntype: smtp\nhost: h\n", false),
        ("smtp", "quoted-port", "name: a\ntype: smtp\ndescription: d\nhost: h\nport: \"587\"\n", false),
        ("smtp", "port-zero", "name: a\ntype: smtp\ndescription: d\nhost: h\nport: 0\n", false),
        ("smtp", "bad-host", "name: a\ntype: smtp\ndescription: d\nhost: smtp_example.com\n", false),
        ("smtp", "bad-ipv4", "name: a\ntype: smtp\ndescription: d\nhost: 1.2.3.256\n", false),
        ("smtp", "tls-string", "name: a\ntype: smtp\ndescription: d\nhost: h\ntls: \"yes\"\n", false),
        ("smtp", "bad-email", "name: a\ntype: smtp\ndescription: d\nhost: h\nemail: a@b\n", false),
        ("smtp", "together-violated", "name: a\ntype: smtp\ndescription: d\nhost: h\nusername: u\n", false),
        ("smtp", "plaintext-password", "name: a\ntype: smtp\ndescription: d\nhost: h\nusername: u\npassword: hunter22\n\(sops)\n", false),
        ("smtp", "enc-wrong-type", "name: a\ntype: smtp\ndescription: d\nhost: h\nusername: u\npassword: \(enc.replacingOccurrences(of: "type:str", with: "type:int"))\n\(sops)\n", false),
        ("smtp", "missing-sops", "name: a\ntype: smtp\ndescription: d\nhost: h\nusername: u\npassword: \(enc)\n", false),
        ("smtp", "unknown-field", "name: a\ntype: smtp\ndescription: d\nhost: h\ncolour: blue\n", false),
        ("smtp", "wrong-type", "name: a\ntype: msgraph\ndescription: d\nhost: h\n", false),
        ("smtp", "bad-name", "name: Smtp--Prod\ntype: smtp\ndescription: d\nhost: h\n", false),
        ("msgraph", "valid", "name: g\ntype: msgraph\ndescription: d\ntenant_id: 6f1c2a3b-1111-4222-8333-944455556666\nclient_id: 0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D\nclient_secret: \(enc)\nsecret_expires: 2027-06-30\n\(sops("^(client_secret)$"))\n", true),
        ("msgraph", "quoted-date", "name: g\ntype: msgraph\ndescription: d\ntenant_id: 6f1c2a3b-1111-4222-8333-944455556666\nclient_id: 6f1c2a3b-1111-4222-8333-944455556666\nclient_secret: \(enc)\nsecret_expires: \"2028-02-29\"\n\(sops("^(client_secret)$"))\n", true),
        ("msgraph", "bad-date", "name: g\ntype: msgraph\ndescription: d\ntenant_id: 6f1c2a3b-1111-4222-8333-944455556666\nclient_id: 6f1c2a3b-1111-4222-8333-944455556666\nclient_secret: \(enc)\nsecret_expires: 2027-02-29\n\(sops("^(client_secret)$"))\n", false),
        ("msgraph", "bad-uuid", "name: g\ntype: msgraph\ndescription: d\ntenant_id: 6f1c2a3b11114222833394445555666\nclient_id: 6f1c2a3b-1111-4222-8333-944455556666\nclient_secret: \(enc)\n\(sops("^(client_secret)$"))\n", false),
        ("msgraph", "tenant-domain", "name: g\ntype: msgraph\ndescription: d\ntenant_id: contoso.onmicrosoft.com\nclient_id: 6f1c2a3b-1111-4222-8333-944455556666\nclient_secret: \(enc)\n\(sops("^(client_secret)$"))\n", true),
        ("msgraph", "tenant-single-label", "name: g\ntype: msgraph\ndescription: d\ntenant_id: contoso\nclient_id: 6f1c2a3b-1111-4222-8333-944455556666\nclient_secret: \(enc)\n\(sops("^(client_secret)$"))\n", false),
        ("msgraph", "missing-secret", "name: g\ntype: msgraph\ndescription: d\ntenant_id: 6f1c2a3b-1111-4222-8333-944455556666\nclient_id: 6f1c2a3b-1111-4222-8333-944455556666\n", false),
        ("generic", "url-only", "name: db\ntype: generic\ndescription: d\nurl: postgres://db.internal:5432/app\n", true),
        ("generic", "url-without-scheme", "name: db\ntype: generic\ndescription: d\nurl: db.internal:5432\n", false),
        ("generic", "url-with-userinfo", "name: db\ntype: generic\ndescription: d\nurl: postgres://u:p@db.internal/app\n", false),
        ("generic", "token", "name: api\ntype: generic\ndescription: d\ntoken: \(enc)\nexpires: 2030-01-01\n\(sops("^(password|token)$"))\n", true),
        ("generic", "sops-without-mac", "name: api\ntype: generic\ndescription: d\ntoken: \(enc)\n\(sops("^(password|token)$").replacingOccurrences(of: "    mac: \(enc)\n", with: ""))\n", false),
    ]

    @Test(PeerTool.needs("check-jsonschema"))
    func checkJSONSchemaAgrees() throws {
        let tool = try PeerTool.require("check-jsonschema")
        let dir = try TemporaryDirectory("credfile-jsonschema")
        for type in ["smtp", "msgraph", "generic"] {
            let schema = try #require(SchemaSet.builtIn.schema(for: type))
            let file = try dir.write("\(type).json", schema.jsonSchema())
            let meta = try Subprocess.run(tool, ["--check-metaschema", file.path])
            #expect(meta.status == 0, "\(type): \(meta.out)\(meta.err)")
        }
        for doc in Self.documents {
            let file = try dir.write("\(doc.type)-\(doc.name).yaml", doc.text)
            let result = try Subprocess.run(tool, ["--schemafile", dir.file("\(doc.type).json").path, file.path])
            #expect((result.status == 0) == doc.valid, "\(doc.type)/\(doc.name): check-jsonschema says \(result.status == 0 ? "valid" : "invalid"): \(result.out)")
        }
    }

    /// The stated verdicts are credfile's: the plain fields through the checkers, for the
    /// documents whose verdict hinges only on one plain field.
    @Test func statedVerdictsMatchTheCheckers() throws {
        let cases: [(String, String, String, Bool)] = [
            ("smtp", "host", "bad-host", false), ("smtp", "host", "bad-ipv4", false), ("smtp", "host", "ipv6-host", true),
            ("smtp", "port", "quoted-port", false), ("smtp", "port", "port-zero", false), ("smtp", "tls", "tls-string", false),
            ("smtp", "email", "bad-email", false), ("msgraph", "secret_expires", "bad-date", false),
            ("msgraph", "secret_expires", "quoted-date", true), ("msgraph", "secret_expires", "valid", true),
            ("msgraph", "tenant_id", "bad-uuid", false), ("msgraph", "tenant_id", "tenant-domain", true),
            ("msgraph", "tenant_id", "tenant-single-label", false), ("generic", "url", "url-without-scheme", false),
            ("generic", "url", "url-with-userinfo", false), ("generic", "url", "url-only", true),
        ]
        for (type, fieldName, docName, valid) in cases {
            let doc = try #require(Self.documents.first { $0.type == type && $0.name == docName })
            let field = try #require(SchemaSet.builtIn.schema(for: type)?.field(fieldName))
            let scalar = try #require(try YAMLLoaderShim.load(doc.text)[fieldName])
            #expect((field.problem(with: scalar) == nil) == valid, "\(type)/\(docName)")
            #expect(doc.valid == valid)
        }
        #expect(try #require(SchemaSet.builtIn.schema(for: "smtp")?.field("password")).problemWithEncryptedType("int") != nil)
    }
}
