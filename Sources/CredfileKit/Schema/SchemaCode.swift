/// The stable diagnostic codes for mistakes in a schema file (docs/schemas.md lists them).
public enum SchemaCode: String, Sendable, CaseIterable {
    /// The strict YAML loader refused the file (syntax, duplicate key, anchor, tag …).
    case invalidYAML = "schema.invalid-yaml"
    /// The file or the schema directory could not be read.
    case unreadable = "schema.unreadable"
    /// A top-level key other than type, title, description, fields, rules, extra_fields.
    case unknownKey = "schema.unknown-key"
    /// `type` or `fields` is missing.
    case missingKey = "schema.missing-key"
    /// A key's value has the wrong YAML type (e.g. `required: "yes"`, `fields: []`).
    case invalidValue = "schema.invalid-value"
    /// `type` is not the file's base name.
    case typeMismatch = "schema.type-mismatch"
    /// `type` is not a lowercase slug.
    case invalidTypeName = "schema.invalid-type-name"
    /// A field name does not match `^[a-z][a-z0-9_]*$`.
    case invalidFieldName = "schema.invalid-field-name"
    /// A field is called name, type, description or sops.
    case reservedFieldName = "schema.reserved-field-name"
    /// A field has a key other than the documented ones.
    case unknownFieldKey = "schema.unknown-field-key"
    /// A field has no `type`.
    case missingFieldType = "schema.missing-field-type"
    /// A field's `type` is not one of the kinds.
    case unknownFieldType = "schema.unknown-field-type"
    /// `default` is not a valid value of the field.
    case invalidDefault = "schema.invalid-default"
    /// A sensitive field has a `default`.
    case sensitiveDefault = "schema.sensitive-default"
    /// `min` or `max` on a field that is not `int`.
    case boundsOnNonInt = "schema.bounds-on-non-int"
    /// `min` is greater than `max`.
    case minAboveMax = "schema.min-above-max"
    /// `pattern` on a field whose value is not a string.
    case patternOnNonString = "schema.pattern-on-non-string"
    /// `pattern` is not a valid regular expression.
    case invalidPattern = "schema.invalid-pattern"
    /// An `enum` field without `values`, or with an empty list.
    case missingValues = "schema.missing-values"
    /// `values` on a field that is not `enum`.
    case valuesOnNonEnum = "schema.values-on-non-enum"
    /// `values` lists the same value twice.
    case duplicateValue = "schema.duplicate-value"
    /// `expiry` on a field that is not `date`.
    case expiryOnNonDate = "schema.expiry-on-non-date"
    /// `env` is not an environment variable name.
    case invalidEnv = "schema.invalid-env"
    /// Two fields have the same `env`.
    case duplicateEnv = "schema.duplicate-env"
    /// A rule item is not a one-key mapping of the right shape.
    case invalidRule = "schema.invalid-rule"
    /// A rule item's key is not together, requires or one_of.
    case unknownRule = "schema.unknown-rule"
    /// A rule names a field the schema does not have.
    case ruleUnknownField = "schema.rule-unknown-field"
    /// `together` or `one_of` with fewer than two fields, or `requires` with none.
    case ruleTooFewFields = "schema.rule-too-few-fields"
    /// A rule names the same field twice.
    case ruleDuplicateField = "schema.rule-duplicate-field"
    /// A credential or command names a type that has no schema.
    case unknownType = "schema.unknown-type"
}
