public import CredfileYAML
internal import LinearRegex

extension FieldSpec {
    /// Why `value` is not acceptable for this field, or nil when it is.
    ///
    /// The message is lowercase, without the field name (the caller names the key path) and
    /// never contains the value. Types follow go-yaml v3 resolution, as sops sees the file: a
    /// quoted `"587"` is a string and therefore not a port. A `date` accepts a `YYYY-MM-DD`
    /// string that is a real calendar date, or a time at midnight UTC (what an unquoted
    /// `2027-06-30` resolves to).
    public func problem(with value: SOPSValue) -> String? {
        if let problem = kindProblem(value) { return problem }
        // A search that runs out of budget is no verdict on the value: the budget records the
        // pattern, and the validator reports it at the pattern's place in the schema.
        if let compiledPattern, case .string(let s) = value,
            compiledPattern.matches(s, source: .schemaPattern(path: patternPath, position: patternPosition)) == false
        {
            // A pattern says little to a newcomer; the field's description says what is meant
            // (msgraph's tenant_id: "a UUID (preferred), or a verified domain").
            return "must match the pattern '\(pattern ?? "")'" + (description.map { " (\($0))" } ?? "")
        }
        return nil
    }

    /// Like ``problem(with:)-(SOPSValue)``, for a plain-text scalar as written in a file: go-yaml
    /// resolves it first, and a date written as a time must be exactly `YYYY-MM-DD` or
    /// `YYYY-MM-DDT00:00:00Z` (what sops writes back for an unquoted date; the validator adds a
    /// `field.date-timestamp` warning): `2027-6-30`, which go-yaml also reads as midnight, is
    /// refused as the exported JSON Schema refuses it. An empty value (null) has none.
    public func problem(with scalar: YAMLScalar) -> String? {
        switch YAMLResolver.resolve(scalar) {
        case .null:
            return "must have a value"
        case .unsignedOverflow:
            return kind == .int || kind == .port ? kindMessage : "must be a string (quote it)"
        case .timestamp(let t):
            // sops writes an unquoted date back as `YYYY-MM-DDT00:00:00Z` on every `set`, `edit`
            // and `encrypt`: midnight UTC is that date (the validator adds a note to quote it);
            // any other time, or a short form such as `2027-6-30`, is not a date.
            if kind == .date, FormatCheck.date(ArraySlice(scalar.value.utf8)) == nil,
                Self.parseDate(.time(t)) == nil || !Self.isMidnightTimestampText(scalar.value)
            {
                return kindMessage
            }
            return problem(with: .time(t))
        case let resolved:
            // Every other case maps one to one; the initialiser throws only for uint64.
            guard let value = try? SOPSValue(resolved) else { return kindMessage }
            return problem(with: value)
        }
    }

    /// Why an encrypted value of this field with the sops `type:` `sopsType` is wrong (the
    /// key-less tier cannot see the value, only its type), or nil.
    public func problemWithEncryptedType(_ sopsType: String) -> String? {
        let accepted = kind.acceptedSOPSTypes
        if accepted.contains(sopsType) { return nil }
        return "must be encrypted with type '\(accepted[0])'"
    }

    /// Whether `text` is a date as sops re-writes it: `YYYY-MM-DDT00:00:00Z`.
    public static func isMidnightTimestampText(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 20 && FormatCheck.date(bytes[0..<10]) != nil && bytes[10...].elementsEqual("T00:00:00Z".utf8)
    }

    /// The day a `date` value names: a `YYYY-MM-DD` string or a time at midnight UTC.
    public static func parseDate(_ value: SOPSValue) -> (year: Int, month: Int, day: Int)? {
        switch value {
        case .string(let s):
            return FormatCheck.date(ArraySlice(s.utf8))
        case .time(let t):
            let text = Array(t.rfc3339Nano.utf8)
            guard text.count == 20, text[10...].elementsEqual("T00:00:00Z".utf8) else { return nil }
            return FormatCheck.date(text[0..<10])
        default:
            return nil
        }
    }

    /// The one message for every way a value can fail the field's kind.
    public var kindMessage: String {
        switch kind {
        case .string: "must be a string (quote it)"
        case .int: intMessage
        case .port: "must be a port number (1–65535)"
        case .bool: "must be true or false"
        case .hostname: "must be a host name or an IP address"
        case .email: "must be an email address"
        case .url: "must be a URL (scheme://host[:port][/path])"
        case .uuid: "must be a UUID (8-4-4-4-12 hexadecimal digits)"
        case .date: "must be a date (YYYY-MM-DD)"
        case .oneOf(let values): "must be one of: " + values.joined(separator: ", ")
        }
    }

