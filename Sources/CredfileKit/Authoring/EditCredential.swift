public import CredfileYAML
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// `credfile edit NAME`: the decrypted credential in the user's editor, validated on save,
/// written back with a minimal diff.
///
/// The file is not locked while the editor is open (that can take minutes and would block
/// every script): the differences the user made to the values are computed against what
/// was shown, and then applied, inside the lock, to the file as it is at that moment, so a
/// change someone else saved meanwhile is kept. Unchanged values keep their ciphertext.
public struct EditCredential: Sendable {
    /// How an edit ended.
    public enum Outcome: Sendable, Equatable {
        case written
        /// The text was saved unchanged.
        case noChanges
        /// Only comments, order or layout changed, which edit does not save.
        case layoutOnly
    }

    public var name: String
    public var update: CredentialUpdate

    public init(name: String, update: CredentialUpdate) {
        self.name = name
        self.update = update
    }

    /// Runs the edit loop. `editor` is called with the scratch file and must return when the
    /// user is done; `scratch` is told the scratch place first, so that a signal handler can
    /// remove it. Invalid results reopen the editor with the problems at the top.
    public func run(
        now: GoTime = .now(), scratch onScratch: (EditScratch) -> Void, editor: (URL) throws -> Void
    ) throws -> Outcome {
        let url = try update.location.file(named: name)
        let original = try update.decrypt(url, keys: update.keys)
        let plaintext = try original.plaintextYAML()
        let scratch = try EditScratch(name: name, contents: plaintext)
        defer { scratch.remove() }
        onScratch(scratch)
        var shown = plaintext
        var problems: [String] = []
        while true {
            try editor(scratch.file)
            let saved = try FileIO.read(scratch.file)
            if saved == shown && shown != plaintext {
                // The editor is closed now, and its comment block with it: say again what was
                // wrong, or the user cannot tell why nothing was saved (issue 16).
                throw CredfileError(
                    .invalidCredential, "edit abandoned: the problems were not fixed; nothing written",
                    path: update.location.display(url), hints: problems.map { $0.hasPrefix("hint: ") ? String($0.dropFirst(6)) : $0 })
            }
            let edited = EditBuffer.strippingHeader(saved)
            if edited == plaintext { return .noChanges }
            do {
                return try save(EditBuffer.changes(from: original, to: edited), now: now)
            } catch let error as CredfileError where Self.reopens(error) {
                problems = Self.lines(error)
                shown = EditBuffer.withHeader(problems, body: edited)
                try scratch.rewrite(shown)
            }
        }
    }

    private func save(_ changes: [FieldChange], now: GoTime) throws -> Outcome {
        guard !changes.isEmpty else { return .layoutOnly }
        _ = try update.run(name) { current, schemas in
            let changes = Self.datesAsText(changes, schema: current.credentialType.flatMap { schemas.schema(for: $0) })
            let rule = try SetFields.rule(after: changes, decrypted: current, schemas: schemas)
            return try current.updated(changes, rule: rule, now: now)
        }
        return .written
    }

    /// A date typed unquoted in the editor is a time to YAML; it is written as the quoted
    /// `YYYY-MM-DD` text, which sops leaves alone (an unquoted one it rewrites as a timestamp).
    static func datesAsText(_ changes: [FieldChange], schema: CredentialSchema?) -> [FieldChange] {
        changes.map { change in
            guard case .set(let path, let value) = change, case .time = value, path.count == 1,
                schema?.field(path[0])?.kind == .date, let date = FieldSpec.parseDate(value)
            else { return change }
            return .set(path: path, value: .string("\(date.year.zeroPadded(4))-\(date.month.zeroPadded(2))-\(date.day.zeroPadded(2))"))
        }
    }

    /// Problems the user can fix in the editor; anything else (no key, a lock that cannot be
    /// had, a file that no longer decrypts) ends the edit.
    static func reopens(_ error: CredfileError) -> Bool {
        switch error.kind {
        case .malformedYAML, .usage, .invalidCredential, .invalidField, .noSuchField, .unsupported, .cannotEncrypt: true
        default: false
        }
    }

    /// One line per problem, as the comment block shows them. A position in the edited text
    /// is shown as a line of the buffer the user will see, header included.
    static func lines(_ error: CredfileError) -> [String] {
        if error.kind == .invalidCredential { return error.hints }
        let headerLines = 3 + error.hints.count
        let at = error.position.map { "line \($0.line + headerLines): " } ?? ""
        return ["\(at)\(error.message) [\(error.code)]"] + error.hints.map { "hint: \($0)" }
    }
}
