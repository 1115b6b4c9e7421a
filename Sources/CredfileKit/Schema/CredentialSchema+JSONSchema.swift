import CredfileYAML

extension CredentialSchema {
    /// The rules credfile checks without a key that JSON Schema cannot express; the exported
    /// schema's `description` lists them.
    public static let inexpressibleRules = [
        "the name must equal the file name without .yaml",
        "names must be unique across files once mapped to an environment prefix (a-b and a_b collide)",
        "a date marked as an expiry must not lie in the past (a warning within 30 days)",
        "encrypted_regex must select exactly the sensitive fields of the type (compared by meaning, not text)",
        "strict YAML: no duplicate keys, anchors, aliases, merge keys or tags other than !!str",
        "YAML typing: credfile types values as go-yaml v3 does (as sops does), so an integer written as 25.0 "
            + "and a date written as a full timestamp (2027-06-30T00:00:00Z) or without leading zeros are refused",
    ]

    /// This type as a JSON Schema (draft 2020-12) for a credential file as stored in git:
    /// plain fields with their formats, sensitive fields as `ENC[…]` tokens of the right sops
    /// type, and the `sops` block. It accepts what `credfile validate` accepts without a key,
    /// except the rules in `inexpressibleRules`. Pretty-printed, keys in a stable order.
    public func jsonSchema() -> String {
        jsonSchemaValue.pretty() + "\n"
    }

    var jsonSchemaValue: JSONText {
        var root: [(String, JSONText)] = [
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("title", .string(title ?? type)),
            ("description", .string(jsonDescription)),
            ("type", .string("object")),
            ("required", .array((Self.commonFields + fields.filter(\.required).map(\.name)).map(JSONText.string))),
            ("properties", .object(jsonProperties)),
            ("additionalProperties", .bool(allowsExtraFields)),
        ]
        if let dependent = jsonDependentRequired { root.append(("dependentRequired", dependent)) }
        if let allOf = jsonAllOf { root.append(("allOf", allOf)) }
        return .object(root)
    }

    private var jsonDescription: String {
        let summary = [description, "Credential type '\(type)' exported by credfile."].compactMap { $0 }
            .joined(separator: ". ")
        let rules = Self.inexpressibleRules.enumerated().map { "(\($0.offset + 1)) \($0.element)" }
        return summary + " Not expressed in this JSON Schema, checked by credfile validate: " + rules.joined(separator: "; ")
    }

    private var jsonProperties: [(String, JSONText)] {
        var properties: [(String, JSONText)] = [
            ("name", .object([
                ("type", .string("string")), ("pattern", .string(FormatPattern.credentialName)), ("maxLength", .int(63)),
                ("description", .string("the credential's name, never changed once created")),
            ])),
            ("type", .object([("const", .string(type))])),
            ("description", .object([("type", .string("string")), ("minLength", .int(1))])),
        ]
        properties += fields.map { ($0.name, $0.jsonSchemaValue) }
        properties.append(("sops", Self.sopsBlockSchema))
        return properties
    }

    /// `together` both ways, and every sensitive field requiring the `sops` block.
    private var jsonDependentRequired: JSONText? {
        var dependencies: [(String, [String])] = []
        func add(_ field: String, _ required: [String]) {
            if let i = dependencies.firstIndex(where: { $0.0 == field }) {
                dependencies[i].1 += required.filter { !dependencies[i].1.contains($0) }
            } else {
                dependencies.append((field, required))
            }
        }
        for case .together(let names) in rules {
            for name in names { add(name, names.filter { $0 != name }) }
        }
        for field in sensitiveFields { add(field.name, ["sops"]) }
        guard !dependencies.isEmpty else { return nil }
        return .object(dependencies.map { ($0.0, .array($0.1.map(JSONText.string))) })
    }

