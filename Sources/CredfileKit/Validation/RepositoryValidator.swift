internal import CredfileAge
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
internal import CredfileYAML

/// A credential file to validate, with the path shown in diagnostics.
///
/// Holds a path, not a `URL`: one is kept per file for the whole of `validate`, and a
/// FoundationEssentials URL (its parse info and copied strings) cost ~390 bytes a file,
/// ~40 MiB at 100,000 files (issue 17's memory target).
public struct CredentialFile: Sendable {
    /// The file's path (absolute, or as given).
    public var path: String
    public var displayPath: String
    /// The bytes to check instead of the file on disk (a staged blob, a file at a git ref).
    public var contents: [UInt8]?

    public var url: URL {
        get { URL(fileURLWithPath: path) }
        set { path = newValue.path }
    }

    public init(url: URL, displayPath: String, contents: [UInt8]? = nil) {
        self.init(path: url.path, displayPath: displayPath, contents: contents)
    }

    public init(path: String, displayPath: String, contents: [UInt8]? = nil) {
        self.path = path
        self.displayPath = displayPath
        self.contents = contents
    }

    /// The bytes: the given contents, else the file — never through a link, never a FIFO
    /// (`FileIO.readRegular`): anything below `credentials/` may be hostile.
    public func read() throws -> [UInt8] {
        try contents ?? FileIO.readRegular(atPath: path)
    }

    /// The name the credential must have: the file name without `.yaml`.
    var expectedName: String {
        let last = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        // `.yml` too: such a file is reported as misplaced, not also as a name mismatch.
        return last.hasSuffix(".yaml") ? String(last.dropLast(5)) : last.hasSuffix(".yml") ? String(last.dropLast(4)) : last
    }
}

/// The outcome of validating a set of files.
public struct ValidationReport: Sendable {
    /// Ordered by file, then position.
    public var diagnostics: [Diagnostic]
    public var fileCount: Int
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
}

/// `credfile validate`: every file checked (both cores), then the rules that span files.
public struct RepositoryValidator: Sendable {
    public var schemas: SchemaSet
    public var options: ValidationOptions

    public init(schemas: SchemaSet, options: ValidationOptions) {
        self.schemas = schemas
        self.options = options
    }

    public func validate(_ files: [CredentialFile]) -> ValidationReport {
        validate(files, keepDocuments: false).report
    }

    /// The same, also handing back each file's parse (nil when it did not parse), in file
    /// order: the git checks that follow use them instead of parsing the files again.
    func validateKeepingDocuments(_ files: [CredentialFile]) -> (report: ValidationReport, documents: [SOPSDocument?]) {
        validate(files, keepDocuments: true)
    }

    /// Without `keepDocuments` each parse is freed as soon as its file is checked: holding
    /// 10,000 trees until the end cost more in memory traffic than the checks themselves.
    private func validate(_ files: [CredentialFile], keepDocuments: Bool) -> (report: ValidationReport, documents: [SOPSDocument?]) {
        var prelude: [Diagnostic] = []
        var keys = options.keys
        if options.decrypt {
            // A key search that fails (an unreadable key file) is reported once, not per file;
            // the files then report that no key opens them.
            do {
                for source in keys.sources { _ = try source.keyCount() }
            } catch let error as CredfileError {
                prelude.append(error.diagnostic)
                keys = KeyRing(identities: [])
            } catch {
                keys = KeyRing(identities: [])
            }
        }
        let ring = keys
        let perFile = ParallelMap.map(files) { file in
            var result = validateFile(file, keys: ring)
            if !keepDocuments { result.document = nil }
            return result
        }
        var diagnostics = prelude
        for result in perFile { diagnostics += result.diagnostics }
        diagnostics += prefixCollisions(zip(files, perFile).map { ($0.0, $0.1.name) })
        diagnostics += sharedDataKeys(zip(files, perFile).map { ($0.0, $0.1.dataKey) })
        let documents = keepDocuments ? perFile.map(\.document) : []
        return (ValidationReport(diagnostics: diagnostics, fileCount: files.count), documents)
    }

    /// What one file's check leaves for the rules that span files. Kept small: one is held
    /// per file until every file is checked, so its size is the memory validation grows by
    /// (the document inline made it ~600 bytes, ~250 MiB at 100,000 files; issue 17).
    struct FileResult: Sendable {
        var diagnostics: [Diagnostic]
        var name: (String, SourcePosition)?
        /// Pieces of each wrapped copy of the data key (see `wrapPieces`), and where each is.
        var dataKey: [(String, SourcePosition?)] = []
        /// The file as parsed, for checks that span files: boxed, so that a result without it
        /// costs one pointer, not an inline `SOPSDocument`.
        private var parsed: ParsedDocument?

        var document: SOPSDocument? {
            get { parsed?.document }
            set { parsed = newValue.map(ParsedDocument.init) }
        }

