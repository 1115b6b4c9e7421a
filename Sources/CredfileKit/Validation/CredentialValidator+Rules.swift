internal import CredfileAge
internal import CredfileYAML

extension CredentialValidator {
    mutating func checkRequired(_ schema: CredentialSchema, present: [String: YAMLMappingEntry]) {
        for field in schema.fields where field.required && present[field.name] == nil {
            report(.fieldMissing, "missing required field '\(field.name)' (type '\(schema.type)')", at: nil, hints: [addHint(field)])
        }
    }

    /// How to add `field`: a secret from standard input or the terminal, never as an argument
    /// (shell history keeps those, issue 16); a plain value as FIELD=VALUE.
    func addHint(_ field: FieldSpec) -> String {
        field.sensitive
            ? "add it without putting it on the command line: credfile set \(expectedName) \(field.name) --stdin (or --prompt \(field.name))"
            : "add it: credfile set \(expectedName) \(field.name)=VALUE"
    }

    mutating func checkRules(_ schema: CredentialSchema, present: [String: YAMLMappingEntry]) {
        for rule in schema.rules {
            switch rule {
            case .together(let names):
                let set = names.filter { present[$0] != nil }
                guard !set.isEmpty, set.count != names.count else { continue }
                let missing = names.filter { present[$0] == nil }.map { "'\($0)'" }.joined(separator: ", ")
                report(
                    .ruleTogether, "\(Self.quoted(names)) go together: \(missing) missing", at: present[set[0]]?.keyRange.start,
                    hints: names.filter { present[$0] == nil }.compactMap { schema.field($0).map(addHint) })
            case .requires(let name, let then):
                guard let entry = present[name], !Self.isFalse(entry.value) else { continue }
                for other in then where present[other] == nil {
                    report(.ruleRequires, "'\(name)' requires '\(other)'", at: entry.keyRange.start, hints: schema.field(other).map { [addHint($0)] } ?? [])
                }
            case .exactlyOne(let names):
                let set = names.filter { present[$0] != nil }
                guard set.count != 1 else { continue }
                report(
                    .ruleOneOf, "exactly one of \(Self.quoted(names)) must be set (found \(set.count))",
                    at: set.count > 1 ? present[set[1]]?.keyRange.start : nil)
            }
        }
    }

    /// Sensitive values require a well-formed `sops` block whose selection rule encrypts exactly
    /// the type's sensitive fields, so that `sops edit` keeps the policy (DESIGN.md §2.4).
    mutating func checkSopsBlock(_ schema: CredentialSchema, present: [String: YAMLMappingEntry]) {
        let secrets = schema.sensitiveFields.compactMap { present[$0.name] }
        guard let metadata = document.metadata else {
            if let first = secrets.first {
                report(.sopsMissing, "the file has sensitive values but no 'sops' block", at: first.keyRange.start,
                       hints: ["encrypt it with 'credfile encrypt \(document.path)'"])
            } else if options.decrypt {
                // Without a sops block nothing authenticates the plain fields: anyone who can
                // push could point `host` elsewhere. The tier that vouches for what jobs get
                // refuses it; key-less, `--against`/`--staged` catch the downgrade itself.
                report(
                    .sopsMissing, "the file has no 'sops' block, so nothing authenticates its values", at: nil,
                    hints: ["encrypt it with 'credfile encrypt \(document.path)' (a type without secrets still gets a MAC)"])
            }
            return
        }
        let sopsAt = document.sopsEntry?.keyRange.start
        if metadata.macOnlyEncrypted {
            report(
                .sopsMacOnlyEncrypted, "'mac_only_encrypted' is set: the MAC covers only the encrypted values, so plain fields can be changed without the key",
                at: sopsAt, severity: .warning,
                hints: ["a key holder can re-encrypt the file without it (remove 'mac_only_encrypted' from .sops.yaml first)"])
        }
        if metadata.mac == nil {
            report(.sopsMacNotFound, "the 'sops' block has no 'mac'", at: sopsAt)
        } else if let mac = metadata.mac, (try? EncryptedValue(parsing: mac)) == nil {
            report(.sopsMalformed, "'sops.mac' is not a well-formed encrypted value", at: metadata.macRange?.start)
        }
        checkSelectionRule(schema, metadata)
        checkAgeKeys(metadata)
        checkKMSKeys(metadata)
    }

    /// Without a key, a KMS entry is checked for form as sops would use it: an ARN that
    /// names a KMS key or alias (sops's `arnRegex`), a role that is an IAM role ARN, and an
    /// `enc` that is non-empty base64 (the `CiphertextBlob`).
    private mutating func checkKMSKeys(_ metadata: SOPSMetadata) {
        for (index, entry) in metadata.kms.enumerated() {
            if !KMSMasterKey.isValidARN(entry.key.arn) {
                report(.sopsMalformed, "'sops.kms' entry \(index + 1): 'arn' is not an AWS KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)",
                       at: entry.arnPosition)
            }
            if let role = entry.key.role, !KMSMasterKey.isValidRoleARN(role) {
                report(.sopsMalformed, "'sops.kms' entry \(index + 1): 'role' is not an IAM role ARN", at: entry.arnPosition)
            }
            if entry.enc.isEmpty || Base64.decode(entry.enc).map({ $0.isEmpty }) ?? true {
                report(.sopsMalformed, "'sops.kms' entry \(index + 1): 'enc' is not a base64 KMS ciphertext", at: entry.encPosition)
            }
        }
    }

    /// Without a key, an age entry can still be checked for form: a valid `age1…` recipient and
    /// an `enc` that parses as an age file (armor and header), so a mangled merge is caught
    /// by the pre-commit hook rather than by the deploy.
    private mutating func checkAgeKeys(_ metadata: SOPSMetadata) {
        for (index, key) in metadata.age.enumerated() {
            if (try? AgeRecipient(parsing: key.recipient)) == nil {
                report(.sopsMalformed, "'sops.age' entry \(index + 1): the recipient is not an age recipient (age1…)",
                       at: key.recipientPosition)
            }
            if (try? Age.stanzaTypes(of: Array(key.enc.utf8))) == nil {
                report(.sopsMalformed, "'sops.age' entry \(index + 1): 'enc' is not an armored age file", at: key.encPosition)
            }
        }
    }

    private mutating func checkSelectionRule(_ schema: CredentialSchema, _ metadata: SOPSMetadata) {
        let at = metadata.rulePosition ?? document.sopsEntry?.keyRange.start
        let hint: String? = "re-encrypt with 'credfile encrypt', or set 'encrypted_regex: \(schema.encryptedRegex)'"
        for name in CredentialSchema.commonFields where metadata.rule.encrypts([name]) {
            report(.sopsRuleMismatch, "the sops selection rule encrypts '\(name)', which must stay readable", at: at,
                   hints: hint.map { [$0] } ?? [])
        }
        for field in schema.fields where metadata.rule.encrypts([field.name]) != field.sensitive {
            let message = field.sensitive
                ? "the sops selection rule does not encrypt sensitive field '\(field.name)'"
                : "the sops selection rule encrypts '\(field.name)', which type '\(schema.type)' does not mark sensitive"
            report(.sopsRuleMismatch, message, at: at, hints: hint.map { [$0] } ?? [])
        }
    }

    private static func quoted(_ names: [String]) -> String { names.map { "'\($0)'" }.joined(separator: ", ") }

    private static func isFalse(_ node: YAMLNode) -> Bool {
        node.scalar.map { YAMLResolver.resolve($0) == .bool(false) } ?? false
    }
}
