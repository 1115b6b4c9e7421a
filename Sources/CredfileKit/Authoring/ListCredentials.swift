#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// `credfile list`: one summary per credential, sorted by name. Needs no key and decrypts
/// nothing: it reads only the plain fields and the `sops` block, so it cannot print a secret.
public struct ListCredentials: Sendable {
    public var repository: Repository

    public init(repository: Repository) { self.repository = repository }

    /// One row of the list.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var path: String
        public var type: String?
        public var description: String?
        /// `sops.lastmodified` as written; nil for a plain file.
        public var lastModified: String?
        /// The age recipients the data key is wrapped for.
        public var recipients: [String]
        /// The earliest `expiry` field of the type that is set and readable (`YYYY-MM-DD`).
        public var expires: String?
        /// The same date with the days left until it (negative once passed).
        public var expiry: CredentialExpiry?
        /// What `validate`'s key-less checks make of the file; `invalid` when it cannot be read.
        public var status: CredentialStatus = .ok
    }

    /// The credentials, and a diagnostic for each file that cannot be read (listed anyway,
    /// under its file name, so a broken file is not silently hidden).
    public func run() throws -> (entries: [Entry], problems: [Diagnostic]) {
        let scan = try repository.scanCredentials()
        let files = repository.files(scan.credentials)
        let schemas = repository.schemas
        var entries: [Entry] = []
        // A link or FIFO is named, never read: its target's description is not printed.
        var problems = scan.findings.filter {
            if case .notRegular = $0.problem { true } else { false }
        }.map { $0.diagnostic(base: repository.workingDirectory.path + "/") }
        // Each file is checked as `validate` would (the status), so on every core.
        let results = ParallelMap.map(files) { file -> Result<Entry, CredfileError> in
            do {
                return .success(try Self.entry(for: file, schemas: schemas))
            } catch let error as CredfileError {
                return .failure(error.inFile(file.displayPath))
            } catch {
                return .failure(CredfileError(.io, "cannot be read", path: file.displayPath))
            }
        }
        for (file, result) in zip(files, results) {
            switch result {
            case .success(let entry): entries.append(entry)
            case .failure(let error):
                problems.append(error.diagnostic)
                entries.append(Entry(name: file.expectedName, path: file.displayPath, recipients: [], status: .invalid))
            }
        }
        return (entries.sorted { $0.name < $1.name }, problems)
    }

    private static func entry(for file: CredentialFile, schemas: SchemaSet) throws -> Entry {
        let document = try SOPSDocument(bytes: file.read(), path: file.displayPath)
        let values = document.plainTopLevelValues(skippingEncrypted: true)
        let type = document.credentialType
        let expiry = CredentialExpiry.earliest(schema: type.flatMap { schemas.schema(for: $0) }, values: values)
        return Entry(
            name: values["name"].map(\.extractTextWithoutNewline) ?? file.expectedName, path: file.displayPath,
            type: type, description: values["description"].map(\.extractTextWithoutNewline),
            lastModified: document.metadata?.lastModified, recipients: document.metadata?.recipientNames ?? [],
            expires: expiry?.date, expiry: expiry,
            status: CredentialStatus.of(CredentialStatus.check(document, file: file, schemas: schemas)))
    }
}
