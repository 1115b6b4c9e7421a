#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import CredfileYAML

/// The credential types of a repository: every schema that loaded cleanly, by type name.
public struct SchemaSet: Sendable {
    private var byType: [String: CredentialSchema]

    /// A set of the given schemas; a later schema replaces an earlier one of the same type.
    public init(_ schemas: [CredentialSchema]) {
        byType = Dictionary(schemas.map { ($0.type, $0) }, uniquingKeysWith: { $1 })
    }

    /// The schema of `type`, if there is one.
    public func schema(for type: String) -> CredentialSchema? { byType[type] }

    /// The type names, sorted.
    public var types: [String] { byType.keys.sorted() }

    /// The schemas, sorted by type name.
    public var schemas: [CredentialSchema] { types.compactMap { byType[$0] } }

    /// Parses one schema file. `path` is used in diagnostics, and its base name without
    /// `.yaml` is the type the file must declare. Returns nil with at least one error
    /// diagnostic when the schema is broken.
    public static func parse(_ bytes: [UInt8], path: String) -> (CredentialSchema?, [Diagnostic]) {
        var parser = SchemaParser(path: path)
        let schema = parser.parse(bytes)
        return (schema, parser.diagnostics)
    }

    /// Loads every `*.yaml` file of `directory` (not recursively), in name order. A broken
    /// schema yields diagnostics and is left out; nothing here throws or traps.
    public static func load(directory: URL) -> (SchemaSet, [Diagnostic]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }.sorted()
        } catch {
            let message = "cannot read the schema directory"
            return (SchemaSet([]), [Diagnostic(.error, code: .schemaUnreadable, message, path: directory.relativePath)])
        }
        return load(names.map { name in
            let file = directory.appendingPathComponent(name)
            return (file.relativePath, FileManager.default.contents(atPath: file.path).map { [UInt8]($0) })
        })
    }

    /// Loads schema files given as (display path, bytes; nil when unreadable), from any tree
    /// source (the working tree, the git index, a commit). A broken file is remembered under
    /// the type its name promises, so a command that needs that type reports the file's own
    /// problem instead of "unknown type" (issue 11).
    static func load(_ files: [(path: String, bytes: [UInt8]?)]) -> (SchemaSet, [Diagnostic]) {
        var schemas: [CredentialSchema] = []
        var diagnostics: [Diagnostic] = []
        var broken: [String: Diagnostic] = [:]
        for (path, bytes) in files {
            let type = String(path.split(separator: "/").last?.dropLast(5) ?? "")
            guard let bytes else {
                let problem = Diagnostic(.error, code: .schemaUnreadable, "cannot read the schema file", path: path)
                diagnostics.append(problem)
                broken[type] = problem
                continue
            }
            let (schema, found) = parse(bytes, path: path)
            diagnostics += found
            if let schema {
                schemas.append(schema)
            } else if let first = found.first(where: { $0.severity == .error }) {
                broken[type] = first
            }
        }
        var set = SchemaSet(schemas)
        set.broken = broken.filter { set.byType[$0.key] == nil }
        return (set, diagnostics)
    }

    /// The first error of each schema file that failed to load, by the type its file name
    /// (`schemas/TYPE.yaml`) promises.
    public private(set) var broken: [String: Diagnostic] = [:]

    /// The schema of `type`, or the one error every command reports when there is none: the
    /// broken schema file's own problem (`path:line:col`, its code), else "unknown credential
    /// type" with the known types — worded the same by `validate`, `new`, `set`, `show` and
    /// `export`. `kind` is the error's kind when the type is unknown (a type typed on the command
    /// line is a usage error; one read from a file makes the credential invalid).
    public func require(_ type: String, kind: CredfileError.Kind, path: String? = nil, at: SourcePosition? = nil) throws
        -> CredentialSchema
    {
        if let schema = byType[type] { return schema }
        if let problem = broken[type] {
            throw CredfileError(
                .invalidSchema(code: DiagnosticCode(rawValue: problem.code) ?? .schemaUnreadable), "the schema of type '\(type.prefix(64))' is broken: \(problem.message)",
                path: problem.path, at: problem.position, hints: problem.hints)
        }
        throw CredfileError(kind, Self.unknownTypeMessage(type), path: path, at: at, hints: unknownTypeHints(type))
    }

    /// "unknown credential type 'T'": the one wording of an unknown type. Only a slug (what a
    /// schema's type name must be) is quoted back: anything else may be a value pasted in the
    /// wrong place, a ciphertext (sops's default rule encrypts `type` too) or control
    /// characters that would forge a line of output, and messages never carry values.
    public static func unknownTypeMessage(_ type: String) -> String {
        guard type.utf8.count <= 64, FormatCheck.isSlug(ArraySlice(type.utf8)) else {
            return type.hasPrefix("ENC[")
                ? "the credential type is encrypted; 'type' must be plain text (add it to the unencrypted fields)"
                : "unknown credential type (not a type name: a lowercase slug)"
        }
        return "unknown credential type '\(type)'"
    }

    /// "known types: a, b, c" (or that there are none).
    public var knownTypesHint: String {
        types.isEmpty ? "no credential types: schemas/ has no *.yaml files" : "known types: \(types.joined(separator: ", "))"
    }

    /// The finding `validate` reports for a credential of `type` when there is no schema for
    /// it: the broken schema file named, or the unknown type.
    func missingSchemaMessage(_ type: String) -> (message: String, hints: [String]) {
        if let problem = broken[type] {
            return ("the schema of type '\(type)' is broken (\(problem.location))", ["fix the schema file first; its own error is reported above"])
        }
        return (Self.unknownTypeMessage(type), unknownTypeHints(type))
    }

    /// The hints for an unknown type: the nearest known type when one is near (a typo of a
    /// type name; nothing is suggested for what is no type name), then the known types.
    public func unknownTypeHints(_ type: String) -> [String] {
        let isName = type.utf8.count <= 64 && FormatCheck.isSlug(ArraySlice(type.utf8))
        return [isName ? Suggestion.hint(for: type, among: types) : nil, knownTypesHint].compactMap { $0 }
    }

    /// The built-in schema files, name (`smtp.yaml`) and text, byte for byte as in the
    /// repository's `schemas/`: what `credfile init` writes.
    public static var builtInFiles: [(name: String, text: String)] { BuiltInSchemas.files }

    /// The built-in types (smtp, msgraph, generic), parsed from the same text as the
    /// repository's `schemas/*.yaml`, which `credfile init` writes.
    public static let builtIn: SchemaSet = {
        let schemas = BuiltInSchemas.files.compactMap { name, text in
            parse(Array(text.utf8), path: "<built-in>/\(name)").0
        }
        return SchemaSet(schemas)
    }()
}
