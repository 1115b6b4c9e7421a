public import CredfileYAML

/// A credential type: which fields a credential of that type has, which are secret, and the
/// rules between them. Loaded from `schemas/TYPE.yaml` (format in docs/schemas.md).
///
/// `name`, `type` and `description` are common to every type and always required; they are
/// not listed in `fields`.
public struct CredentialSchema: Sendable {
    /// The type name, e.g. `smtp` (equals the schema file's base name).
    public var type: String
    public var title: String?
    public var description: String?
    /// The type's own fields, in the order the schema lists them.
    public var fields: [FieldSpec]
    public var rules: [SchemaRule]
    /// Whether fields the schema does not list are allowed (`extra_fields: true`).
    public var allowsExtraFields: Bool
    /// The application roles (`required_roles`) a token for this credential must carry, as
    /// `credfile check` reads them from an `msgraph` access token; nil when the schema names
    /// none (the check then asks for its default, `GraphCheck.defaultRequiredRoles`).
    public var requiredRoles: [String]?
    /// The schema file, for diagnostics about the schema itself.
    public var path: String

    public init(
        type: String, title: String? = nil, description: String? = nil, fields: [FieldSpec],
        rules: [SchemaRule] = [], allowsExtraFields: Bool = false, requiredRoles: [String]? = nil, path: String
    ) {
        self.type = type
        self.title = title
        self.description = description
        self.fields = fields
        self.rules = rules
        self.allowsExtraFields = allowsExtraFields
        self.requiredRoles = requiredRoles
        self.path = path
    }

    /// The field called `name`, if the schema lists it.
    public func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }

    /// The fields whose values are encrypted, in schema order.
    public var sensitiveFields: [FieldSpec] { fields.filter(\.sensitive) }

    /// The `encrypted_regex` credfile writes for this type (DESIGN.md §2.4): `^(a|b)$` over
    /// the sensitive fields, so that `sops edit` keeps the same policy. A type without
    /// sensitive fields gets `^$` (no key matches): its credentials are still sops files with
    /// a MAC over every value, because an unencrypted file authenticates nothing and a branch
    /// could point its `host` elsewhere without a key (issue 12).
    public var encryptedRegex: String {
        let names = sensitiveFields.map(\.name)
        return names.isEmpty ? "^$" : "^(\(names.joined(separator: "|")))$"
    }

    /// The fields every credential has, whatever its type.
    public static let commonFields = ["name", "type", "description"]
}

/// One field of a credential type.
public struct FieldSpec: Sendable {
    public var name: String
    public var kind: FieldKind
    public var required: Bool
    /// Encrypted in the file; displayed masked.
    public var sensitive: Bool
    /// The value used when the field is absent (never for sensitive fields).
    public var defaultValue: SOPSValue?
    public var description: String?
    /// An extra regular expression the (string) value must match, searched unanchored like
    /// JSON Schema's `pattern`.
    public var pattern: String? {
        // Compiled here, once, so that checking values never parses a regular expression.
        didSet { compiledPattern = pattern.flatMap(CompiledPattern.init) }
    }
    /// `pattern`, compiled; nil when there is none or it does not compile.
    var compiledPattern: CompiledPattern?
    /// Bounds for `int` (inclusive).
    public var minimum: Int64?
    public var maximum: Int64?
    /// A `date` field that holds a secret's expiry: past is an error, near is a warning.
    public var isExpiry: Bool
    /// The environment variable name to export instead of `<PREFIX>_<FIELD>`.
    public var environmentName: String?
    /// Where the field is declared in its schema file.
    public var position: SourcePosition?
    /// The schema file and the position of `pattern` in it, named when a search of the
    /// pattern runs out of budget (``PatternBudget``).
    public var patternPath: String?
    public var patternPosition: SourcePosition?

    public init(
        name: String, kind: FieldKind, required: Bool = false, sensitive: Bool = false,
        defaultValue: SOPSValue? = nil, description: String? = nil, pattern: String? = nil,
        minimum: Int64? = nil, maximum: Int64? = nil, isExpiry: Bool = false, environmentName: String? = nil,
        position: SourcePosition? = nil
    ) {
        self.name = name
        self.kind = kind
        self.required = required
        self.sensitive = sensitive
        self.defaultValue = defaultValue
        self.description = description
        self.pattern = pattern
        self.compiledPattern = pattern.flatMap(CompiledPattern.init)
        self.minimum = minimum
        self.maximum = maximum
        self.isExpiry = isExpiry
        self.environmentName = environmentName
        self.position = position
    }
}

/// The value types a field can have.
public enum FieldKind: Sendable, Equatable {
    case string
    case int
    /// 1–65535.
    case port
    case bool
    /// An RFC 1123 host name or an IPv4/IPv6 literal.
    case hostname
    case email
    /// An absolute URL with a scheme and a host.
    case url
    /// 8-4-4-4-12 hexadecimal.
    case uuid
    /// `YYYY-MM-DD`, a real calendar date.
    case date
    /// One of the listed strings.
    case oneOf([String])

    /// The sops `type:` an encrypted value of this kind carries.
    public var sopsType: String {
        switch self {
        case .int, .port: "int"
        case .bool: "bool"
        default: "str"
        }
    }
}

/// A constraint between fields.
public enum SchemaRule: Sendable, Equatable {
    /// Both or neither (`together: [username, password]`).
    case together([String])
    /// If `field` is set (and not `false`), every one of `then` is required.
    case requires(field: String, then: [String])
    /// Exactly one of the fields is set.
    case exactlyOne([String])
}
