/// The one error type of `CredfileYAML`.
///
/// A message says what is wrong and may name a mapping KEY (keys are not secret), but it never
/// contains a scalar value, because in a credential file any value may be a secret. Keys are
/// shown through `YAMLError.display(key:)`, truncated and with control characters escaped.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it. Each case has a stable `code`.
    public enum Kind: Sendable, Equatable, CaseIterable {
        /// The input is larger than `YAMLLoadLimits.maxBytes`.
        case tooLarge
        /// Collections are nested deeper than `YAMLLoadLimits.maxDepth`.
        case tooDeep
        /// The document has more nodes than `YAMLLoadLimits.maxNodes`.
        case tooManyNodes
        /// The input is not valid UTF-8.
        case invalidUTF8
        /// The input contains a byte order mark (U+FEFF).
        case byteOrderMark
        /// The input contains a NUL byte.
        case nulByte
        /// The input contains a carriage return (CRLF or CR line ends).
        case carriageReturn
        /// The input contains a control character that YAML does not allow.
        case controlCharacter
        /// libyaml rejected the input; the message is libyaml's own (fixed) problem text.
        case syntax
        /// The input contains no document, or the document is empty.
        case empty
        /// The input contains more than one document.
        case multipleDocuments
        /// The document's root is not a mapping.
        case notAMapping
        /// A mapping contains the same key twice.
        case duplicateKey
        /// A node carries an anchor (`&name`).
        case anchor
        /// A node is an alias (`*name`).
        case alias
        /// A node carries an explicit tag other than `!!str`.
        case unsupportedTag
        /// A mapping uses the merge key `<<`.
        case mergeKey
        /// A mapping key is not a string (a collection, or a scalar that resolves to non-string).
        case nonStringKey
        /// A programming error in the caller or in credfile (e.g. overlapping text edits).
        case `internal`

        /// A stable identifier for diagnostics and scripts, e.g. `yaml.duplicate-key`.
        public var code: String {
            switch self {
            case .tooLarge: "yaml.too-large"
            case .tooDeep: "yaml.too-deep"
            case .tooManyNodes: "yaml.too-many-nodes"
            case .invalidUTF8: "yaml.invalid-utf8"
            case .byteOrderMark: "yaml.byte-order-mark"
            case .nulByte: "yaml.nul-byte"
            case .carriageReturn: "yaml.carriage-return"
            case .controlCharacter: "yaml.control-character"
            case .syntax: "yaml.syntax"
            case .empty: "yaml.empty"
            case .multipleDocuments: "yaml.multiple-documents"
            case .notAMapping: "yaml.not-a-mapping"
            case .duplicateKey: "yaml.duplicate-key"
            case .anchor: "yaml.anchor"
            case .alias: "yaml.alias"
            case .unsupportedTag: "yaml.unsupported-tag"
            case .mergeKey: "yaml.merge-key"
            case .nonStringKey: "yaml.non-string-key"
            case .internal: "yaml.internal"
            }
        }
    }

    /// What went wrong.
    public var kind: Kind
    /// Lowercase, no trailing period, never containing a scalar value.
    public var message: String
    /// Where the offending token starts.
    public var position: SourcePosition
    /// An optional suggestion for the user (lowercase, no trailing period).
    public var hint: String?

    /// Creates an error; `message` and `hint` must not contain scalar values.
    public init(_ kind: Kind, _ message: String, at position: SourcePosition, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.position = position
        self.hint = hint
    }

    /// `line:column: message [code]`, the compiler shape without a file name.
    public var description: String { "\(position): \(message) [\(kind.code)]" }
}

extension YAMLError {
    /// A key as messages show it (`DisplayText.key`): quoted, at most 64 characters, escaped.
    static func display(key: String) -> String { DisplayText.key(key) }
}
