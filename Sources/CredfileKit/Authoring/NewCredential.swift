public import Foundation

/// `credfile new NAME --type T`: where a new credential goes and which type it has. `prepare()`
/// checks everything that does not depend on the values and returns a draft to fill in.
public struct NewCredential: Sendable {
    public var name: String
    public var type: String
    public var workingDirectory: URL

    public init(name: String, type: String, workingDirectory: URL) {
        self.name = name
        self.type = type
        self.workingDirectory = workingDirectory
    }

    /// Checks the name (a valid slug, not taken, no prefix clash) and the type; writes nothing.
    public func prepare() throws -> Draft {
        guard CredentialName.isValid(name) else {
            throw CredfileError(
                .usage, "'\(name.prefix(64))' is not a valid credential name",
                hints: ["a name is a lowercase slug: a letter, then letters, digits and single '-' or '_' (e.g. smtp-prod)"])
        }
        let directory = try credentialsDirectory()
        let schemas = SchemaSet.locate(from: workingDirectory).0
        guard let schema = schemas.schema(for: type) else {
            throw CredfileError(
                .usage, "unknown type '\(type.prefix(64))'", hints: ["types: " + schemas.types.joined(separator: ", ")])
        }
        let file = directory.appendingPathComponent("\(name).yaml")
        let display = CredentialDiscovery.display(file.path, base: workingDirectory.standardizedFileURL.path + "/")
        try checkNameIsFree(file: file, display: display, directory: directory)
        return Draft(
            name: name, schema: schema, schemas: schemas, file: file, displayPath: display,
            workingDirectory: workingDirectory)
    }

    private func credentialsDirectory() throws -> URL {
        do {
            return try CredentialDiscovery.credentialsDirectory(from: workingDirectory)
        } catch {
            throw CredfileError(.usage, "no credentials/ directory here or above", hints: ["run 'credfile init' first"])
        }
    }

    /// A name is taken by its file, and also by a name with the same environment prefix
    /// (`smtp_prod` against `smtp-prod`), which `validate` would reject as a collision.
    private func checkNameIsFree(file: URL, display: String, directory: URL) throws {
        if FileManager.default.fileExists(atPath: file.path) {
            throw CredfileError(
                .usage, "credential '\(name)' already exists", path: display,
                hints: ["a name never changes: change its fields with 'credfile set', or choose another name"])
        }
        let prefix = CredentialName.environmentPrefix(name)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for other in names where other.hasSuffix(".yaml") {
            let otherName = String(other.dropLast(5))
            if CredentialName.environmentPrefix(otherName) == prefix {
                throw CredfileError(
                    .usage, "'\(name)' and the existing '\(otherName)' map to the same environment prefix \(prefix)_")
            }
        }
    }
}
