public import CredfileYAML

/// Every diagnostic code credfile emits, in one place: the stable identifiers scripts, CI
/// annotations and the docs rely on (`[yaml.duplicate-key]`, `[sops.mac-mismatch]` …).
///
/// One enum rather than string literals at each call site, so a typo is a compile error and
/// the docs can be checked against `allCases` (DocsTests): docs/validation.md lists the codes
/// `validate` reports about a credential file, docs/schemas.md those about a schema file. The
/// YAML layer is a module below this one and has its own `YAMLError.Kind.code`; its codes are
/// mirrored here (`init(_:)` switches over every kind, a test checks the strings agree) so a
/// consumer of `CredfileKit` sees one vocabulary.
public enum DiagnosticCode: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    // MARK: The strict YAML loader (mirrors `YAMLError.Kind`)

    /// The input is larger than the loader's limit.
    case yamlTooLarge = "yaml.too-large"
    /// Collections are nested too deeply.
    case yamlTooDeep = "yaml.too-deep"
    /// The document has too many nodes.
    case yamlTooManyNodes = "yaml.too-many-nodes"
    /// The input is not valid UTF-8.
    case yamlInvalidUTF8 = "yaml.invalid-utf8"
    /// The input contains a byte order mark.
    case yamlByteOrderMark = "yaml.byte-order-mark"
    /// The input contains a NUL byte.
    case yamlNulByte = "yaml.nul-byte"
    /// The input has CR or CRLF line ends.
    case yamlCarriageReturn = "yaml.carriage-return"
    /// The input contains a control character YAML does not allow.
    case yamlControlCharacter = "yaml.control-character"
    /// libyaml rejected the input.
    case yamlSyntax = "yaml.syntax"
    /// No document, or an empty one.
    case yamlEmpty = "yaml.empty"
    /// More than one document.
    case yamlMultipleDocuments = "yaml.multiple-documents"
    /// The root is not a mapping.
    case yamlNotAMapping = "yaml.not-a-mapping"
    /// A mapping has the same key twice.
    case yamlDuplicateKey = "yaml.duplicate-key"
    /// A node carries an anchor.
    case yamlAnchor = "yaml.anchor"
    /// A node is an alias.
    case yamlAlias = "yaml.alias"
    /// A tag other than `!!str`.
    case yamlUnsupportedTag = "yaml.unsupported-tag"
    /// The merge key `<<`.
    case yamlMergeKey = "yaml.merge-key"
    /// A key that YAML does not read as a string.
    case yamlNonStringKey = "yaml.non-string-key"
    /// libyaml ran out of memory, or a programming error in a text edit.
    case yamlInternal = "yaml.internal"

    // MARK: A credential file (docs/validation.md)

    /// A required field is absent or empty.
    case fieldMissing = "field.missing"
    /// A value does not fit its field type.
    case fieldInvalid = "field.invalid"
    /// A field holds a list or mapping.
    case fieldNotAScalar = "field.not-a-scalar"
    /// A field the type does not define.
    case fieldUnknown = "field.unknown"
    /// A `date` written as a timestamp at midnight UTC (`2030-01-01T00:00:00Z`, what sops
    /// writes for an unquoted date): accepted as that date, with the advice to quote it.
    case fieldDateTimestamp = "field.date-timestamp"
    /// A field the type does not mark sensitive is encrypted.
    case fieldEncrypted = "field.encrypted"
    /// `name` is not a lowercase slug.
    case nameInvalid = "name.invalid"
    /// `name` differs from the file name.
    case nameFileMismatch = "name.file-mismatch"
    /// Two credentials map to the same environment prefix.
    case namePrefixCollision = "name.prefix-collision"
    /// The name and a field derive a variable no credential may set (`ld` + `preload`).
    case nameEnvForbidden = "name.env-forbidden"
    /// A credential file was renamed (or copied and the original deleted) against the git base.
    case nameImmutable = "name.immutable"
    /// `name` was edited against the git base.
    case nameChanged = "name.changed"
    /// No schema for `type`.
    case typeUnknown = "type.unknown"
    /// A `together` rule is broken.
    case ruleTogether = "rule.together"
    /// A `requires` rule is broken.
    case ruleRequires = "rule.requires"
    /// A `one_of` rule is broken.
    case ruleOneOf = "rule.one-of"
    /// `smtp`: port 465 (implicit TLS) with `tls: false` (a warning).
    case smtpTLSOffOnImplicitPort = "smtp.tls-off-on-465"
    /// `smtp`: a username and password with `tls: false` (a warning).
    case smtpPasswordWithoutTLS = "smtp.password-without-tls"
    /// A sensitive field holds plain text.
    case secretNotEncrypted = "secret.not-encrypted"
    /// A sensitive value is not a well-formed `ENC[…]`.
    case secretMalformed = "secret.malformed"
    /// The type inside `ENC[…]` does not fit the field.
    case secretWrongType = "secret.wrong-type"
    /// An `expiry` date lies in the past.
    case secretExpired = "secret.expired"
    /// An `expiry` date lies within the warning window.
    case secretExpiresSoon = "secret.expires-soon"
    /// Sensitive values but no `sops` block.
    case sopsMissing = "sops.missing"
    /// The `sops` block, a value or an `ENC[…]` token is not in the sops format.
    case sopsMalformed = "sops.malformed"
    /// The `sops` block has no MAC.
    case sopsMacNotFound = "sops.mac-not-found"
    /// The selection rule does not select exactly the sensitive fields.
    case sopsRuleMismatch = "sops.rule-mismatch"
    /// A sops feature credfile does not implement.
    case sopsUnsupported = "sops.unsupported"
    /// A value does not decrypt or authenticate.
    case sopsDecryptFailed = "sops.decrypt-failed"
    /// The MAC does not match the values.
    case sopsMacMismatch = "sops.mac-mismatch"
    /// Two files share one data key (a copied file).
    case sopsSharedDataKey = "sops.shared-data-key"
    /// The MAC covers only the encrypted values (`mac_only_encrypted`): plain fields can be
    /// changed without the key.
    case sopsMacOnlyEncrypted = "sops.mac-only-encrypted"
    /// The selection rule encrypts `name`, `type` and `description` (sops's default rule):
    /// without a key nothing about the credential can be checked.
    case sopsCommonFieldsEncrypted = "sops.common-fields-encrypted"
    /// A credential that was encrypted (or fully authenticated) at the base is not any more.
    case sopsDowngrade = "sops.downgrade"
    /// A schema or `.sops.yaml` change weakens the policy (reported by `--against`/`--staged`).
    case policyWeakened = "policy.weakened"
    /// A changed credential is an older version than the base (its `lastmodified` went back).
    case sopsReplay = "sops.replay"
    /// A changed credential is encrypted for recipients other than its `.sops.yaml` rule's.
    case sopsRecipientsMismatch = "sops.recipients-mismatch"
    /// A changed credential has a new data key and changed values: re-created, not edited.
    case sopsReplaced = "sops.replaced"
    /// No identity could unwrap the data key.
    case keysNoIdentity = "keys.no-identity"
    /// A file or directory could not be read or written.
    case ioError = "io.error"
    /// `merge-driver`: both branches changed the same field of a credential differently.
    case mergeConflict = "merge.conflict"
    /// An entry below `credentials/` is a symbolic link, FIFO, socket or device: never
    /// followed, never read (issue 12).
    case fileNotRegular = "file.not-regular"
    /// A file below `credentials/` that is not a credential: hidden, `.yml`, or another
    /// extension; it is not read as a credential, so nothing would check what it holds.
    case fileMisplaced = "file.misplaced"
    /// Searching a schema `pattern` or a selection rule over this file's keys and values
    /// would cost more than the per-file budget (reported where the pattern is written).
    case regexTooCostly = "regex.too-costly"
    /// A file has more than `DiagnosticLimit.perFile` diagnostics: the rest are counted, not shown.
    case diagnosticsTruncated = "diagnostics.truncated"

    // MARK: Errors of the other commands (never reported by `validate`)

    /// A value cannot be encrypted in the sops format.
    case sopsCannotEncrypt = "sops.cannot-encrypt"
    /// The file already has a `sops` block.
    case sopsAlreadyEncrypted = "sops.already-encrypted"
    /// The file has no `sops` block.
    case sopsNotEncrypted = "sops.not-encrypted"
    /// A key path named by the user does not exist.
    case fieldNotFound = "field.not-found"
    /// The caller asked for something contradictory.
    case usage = "usage"
    /// A value cannot be carried by the chosen export format.
    case exportUnrepresentable = "export.unrepresentable"
    /// A credential fails validation, so it is not written or handed to a job.
    case credentialInvalid = "credential.invalid"
    /// `.sops.yaml` is malformed or names nothing usable.
    case configInvalid = "config.invalid"
    /// Encryption was asked for but no recipient is configured.
    case keysNoRecipients = "keys.no-recipients"
    /// A key service (AWS KMS, STS) refused or could not be reached while wrapping a data key.
    case keysServiceFailed = "keys.service-failed"
    /// `send-mail`: the SMTP server could not be reached, refused the login or the message.
    case mailFailed = "mail.failed"

    // MARK: A schema file (docs/schemas.md)

    /// The strict YAML loader refused the file.
    case schemaInvalidYAML = "schema.invalid-yaml"
    /// The file or the schema directory could not be read.
    case schemaUnreadable = "schema.unreadable"
    /// A top-level key other than type, title, description, fields, rules, extra_fields.
    case schemaUnknownKey = "schema.unknown-key"
    /// `type` or `fields` is missing.
    case schemaMissingKey = "schema.missing-key"
    /// A key's value has the wrong YAML type (e.g. `required: "yes"`, `fields: []`).
    case schemaInvalidValue = "schema.invalid-value"
    /// `type` is not the file's base name.
    case schemaTypeMismatch = "schema.type-mismatch"
    /// `type` is not a lowercase slug.
    case schemaInvalidTypeName = "schema.invalid-type-name"
    /// A field name does not match `^[a-z][a-z0-9_]*$`.
    case schemaInvalidFieldName = "schema.invalid-field-name"
    /// A field is called name, type, description or sops.
    case schemaReservedFieldName = "schema.reserved-field-name"
    /// A field has a key other than the documented ones.
    case schemaUnknownFieldKey = "schema.unknown-field-key"
    /// A field has no `type`.
    case schemaMissingFieldType = "schema.missing-field-type"
    /// A field's `type` is not one of the kinds.
    case schemaUnknownFieldType = "schema.unknown-field-type"
    /// `default` is not a valid value of the field.
    case schemaInvalidDefault = "schema.invalid-default"
    /// A sensitive field has a `default`.
    case schemaSensitiveDefault = "schema.sensitive-default"
    /// `min` or `max` on a field that is not `int`.
    case schemaBoundsOnNonInt = "schema.bounds-on-non-int"
    /// `min` is greater than `max`.
    case schemaMinAboveMax = "schema.min-above-max"
    /// `pattern` on a field whose value is not a string.
    case schemaPatternOnNonString = "schema.pattern-on-non-string"
    /// `pattern` is not a valid regular expression.
    case schemaInvalidPattern = "schema.invalid-pattern"
    /// An `enum` field without `values`, or with an empty list.
    case schemaMissingValues = "schema.missing-values"
    /// `values` on a field that is not `enum`.
    case schemaValuesOnNonEnum = "schema.values-on-non-enum"
    /// `values` lists the same value twice.
    case schemaDuplicateValue = "schema.duplicate-value"
    /// `expiry` on a field that is not `date`.
    case schemaExpiryOnNonDate = "schema.expiry-on-non-date"
    /// `env` is not an environment variable name.
    case schemaInvalidEnv = "schema.invalid-env"
    /// `env` names a variable no credential may set (`BASH_ENV`, `LD_*` …).
    case schemaEnvForbidden = "schema.env-forbidden"
    /// Two fields have the same `env`.
    case schemaDuplicateEnv = "schema.duplicate-env"
    /// A rule item is not a one-key mapping of the right shape.
    case schemaInvalidRule = "schema.invalid-rule"
    /// A rule item's key is not together, requires or one_of.
    case schemaUnknownRule = "schema.unknown-rule"
    /// A rule names a field the schema does not have.
    case schemaRuleUnknownField = "schema.rule-unknown-field"
    /// `together` or `one_of` with fewer than two fields, or `requires` with none.
    case schemaRuleTooFewFields = "schema.rule-too-few-fields"
    /// A rule names the same field twice.
    case schemaRuleDuplicateField = "schema.rule-duplicate-field"
    /// A credential or command names a type that has no schema.
    case schemaUnknownType = "schema.unknown-type"

    /// The code itself, so `"[\(code)]"` prints `[field.invalid]`, never the case name.
    public var description: String { rawValue }

    /// The mirror of a YAML-layer kind. The switch is exhaustive, so a kind added to
    /// `CredfileYAML` does not compile here until it has a code.
    public init(_ kind: YAMLError.Kind) {
        self =
            switch kind {
            case .tooLarge: .yamlTooLarge
            case .tooDeep: .yamlTooDeep
            case .tooManyNodes: .yamlTooManyNodes
            case .invalidUTF8: .yamlInvalidUTF8
            case .byteOrderMark: .yamlByteOrderMark
            case .nulByte: .yamlNulByte
            case .carriageReturn: .yamlCarriageReturn
            case .controlCharacter: .yamlControlCharacter
            case .syntax: .yamlSyntax
            case .empty: .yamlEmpty
            case .multipleDocuments: .yamlMultipleDocuments
            case .notAMapping: .yamlNotAMapping
            case .duplicateKey: .yamlDuplicateKey
            case .anchor: .yamlAnchor
            case .alias: .yamlAlias
            case .unsupportedTag: .yamlUnsupportedTag
            case .mergeKey: .yamlMergeKey
            case .nonStringKey: .yamlNonStringKey
            case .internal: .yamlInternal
            }
    }
}