    /// `requires` as if/then, `one_of` as oneOf of required, each in an allOf item.
    private var jsonAllOf: JSONText? {
        var items: [JSONText] = []
        for rule in rules {
            switch rule {
            case .together: continue
            case .requires(let field, let then):
                items.append(.object([
                    ("if", .object([
                        ("required", .array([.string(field)])),
                        ("properties", .object([(field, .object([("not", .object([("const", .bool(false))]))]))])),
                    ])),
                    ("then", .object([("required", .array(then.map(JSONText.string)))])),
                ]))
            case .exactlyOne(let names):
                items.append(.object([("oneOf", .array(names.map { .object([("required", .array([.string($0)]))]) }))]))
            }
        }
        return items.isEmpty ? nil : .array(items)
    }

    /// The `sops` metadata block, as far as its shape goes; its other keys are sops's business.
    static let sopsBlockSchema: JSONText = .object([
        ("type", .string("object")),
        ("description", .string("sops metadata: the data key wrapped for each recipient, and the MAC")),
        ("required", .array(["lastmodified", "mac", "version"].map(JSONText.string))),
        ("properties", .object([
            ("age", .object([
                ("type", .string("array")),
                ("items", .object([
                    ("type", .string("object")),
                    ("required", .array([.string("recipient"), .string("enc")])),
                    ("properties", .object([
                        ("recipient", .object([("type", .string("string")), ("pattern", .string(FormatPattern.ageRecipient))])),
                        ("enc", .object([("type", .string("string"))])),
                    ])),
                ])),
            ])),
            ("lastmodified", .object([("type", .string("string"))])),
            ("mac", .object([("type", .string("string")), ("pattern", .string(FormatPattern.encrypted(types: ["str"])))])),
            ("encrypted_regex", .object([("type", .string("string"))])),
            ("version", .object([("type", .string("string")), ("pattern", .string(FormatPattern.sopsVersion))])),
        ])),
        ("additionalProperties", .bool(true)),
    ])
}

extension FieldSpec {
    /// The property schema of this field in a stored file.
    var jsonSchemaValue: JSONText {
        var members: [(String, JSONText)] = []
        if let description { members.append(("description", .string(description))) }
        if sensitive {
            members.append(("type", .string("string")))
            members.append(("pattern", .string(FormatPattern.encrypted(types: kind.acceptedSOPSTypes))))
            return .object(members)
        }
        members += jsonTypeMembers
        if let defaultValue, let json = Self.json(defaultValue) { members.append(("default", json)) }
        return .object(members)
    }

    private var jsonTypeMembers: [(String, JSONText)] {
        switch kind {
        case .int:
            var members: [(String, JSONText)] = [("type", .string("integer"))]
            if let minimum { members.append(("minimum", .int(minimum))) }
            if let maximum { members.append(("maximum", .int(maximum))) }
            return members
        case .port:
            return [("type", .string("integer")), ("minimum", .int(1)), ("maximum", .int(65535))]
        case .bool:
            return [("type", .string("boolean"))]
        case .oneOf(let values):
            return [("type", .string("string")), ("enum", .array(values.map(JSONText.string)))]
        case .string, .hostname, .email, .url, .uuid, .date:
            return stringMembers
        }
    }

    /// A string with the kind's pattern and the field's own; both must match.
    private var stringMembers: [(String, JSONText)] {
        var members: [(String, JSONText)] = [("type", .string("string"))]
        let patterns = [FormatPattern.pattern(for: kind), pattern].compactMap { $0 }
        if patterns.count == 1 {
            members.append(("pattern", .string(patterns[0])))
        } else if patterns.count == 2 {
            members.append(("allOf", .array(patterns.map { .object([("pattern", .string($0))]) })))
        }
        return members
    }

    private static func json(_ value: SOPSValue) -> JSONText? {
        switch value {
        case .string(let s): .string(s)
        case .int(let i): .int(i)
        case .bool(let b): .bool(b)
        case .time(let t): .string(t.rfc3339Nano)
        case .float: nil
        }
    }
}
