#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// `credfile new NAME --type T`: where a new credential goes and which type it has. `prepare()`
/// checks everything that does not depend on the values and returns a draft to fill in.
public struct NewCredential: Sendable {
    public var name: String
    public var type: String
    public var repository: Repository
    /// Wraps the data key when the creation rule names KMS keys.
    public var keys = KeyRing([])

    public init(name: String, type: String, repository: Repository) {
        self.name = name
        self.type = type
        self.repository = repository
    }

    /// Checks the name (a valid slug, not taken, no prefix clash) and the type; writes nothing.
    public func prepare() throws -> Draft {
        guard CredentialName.isValid(name) else {
            throw CredfileError(
                .usage, "'\(name.prefix(64))' is not a valid credential name",
                hints: ["a name is a lowercase slug: a letter, then letters, digits and single '-' or '_' (e.g. smtp-prod)"])
        }
        let directory = try repository.requireCredentialsDirectory()
        let schema = try repository.schemas.require(type, kind: .usage)
        let file = try repository.fileURL(named: name)
        let display = repository.display(file)
        try checkNameIsFree(file: file, display: display, directory: directory)
        var draft = Draft(name: name, schema: schema, repository: repository, file: file, displayPath: display)
        draft.keys = keys
        return draft
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
