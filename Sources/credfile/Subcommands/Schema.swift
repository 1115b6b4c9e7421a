import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile schema list|show|jsonschema`: inspect the credential types.
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schema",
            abstract: "Inspect the credential types and export them as JSON Schema.",
            discussion: """
                Types come from the repository's schemas/ directory (found from the current \
                directory upwards: the first folder with schemas/ or .sops.yaml), or are the \
                built-in types (smtp, msgraph, generic) when there is none. A broken schema file \
                is reported and left out. Format reference: docs/schemas.md.

                Examples:
                  credfile schema list
                  credfile schema show smtp
                  credfile schema jsonschema smtp > smtp.schema.json
                """,
            subcommands: [List.self, Show.self, JSONSchema.self])
    }
}

/// The output formats of the schema subcommands.
enum SchemaOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case human, json
}

extension CredfileCommand.Schema {
    /// `credfile schema list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the credential types: type, title, sensitive fields.",
            discussion: """
                Exit 1 when a schema file is broken (its diagnostics go to standard error; the \
                other types are still listed).

                Examples:
                  credfile schema list
                  credfile schema list --format json
                """)

        @Option(help: "Output format: human or json.")
        var format: SchemaOutputFormat = .human

        @OptionGroup var output: OutputOptions

        func run() throws {
            let repository = try CurrentRepository.discover()
            let (set, diagnostics) = (repository.schemas, repository.schemaDiagnostics)
            DiagnosticLimit.apply(diagnostics).forEach(Printer.standardError.print)
            let schemas = set.schemas
            switch format {
            case .json: JSONLines.write(schemas.map(Self.summary))  // one line per type
            case .human: write(TextTable.render(Self.header, schemas.map(Self.row)))
            }
            if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.failure) }
        }

        static let header = ["TYPE", "TITLE", "SENSITIVE"]

        static func row(_ schema: CredentialSchema) -> [String] {
            [schema.type, schema.title ?? "", schema.sensitiveFields.map(\.name).joined(separator: ", ")]
        }

        static func summary(_ schema: CredentialSchema) -> JSONText {
            JSONText.sortedObject([
                ("type", .string(schema.type)), ("title", .stringOrNull(schema.title)),
                ("description", .stringOrNull(schema.description)),
                ("sensitive", .array(schema.sensitiveFields.map { .string($0.name) })),
            ])
        }
    }

    /// `credfile schema show TYPE`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a type's fields: name, type, required, default, sensitive, description.",
            discussion: """
                Exit 1 when the type is unknown (the message lists the known types).

                Examples:
                  credfile schema show smtp
                  credfile schema show msgraph --format json
                """)

        @Argument(help: "The type, e.g. smtp.", completion: Completions.types)
        var type: String

        @Option(help: "Output format: human or json.")
        var format: SchemaOutputFormat = .human

        @OptionGroup var output: OutputOptions

        func run() throws {
            let schema = try findSchema(type)
            switch format {
            case .json: JSONLines.write(Self.details(schema))
            case .human: write(Self.text(schema))
            }
        }

        static func text(_ schema: CredentialSchema) -> String {
            var lines = ["\(schema.type): \(schema.title ?? schema.type)"]
            if let description = schema.description { lines.append(description) }
            lines.append("")
            let header = ["FIELD", "TYPE", "REQUIRED", "DEFAULT", "SENSITIVE", "DESCRIPTION"]
            let rows = schema.fields.map { field in
                [field.name, kindText(field), field.required ? "yes" : "no", field.defaultValue.map(defaultText) ?? "",
                 field.sensitive ? "yes" : "no", field.description ?? ""]
            }
            var text = lines.joined(separator: "\n") + "\n" + TextTable.render(header, rows)
            let rules = schema.rules.map(ruleText)
            if !rules.isEmpty { text += "\nRules:\n" + rules.map { "  " + $0 + "\n" }.joined() }
            if schema.allowsExtraFields { text += "\nOther fields are allowed (extra_fields: true).\n" }
            if let roles = schema.requiredRoles {
                text += "\nRoles 'credfile check' requires in a token: " + (roles.isEmpty ? "none" : roles.joined(separator: ", ")) + "\n"
            }
            return text
        }

        static func kindText(_ field: FieldSpec) -> String {
            var text = field.kind.name
            if case .oneOf(let values) = field.kind { text += " (" + values.joined(separator: "|") + ")" }
            if field.isExpiry { text += ", expiry" }
            return text
        }

        static func defaultText(_ value: SOPSValue) -> String { value.yamlToken }

        static func ruleText(_ rule: SchemaRule) -> String {
            switch rule {
            case .together(let names): "together: " + names.joined(separator: ", ") + " (all or none)"
            case .requires(let field, let then): "requires: \(field) needs " + then.joined(separator: ", ")
            case .exactlyOne(let names): "one_of: exactly one of " + names.joined(separator: ", ")
            }
        }

        static func details(_ schema: CredentialSchema) -> JSONText {
            var members: [(String, JSONText)] = [
                ("type", .string(schema.type)), ("title", .stringOrNull(schema.title)),
                ("description", .stringOrNull(schema.description)), ("extra_fields", .bool(schema.allowsExtraFields)),
                ("fields", .array(schema.fields.map(fieldDetails))), ("rules", .array(schema.rules.map(ruleDetails))),
            ]
            if let roles = schema.requiredRoles { members.append(("required_roles", .array(roles.map(JSONText.string)))) }
            return JSONText.sortedObject(members)
        }

        static func fieldDetails(_ field: FieldSpec) -> JSONText {
            var out: [(String, JSONText)] = [
                ("name", .string(field.name)), ("type", .string(field.kind.name)), ("required", .bool(field.required)),
                ("sensitive", .bool(field.sensitive)), ("description", .stringOrNull(field.description)),
                ("default", field.defaultValue.map(jsonValue) ?? .null),
            ]
            if case .oneOf(let values) = field.kind { out.append(("values", .array(values.map(JSONText.string)))) }
            if let pattern = field.pattern { out.append(("pattern", .string(pattern))) }
            if let min = field.minimum { out.append(("min", .int(min))) }
            if let max = field.maximum { out.append(("max", .int(max))) }
            if field.isExpiry { out.append(("expiry", .bool(true))) }
            if let env = field.environmentName { out.append(("env", .string(env))) }
            return JSONText.sortedObject(out)
        }

        static func jsonValue(_ value: SOPSValue) -> JSONText {
            switch value {
            case .string(let s): .string(s)
            case .int(let i): .int(Int64(i))
            case .bool(let b): .bool(b)
            case .float(let d): .double(d)
            case .time: .string(value.canonicalText)
            }
        }

        static func ruleDetails(_ rule: SchemaRule) -> JSONText {
            switch rule {
            case .together(let names): .object([("together", .array(names.map(JSONText.string)))])
            case .requires(let field, let then): .object([("requires", .object([(field, .array(then.map(JSONText.string)))]))])
            case .exactlyOne(let names): .object([("one_of", .array(names.map(JSONText.string)))])
            }
        }
    }

    /// `credfile schema jsonschema TYPE`.
    struct JSONSchema: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "jsonschema",
            abstract: "Print a type as JSON Schema (draft 2020-12) for editors and standard validators.",
            discussion: """
                The schema accepts what 'credfile validate' accepts without a key, except the \
                rules JSON Schema cannot express; its description lists them.

                Examples:
                  credfile schema jsonschema smtp > smtp.schema.json
                  check-jsonschema --schemafile smtp.schema.json credentials/smtp-prod.yaml
                """)

        @Argument(help: "The type, e.g. smtp.", completion: Completions.types)
        var type: String

        @OptionGroup var output: OutputOptions

        func run() throws {
            write(try findSchema(type).jsonSchema())
        }
    }
}

// MARK: Shared helpers

/// The schema of `type`; otherwise prints the diagnostics of its file (if it is broken) or
/// an unknown-type diagnostic listing the known types, and exits 1.
private func findSchema(_ type: String) throws -> CredentialSchema {
    let repository = try CurrentRepository.discover()
    let (set, diagnostics) = (repository.schemas, repository.schemaDiagnostics)
    if let schema = set.schema(for: type) { return schema }
    let own = diagnostics.filter { $0.path.hasSuffix("/\(type).yaml") || $0.path == "\(type).yaml" }
    DiagnosticLimit.apply(own).forEach(Printer.standardError.print)
    if own.isEmpty {
        let directory = repository.root.appendingPathComponent("schemas")
        let source = Repository.isDirectory(directory) ? directory.path : "<built-in>"
        Printer.standardError.printWithHints(Diagnostic(
            .error, code: .schemaUnknownType, SchemaSet.unknownTypeMessage(type), path: source,
            hints: set.unknownTypeHints(type)))
    }
    throw ExitCode(ExitStatus.failure)
}

private func write(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
