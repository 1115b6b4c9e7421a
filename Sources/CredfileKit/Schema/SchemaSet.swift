public import Foundation

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
        var schemas: [CredentialSchema] = []
        var diagnostics: [Diagnostic] = []
        for name in names {
            let file = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: file.path) else {
                diagnostics.append(Diagnostic(.error, code: .schemaUnreadable, "cannot read the schema file",
                                              path: file.relativePath))
                continue
            }
            let (schema, found) = parse([UInt8](data), path: file.relativePath)
            diagnostics += found
            if let schema { schemas.append(schema) }
        }
        return (SchemaSet(schemas), diagnostics)
    }

    /// The repository root for `directory`: the first of it and its ancestors that has a
    /// `schemas/` directory or a `.sops.yaml` file; nil when there is none.
    public static func repositoryRoot(from directory: URL) -> URL? {
        var current = directory.standardizedFileURL
        while true {
            if isDirectory(current.appendingPathComponent("schemas"))
                || FileManager.default.fileExists(atPath: current.appendingPathComponent(".sops.yaml").path)
            {
                return current
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    /// The schemas in effect for `directory`: the repository's `schemas/` (see
    /// `repositoryRoot(from:)`), or the built-in types when there is no such directory.
    public static func locate(from directory: URL) -> (SchemaSet, [Diagnostic]) {
        guard let root = repositoryRoot(from: directory) else { return (builtIn, []) }
        let schemas = root.appendingPathComponent("schemas")
        guard isDirectory(schemas) else { return (builtIn, []) }
        return load(directory: displayURL(schemas, relativeTo: directory))
    }

    /// `url` relative to `base` when it lies under it (shorter diagnostics), else absolute.
    private static func displayURL(_ url: URL, relativeTo base: URL) -> URL {
        let basePath = base.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        guard path.hasPrefix(basePath + "/") else { return url }
        return URL(fileURLWithPath: String(path.dropFirst(basePath.count + 1)), relativeTo: base.standardizedFileURL)
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
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
