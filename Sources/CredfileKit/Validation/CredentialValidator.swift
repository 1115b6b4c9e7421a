internal import CredfileYAML

/// The key-less checks of one credential file (the pre-commit tier): everything that can be
/// known from the text. Findings are collected, never thrown; no message contains a value.
struct CredentialValidator {
    let document: SOPSDocument
    let schemas: SchemaSet
    let options: ValidationOptions
    /// The file name without `.yaml`, which the `name` field must equal.
    let expectedName: String
    var diagnostics: [Diagnostic] = []
    /// The document is the decrypted plaintext of a file a key opened (sops's default rule,
    /// `sops.common-fields-encrypted`): sensitive values are checked as values, and the
    /// `sops` block was checked by the decryption.
    var decryptedView = false

    init(document: SOPSDocument, schemas: SchemaSet, options: ValidationOptions, expectedName: String) {
        self.document = document
        self.schemas = schemas
        self.options = options
        self.expectedName = expectedName
    }

    var entries: [YAMLMappingEntry] { document.yaml.root.mapping ?? [] }

    func entry(_ key: String) -> YAMLMappingEntry? { entries.first { $0.key == key } }

    /// Where "the file as a whole" findings point: the `type` line, else the top.
    var filePosition: SourcePosition {
        entry("type")?.keyRange.start ?? document.yaml.root.range.start
    }

    mutating func report(
        _ code: DiagnosticCode, _ message: String, at position: SourcePosition?, severity: Diagnostic.Severity = .error,
        hints: [String] = []
    ) {
        // Once a pattern has run out of budget, later findings may rest on a search that had no
        // answer: the file gets the one `regex.too-costly` error instead.
        if PatternBudget.current?.isExhausted == true { return }
        diagnostics.append(
            Diagnostic(severity, code: code, message, path: document.path, at: position ?? filePosition, hints: hints))
    }

    /// Runs every key-less check; returns the schema when the type is known (for later tiers).
    mutating func run() -> CredentialSchema? {
        checkName()
        checkDescription()
        guard let schema = checkType() else { return nil }
        checkDerivedVariables(schema)
        let present = checkFields(schema)
        checkRequired(schema, present: present)
        checkRules(schema, present: present)
        checkSMTPTransport(schema, present: present)
        if !decryptedView { checkSopsBlock(schema, present: present) }
        return schema
    }

    /// A common field's string value, reporting when it is missing or not a string.
    mutating func commonString(_ key: String) -> (String, SourcePosition)? {
        guard let entry = entry(key) else {
            report(.fieldMissing, "missing required field '\(key)'", at: nil)
            return nil
        }
        guard let scalar = entry.value.scalar, case .string(let text) = YAMLResolver.resolve(scalar), !text.isEmpty else {
            report(.fieldInvalid, "'\(key)' must be a non-empty string", at: entry.value.range.start)
            return nil
        }
        return (text, entry.value.range.start)
    }

    private mutating func checkName() {
        guard let (name, at) = commonString("name") else { return }
        guard CredentialName.isValid(name) else {
            report(
                .nameInvalid, "'name' must be a lowercase slug (a-z, 0-9, single '-' or '_', starting with a letter, at most 63)",
                at: at)
            return
        }
        if name != expectedName {
            report(
                .nameFileMismatch, "'name' must equal the file name '\(expectedName)'", at: at,
                hints: ["a credential's name never changes: rename the file back, or create a new credential"])
        }
    }

    /// The variables `export` and `exec` derive from the name (`<PREFIX>_<FIELD>`, for the
    /// fields without `env:`) must not be ones no credential may set: a credential named `ld`
    /// with a field `preload` would set LD_PRELOAD in the deploy job. Reported at the name,
    /// which is what makes the variable.
    private mutating func checkDerivedVariables(_ schema: CredentialSchema) {
        guard let entry = entry("name"), let name = entry.value.scalar?.value, CredentialName.isValid(name) else { return }
        let prefix = CredentialName.environmentPrefix(name)
        // Most names can derive no forbidden variable at all: decided once, not per field.
        guard ForbiddenVariables.couldForbid(startingWith: Array((prefix + "_").utf8)) else { return }
        for field in schema.fields where field.environmentName == nil {
            let variable = "\(prefix)_\(field.name.uppercased())"
            guard let reason = EnvironmentNames.forbiddenReason(variable) else { continue }
            report(
                .nameEnvForbidden,
                "field '\(field.name)' would be exported as " + EnvironmentNames.forbiddenDescription(variable, reason: reason),
                at: entry.value.range.start,
                hints: ["a name never changes: create the credential under another name, or give the field an 'env:' in its schema"])
        }
    }

    private mutating func checkDescription() { _ = commonString("description") }

    private mutating func checkType() -> CredentialSchema? {
        guard let (type, at) = commonString("type") else { return nil }
        guard let schema = schemas.schema(for: type) else {
            let (message, hints) = schemas.missingSchemaMessage(type)
            report(.typeUnknown, message, at: at, hints: hints)
            return nil
        }
        return schema
    }

    /// The pattern whose search ran out of budget, reported where it is written: the schema's
    /// `pattern`, or this file's selection rule.
    mutating func reportTooCostly(_ exceeded: PatternBudget.Exceeded) {
        let path: String
        let at: SourcePosition?
        let what: String
        switch exceeded.source {
        case .schemaPattern(let schemaPath, let position):
            (path, at, what) = (schemaPath ?? document.path, position, "'pattern'")
        case .rule:
            let kind = document.metadata?.rule.kind.rawValue ?? "selection rule"
            (path, at, what) = (document.path, document.metadata?.rulePosition ?? document.sopsEntry?.keyRange.start, "'sops.\(kind)'")
        }
        diagnostics.append(
            Diagnostic(
                .error, code: .regexTooCostly,
                "\(what) \(DisplayText.key(exceeded.pattern)) is too costly to search in \(document.path) "
                    + "(more than \(PatternBudget.stepsPerFile) steps); later checks of this file were skipped",
                path: path, at: at,
                hints: ["a pattern's cost is its size once '{n,m}' is expanded times the length of the text it searches: "
                    + "use a smaller pattern or a smaller count"]))
    }
}
