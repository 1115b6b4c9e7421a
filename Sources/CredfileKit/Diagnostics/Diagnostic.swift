public import CredfileYAML

/// One finding about one file, in the compiler shape `path:line:col: severity: message [code]`.
///
/// A diagnostic never carries a credential value, plaintext or ciphertext: messages name key
/// paths, never contents (DESIGN.md §2.8).
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How bad a finding is.
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning, note
    }

    public var severity: Severity
    /// A stable identifier such as `yaml.duplicate-key` or `sops.mac-mismatch`: a
    /// `DiagnosticCode`'s raw value. Kept a string because that is what goes on the wire
    /// (`--format json`, GitHub annotations) and what scripts compare; producers can only
    /// pass a `DiagnosticCode`, so no code exists that the enum (and the docs) do not list.
    public var code: String
    /// Lowercase, no trailing period, names key paths in quotes, never values.
    public var message: String
    /// The file the finding is about, as the user named it.
    public var path: String
    /// Where in the file, when known.
    public var position: SourcePosition?
    /// Extra lines printed as `hint: …`.
    public var hints: [String]

    public init(
        _ severity: Severity, code: DiagnosticCode, _ message: String, path: String,
        at position: SourcePosition? = nil, hints: [String] = []
    ) {
        self.severity = severity
        self.code = code.rawValue
        self.message = message
        self.path = path
        self.position = position
        self.hints = hints
    }

    /// The 1-based line, when the finding has a position.
    public var line: Int? { position?.line }
    /// The 1-based column (Unicode scalars), when the finding has a position.
    public var column: Int? { position?.column }

    /// `path:line:col`, or just `path` without a position.
    public var location: String {
        position.map { "\(path):\($0.line):\($0.column)" } ?? path
    }

    /// `path:line:col: severity: message [code]` (or `path: …` without a position).
    public var description: String {
        "\(location): \(severity.rawValue): \(message) [\(code)]"
    }
}
