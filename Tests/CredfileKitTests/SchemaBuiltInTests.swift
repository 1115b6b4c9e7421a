import CredfileKit
import CredfileTestSupport
import Foundation
import Testing

/// The built-in types: what the issue asks for, loaded without diagnostics, and compiled in
/// byte for byte as the repository's `schemas/` holds them.
@Suite struct SchemaBuiltInTests {
    @Test func compiledInCopiesEqualTheRepositoryFiles() throws {
        #expect(SchemaSet.builtInFiles.map(\.name) == BuiltInFiles.names)
        for (name, text) in SchemaSet.builtInFiles {
            let file = try Data(contentsOf: PeerTool.packageRoot.appendingPathComponent("schemas/\(name)"))
            #expect(Array(text.utf8) == [UInt8](file), "schemas/\(name) differs from Sources/CredfileKit/Schema/BuiltIn/\(name)")
        }
    }

    @Test func repositorySchemasLoadCleanly() {
        let (set, diagnostics) = SchemaSet.load(directory: PeerTool.packageRoot.appendingPathComponent("schemas"))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(set.types == ["generic", "msgraph", "smtp"])
        #expect(SchemaSet.builtIn.types == ["generic", "msgraph", "smtp"])
    }

    @Test func smtp() throws {
        let smtp = try #require(SchemaSet.builtIn.schema(for: "smtp"))
        #expect(smtp.title != nil && smtp.description != nil && !smtp.allowsExtraFields)
        #expect(smtp.fields.map(\.name) == ["host", "port", "email", "username", "password", "tls", "tls_mode"])
        #expect(smtp.field("host")?.kind == .hostname && smtp.field("host")?.required == true)
        #expect(smtp.field("port")?.kind == .port && smtp.field("port")?.defaultValue == .int(25))
        #expect(smtp.field("email")?.kind == .email && smtp.field("email")?.required == false)
        #expect(smtp.field("email")?.description == "sender address")
        #expect(smtp.field("username")?.kind == .string)
        #expect(smtp.field("password")?.kind == .string && smtp.field("password")?.sensitive == true)
        #expect(smtp.field("tls")?.kind == .bool && smtp.field("tls")?.defaultValue == .bool(false))
        #expect(smtp.field("tls_mode")?.kind == .oneOf(["starttls", "implicit"]) && smtp.field("tls_mode")?.defaultValue == nil)
        #expect(smtp.rules == [.together(["username", "password"])])
        #expect(smtp.encryptedRegex == "^(password)$")
    }

    @Test func msgraph() throws {
        let graph = try #require(SchemaSet.builtIn.schema(for: "msgraph"))
        #expect(graph.fields.map(\.name) == ["tenant_id", "client_id", "client_secret", "secret_expires"])
        #expect(graph.field("tenant_id")?.kind == .string && graph.field("tenant_id")?.required == true)
        #expect(graph.field("tenant_id")?.description?.hasPrefix("directory ID: a UUID (preferred)") == true)
        #expect(graph.field("client_id")?.kind == .uuid && graph.field("client_id")?.description == "application ID")
        let secret = try #require(graph.field("client_secret"))
        #expect(secret.kind == .string && secret.required && secret.sensitive)
        let expires = try #require(graph.field("secret_expires"))
        #expect(expires.kind == .date && expires.isExpiry && !expires.required)
        #expect(graph.rules.isEmpty && graph.encryptedRegex == "^(client_secret)$")
        #expect(graph.requiredRoles == ["Mail.Read", "Mail.ReadWrite"])
    }

    @Test func generic() throws {
        let generic = try #require(SchemaSet.builtIn.schema(for: "generic"))
        #expect(generic.fields.map(\.name) == ["url", "username", "password", "token", "expires"])
        #expect(generic.fields.map(\.kind) == [.url, .string, .string, .string, .date])
        #expect(generic.sensitiveFields.map(\.name) == ["password", "token"])
        #expect(generic.field("expires")?.isExpiry == true)
        #expect(!generic.allowsExtraFields && generic.fields.allSatisfy { !$0.required })
    }

    @Test func demoCredentialsSatisfyTheirTypes() throws {
        // The repository's own credentials: every plain field passes its checker.
        for name in ["smtp-demo", "msgraph-demo"] {
            let text = try String(contentsOf: PeerTool.packageRoot.appendingPathComponent("credentials/\(name).yaml"), encoding: .utf8)
            let type = name.hasPrefix("smtp") ? "smtp" : "msgraph"
            let schema = try #require(SchemaSet.builtIn.schema(for: type))
            let document = try YAMLLoaderShim.load(text)
            for field in schema.fields where !field.sensitive {
                guard let scalar = document[field.name] else { continue }
                #expect(field.problem(with: scalar) == nil, "\(name): \(field.name)")
            }
        }
    }

    @Test func locateFindsTheRepositoryOrFallsBack() throws {
        let here = try Repository.discover(from: PeerTool.packageRoot.appendingPathComponent("Sources/CredfileKit"))
        #expect(here.schemaDiagnostics.isEmpty && here.schemas.types == ["generic", "msgraph", "smtp"])
        #expect(try Repository.discover(from: PeerTool.packageRoot.appendingPathComponent("Sources")).root.path
                == PeerTool.packageRoot.standardizedFileURL.path)
        let empty = try TemporaryDirectory("credfile-schema")
        // No schemas/ or .sops.yaml up to / (the temporary directory is outside the repository).
        let bare = try Repository.discover(from: empty.url)
        if bare.root.path == empty.url.standardizedFileURL.path {
            #expect(bare.schemas.types == SchemaSet.builtIn.types)
        }
        try empty.write(".sops.yaml", "creation_rules: []\n")
        try empty.write("schemas/custom.yaml", "type: custom\nfields:\n  key: { type: string, sensitive: true }\n")
        try FileManager.default.createDirectory(at: empty.file("credentials/deep"), withIntermediateDirectories: true)
        let custom = try Repository.discover(from: empty.file("credentials/deep"))
        #expect(custom.schemaDiagnostics.isEmpty && custom.schemas.types == ["custom"])
    }
}

import CredfileYAML

/// Top-level scalars of a YAML text, by key.
enum YAMLLoaderShim {
    static func load(_ text: String) throws -> [String: YAMLScalar] {
        let document = try YAMLLoader.load(Array(text.utf8))
        var out: [String: YAMLScalar] = [:]
        for entry in document.root.mapping ?? [] { if let s = entry.value.scalar { out[entry.key] = s } }
        return out
    }
}