extension DiagnosticCode {
    /// The page that lists a code. Exhaustive on purpose: a new code does not compile until
    /// someone decides where it is documented, and DocsTests then holds the page to it.
    public enum Page: Sendable, Hashable {
        /// docs/validation.md: what `validate` reports about a credential file.
        case validation
        /// docs/schemas.md: mistakes in a schema file.
        case schemas
        /// The error of some other command (README, `--help`); `validate` never reports it.
        case commands
    }

    /// The page this code is listed on.
    public var page: Page {
        switch self {
        case .yamlTooLarge, .yamlTooDeep, .yamlTooManyNodes, .yamlInvalidUTF8, .yamlByteOrderMark, .yamlNulByte,
            .yamlCarriageReturn, .yamlControlCharacter, .yamlSyntax, .yamlEmpty, .yamlMultipleDocuments,
            .yamlNotAMapping, .yamlDuplicateKey, .yamlAnchor, .yamlAlias, .yamlUnsupportedTag, .yamlMergeKey,
            .yamlNonStringKey, .yamlInternal,
            .fieldMissing, .fieldInvalid, .fieldNotAScalar, .fieldUnknown, .fieldDateTimestamp, .fieldEncrypted,
            .nameInvalid, .nameFileMismatch, .namePrefixCollision, .nameEnvForbidden, .nameImmutable, .nameChanged, .typeUnknown,
            .ruleTogether, .ruleRequires, .ruleOneOf, .smtpTLSOffOnImplicitPort, .smtpPasswordWithoutTLS,
            .secretNotEncrypted, .secretMalformed, .secretWrongType, .secretExpired, .secretExpiresSoon,
            .sopsMissing, .sopsMalformed, .sopsMacNotFound, .sopsRuleMismatch, .sopsUnsupported,
            .sopsDecryptFailed, .sopsMacMismatch, .sopsSharedDataKey, .sopsMacOnlyEncrypted, .sopsCommonFieldsEncrypted,
            .sopsDowngrade, .policyWeakened, .sopsReplay, .sopsRecipientsMismatch, .sopsReplaced, .keysNoIdentity, .ioError,
            .fileNotRegular, .fileMisplaced, .regexTooCostly, .diagnosticsTruncated:
            .validation
        case .sopsCannotEncrypt, .sopsAlreadyEncrypted, .sopsNotEncrypted, .fieldNotFound, .usage,
            .exportUnrepresentable, .credentialInvalid, .configInvalid, .keysNoRecipients, .keysServiceFailed, .mailFailed, .mergeConflict:
            .commands
        case .schemaInvalidYAML, .schemaUnreadable, .schemaUnknownKey, .schemaMissingKey, .schemaInvalidValue,
            .schemaTypeMismatch, .schemaInvalidTypeName, .schemaInvalidFieldName, .schemaReservedFieldName,
            .schemaUnknownFieldKey, .schemaMissingFieldType, .schemaUnknownFieldType, .schemaInvalidDefault,
            .schemaSensitiveDefault, .schemaBoundsOnNonInt, .schemaMinAboveMax, .schemaPatternOnNonString,
            .schemaInvalidPattern, .schemaMissingValues, .schemaValuesOnNonEnum, .schemaDuplicateValue,
            .schemaExpiryOnNonDate, .schemaInvalidEnv, .schemaEnvForbidden, .schemaDuplicateEnv, .schemaInvalidRule, .schemaUnknownRule,
            .schemaRuleUnknownField, .schemaRuleTooFewFields, .schemaRuleDuplicateField, .schemaUnknownType:
            .schemas
        }
    }

    /// The codes a page must list, in declaration order.
    public static func documented(in page: Page) -> [DiagnosticCode] { allCases.filter { $0.page == page } }
}