    private var intMessage: String {
        switch (minimum, maximum) {
        case let (min?, max?): "must be an integer from \(min) to \(max)"
        case let (min?, nil): "must be an integer of at least \(min)"
        case let (nil, max?): "must be an integer of at most \(max)"
        case (nil, nil): "must be an integer"
        }
    }

    private func kindProblem(_ value: SOPSValue) -> String? {
        kindAccepts(value) ? nil : kindMessage
    }

    private func kindAccepts(_ value: SOPSValue) -> Bool {
        switch (kind, value) {
        case (.string, .string): return true
        case (.int, .int(let i)): return (minimum.map { i >= $0 } ?? true) && (maximum.map { i <= $0 } ?? true)
        case (.port, .int(let i)): return i >= 1 && i <= 65535
        case (.bool, .bool): return true
        case (.hostname, .string(let s)): return FormatCheck.isHost(ArraySlice(s.utf8))
        case (.email, .string(let s)): return FormatCheck.isEmail(ArraySlice(s.utf8))
        case (.url, .string(let s)): return FormatCheck.isURL(ArraySlice(s.utf8))
        case (.uuid, .string(let s)): return FormatCheck.isUUID(ArraySlice(s.utf8))
        case (.date, .string), (.date, .time): return Self.parseDate(value) != nil
        case (.oneOf(let values), .string(let s)): return values.contains(s)
        default: return false
        }
    }
}

extension FieldKind {
    /// The schema-file spelling: `string`, `int`, … `enum`.
    public var name: String {
        switch self {
        case .string: "string"
        case .int: "int"
        case .port: "port"
        case .bool: "bool"
        case .hostname: "hostname"
        case .email: "email"
        case .url: "url"
        case .uuid: "uuid"
        case .date: "date"
        case .oneOf: "enum"
        }
    }

    /// Every kind name a schema file may use.
    public static let names = ["string", "int", "port", "bool", "hostname", "email", "url", "uuid", "date", "enum"]

    /// The kind named `name` (with `values` for `enum`); nil for an unknown name.
    public init?(name: String, values: [String] = []) {
        switch name {
        case "string": self = .string
        case "int": self = .int
        case "port": self = .port
        case "bool": self = .bool
        case "hostname": self = .hostname
        case "email": self = .email
        case "url": self = .url
        case "uuid": self = .uuid
        case "date": self = .date
        case "enum": self = .oneOf(values)
        default: return nil
        }
    }

    /// The sops `type:` names an encrypted value of this kind may carry: `sopsType`, and for
    /// a date also `time`, because sops encrypts an unquoted date as a time.
    public var acceptedSOPSTypes: [String] {
        self == .date ? [sopsType, "time"] : [sopsType]
    }

    /// Whether the value is a YAML string, so that `pattern` applies.
    public var isStringKind: Bool {
        switch self {
        case .string, .hostname, .email, .url, .uuid: true
        case .int, .port, .bool, .date, .oneOf: false
        }
    }
}

/// A field's `pattern`, compiled once when the schema is loaded (regular expressions are
/// never parsed while values are checked).
///
/// ``LinearRegex`` in its ECMA-262 dialect, so that the pattern means here what it means in
/// the exported JSON Schema, and a hostile repository schema cannot make validation take
/// exponential time.
struct CompiledPattern: Sendable {
    private let regex: LinearRegex

    init?(_ pattern: String) {
        guard let regex = try? LinearRegex(pattern, dialect: .ecma) else { return nil }
        self.regex = regex
    }

    /// Why `pattern` does not compile, or nil when it does.
    static func syntaxError(in pattern: String) -> LinearRegex.SyntaxError? {
        do {
            _ = try LinearRegex(pattern, dialect: .ecma)
            return nil
        } catch {
            return error
        }
    }

    /// An unanchored search over Unicode scalars, like JSON Schema's `pattern`, within the
    /// ``PatternBudget``; nil when the budget runs out.
    func matches(_ text: String, source: PatternBudget.Exceeded.Source) -> Bool? {
        PatternBudget.search(regex.pattern, source) { regex.matches(text, budget: &$0) }
    }
}