        init(diagnostics: [Diagnostic], name: (String, SourcePosition)? = nil, dataKey: [(String, SourcePosition?)] = [], document: SOPSDocument? = nil) {
            self.diagnostics = diagnostics
            self.name = name
            self.dataKey = dataKey
            self.document = document
        }
    }

    /// A parse held by reference (see `FileResult`).
    final class ParsedDocument: Sendable {
        let document: SOPSDocument
        init(_ document: SOPSDocument) { self.document = document }
    }

    func validateFile(_ file: CredentialFile, keys: KeyRing) -> FileResult {
        let document: SOPSDocument
        do {
            document = try SOPSDocument(bytes: file.read(), path: file.displayPath)
        } catch let error as CredfileError {
            return FileResult(diagnostics: [error.inFile(file.displayPath).diagnostic])
        } catch {
            return FileResult(diagnostics: [])
        }
        return validate(document, file: file, keys: keys)
    }

    /// The checks of one file already parsed (a command that goes on to use the document
    /// does not parse it a second time).
    func validate(_ document: SOPSDocument, file: CredentialFile, keys: KeyRing? = nil) -> FileResult {
        if document.commonFieldsEncrypted { return validateCommonFieldsEncrypted(document, file: file, keys: keys) }
        var validator = CredentialValidator(
            document: document, schemas: schemas, options: options, expectedName: file.expectedName)
        // One regex budget for the whole file, both tiers (PatternBudget says why and how much).
        let budget = PatternBudget()
        PatternBudget.$current.withValue(budget) {
            let schema = validator.run()
            if options.decrypt, let schema, let keys, document.isEncrypted {
                validator.checkDecrypted(schema, keys: keys)
            }
        }
        if let exceeded = budget.exceeded { validator.reportTooCostly(exceeded) }
        let name = validator.entry("name").flatMap { entry -> (String, SourcePosition)? in
            guard let value = entry.value.scalar?.value, CredentialName.isValid(value) else { return nil }
            return (value, entry.value.range.start)
        }
        let ordered = validator.diagnostics.sorted { Self.offset($0) < Self.offset($1) }
        let dataKey = document.metadata.map(Self.wrapPieces) ?? []
        return FileResult(diagnostics: ordered, name: name, dataKey: dataKey, document: document)
    }

    private static func offset(_ diagnostic: Diagnostic) -> Int { diagnostic.position?.offset ?? 0 }

    /// A credential whose rule encrypts `name`, `type` and `description` (what `sops encrypt`
    /// does without a rule). Without a key: one error, since nothing can be checked, naming
    /// the conversion. With a key that opens it: every check on the decrypted values
    /// (reported at the lines of the encrypted file), and the conversion as a warning.
    func validateCommonFieldsEncrypted(_ document: SOPSDocument, file: CredentialFile, keys: KeyRing?) -> FileResult {
        let at = document.metadata?.rulePosition ?? document.sopsEntry?.keyRange.start ?? document.yaml.root.range.start
        let name = file.expectedName
        let convert = "convert it to credfile's rule (only its type's sensitive fields encrypted, the data key kept) with a key: "
            + "'credfile set \(name) type=TYPE', TYPE being its type"
        let dataKey = document.metadata.map(Self.wrapPieces) ?? []
        guard options.decrypt, let keys else {
            let error = Diagnostic(
                .error, code: .sopsCommonFieldsEncrypted,
                "the sops rule encrypts 'name', 'type' and 'description' (sops's default rule): without a key this credential cannot be checked",
                path: file.displayPath, at: at, hints: [convert, "or check it with a key: 'credfile validate --decrypt \(file.displayPath)'"])
            return FileResult(diagnostics: [error], name: nil, dataKey: dataKey, document: document)
        }
        let budget = PatternBudget()
        var diagnostics: [Diagnostic] = []
        var plainName: (String, SourcePosition)?
        PatternBudget.$current.withValue(budget) {
            let plain: SOPSDocument
            do {
                let decrypted = try document.decrypt(keys: keys, verifyMAC: true)
                plain = try SOPSDocument(bytes: decrypted.plaintextYAML(), path: document.path)
            } catch let error as CredfileError {
                diagnostics.append(error.inFile(file.displayPath).diagnostic)
                return
            } catch {
                return
            }
            var validator = CredentialValidator(document: plain, schemas: schemas, options: options, expectedName: name)
            validator.decryptedView = true
            _ = validator.run()
            if let entry = validator.entry("name"), let value = entry.value.scalar?.value, CredentialName.isValid(value) {
                plainName = (value, Self.position(entry.value.range.start, from: plain, in: document))
            }
            diagnostics = validator.diagnostics.map { diagnostic in
                var moved = diagnostic
                moved.position = diagnostic.position.map { Self.position($0, from: plain, in: document) }
                return moved
            }
            diagnostics.append(
                Diagnostic(
                    .warning, code: .sopsCommonFieldsEncrypted,
                    "the sops rule encrypts 'name', 'type' and 'description' (sops's default rule): checked with the key, but without one nothing can be",
                    path: file.displayPath, at: at, hints: [convert]))
        }
        if let exceeded = budget.exceeded {
            var validator = CredentialValidator(document: document, schemas: schemas, options: options, expectedName: name)
            validator.reportTooCostly(exceeded)
            diagnostics += validator.diagnostics
        }
        let ordered = diagnostics.sorted { Self.offset($0) < Self.offset($1) }
        return FileResult(diagnostics: ordered, name: plainName, dataKey: dataKey, document: document)
    }

    /// A position in the decrypted rendering `plain`, as the same place in the encrypted
    /// `document`: the same top-level key or value (both have the same keys in the same
    /// order); anything else, the top of the file.
    static func position(_ p: SourcePosition, from plain: SOPSDocument, in document: SOPSDocument) -> SourcePosition {
        let original = document.yaml.root.mapping ?? []
        for entry in plain.yaml.root.mapping ?? [] {
            guard let match = original.first(where: { $0.key == entry.key }) else { continue }
            if entry.keyRange.start.offset == p.offset { return match.keyRange.start }
            if entry.value.range.start.offset == p.offset { return match.value.range.start }
        }
        return document.yaml.root.range.start
    }


    /// Two credentials with one data key are copies: whoever can read one can read both, and
    /// rotating one leaves the other behind. Any one wrapped copy in common is enough: a copy
    /// that drops or adds a recipient, or re-armors one, keeps the data key all the same.
    func sharedDataKeys(_ keyed: [(CredentialFile, [(String, SourcePosition?)])]) -> [Diagnostic] {
        var first: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        for (file, pieces) in keyed {
            if let (piece, at) = pieces.first(where: { first[$0.0] != nil }), let other = first[piece] {
                diagnostics.append(Self.sharedKey(file, at: at, with: other))
            }
            for (piece, _) in pieces where first[piece] == nil { first[piece] = file.displayPath }
        }
        return diagnostics
    }

    /// What identifies each wrap of a file's data key (`GitValidation.uniqueWrapTexts`); the
    /// whole set of blobs when none of them has the usual shape.
    static func wrapPieces(_ metadata: SOPSMetadata) -> [(String, SourcePosition?)] {
        let pieces = GitValidation.uniqueWrapTexts(metadata)
        if !pieces.isEmpty { return pieces }
        return SOPSMetadata.dataKeyIdentity(metadata).map { [($0, metadata.age.first?.encPosition)] } ?? []
    }

    static func sharedKey(_ file: CredentialFile, at: SourcePosition?, with other: String) -> Diagnostic {
        Diagnostic(
            .warning, code: .sopsSharedDataKey, "shares its data key with \(other) (a copied file?)",
            path: file.displayPath, at: at, hints: ["give it its own data key: credfile rotate \(file.expectedName)"])
    }

    static func prefixCollision(
        name: String, at: SourcePosition, path: String, otherName: String, otherPath: String
    ) -> Diagnostic {
        let prefix = CredentialName.environmentPrefix(name)
        return Diagnostic(
            .error, code: .namePrefixCollision,
            "'\(name)' and '\(otherName)' (\(otherPath)) map to the same environment prefix \(prefix)_",
            path: path, at: at)
    }

    /// Two names mapping to one environment prefix (`a-b`, `a_b`) would export the same variables.
    func prefixCollisions(_ named: [(CredentialFile, (String, SourcePosition)?)]) -> [Diagnostic] {
        var seen: [String: (String, String)] = [:]
        var diagnostics: [Diagnostic] = []
        for (file, name) in named {
            guard let (name, at) = name else { continue }
            let prefix = CredentialName.environmentPrefix(name)
            if let (otherName, otherPath) = seen[prefix] {
                diagnostics.append(
                    Self.prefixCollision(name: name, at: at, path: file.displayPath, otherName: otherName, otherPath: otherPath))
            } else {
                seen[prefix] = (name, file.displayPath)
            }
        }
        return diagnostics
    }
}

extension CredentialValidator {
    /// The CI tier: every value decrypts with its AAD, the decrypted values satisfy their
    /// field types, and the MAC verifies.
    mutating func checkDecrypted(_ schema: CredentialSchema, keys: KeyRing) {
        let decrypted: DecryptedDocument
        do {
            decrypted = try document.decrypt(keys: keys, verifyMAC: true)
        } catch let error as CredfileError {
            // After a pattern ran out of budget the decryption's answer is not trusted.
            if PatternBudget.current?.isExhausted != true { diagnostics.append(error.inFile(document.path).diagnostic) }
            return
        } catch {
            return
        }
        for leaf in decrypted.leaves where leaf.encrypted != nil && leaf.leaf.path.count == 1 {
            guard let field = schema.field(leaf.leaf.path[0]), let value = leaf.value else { continue }
            checkValue(field, value, at: leaf.leaf.node.range.start)
        }
    }
}
