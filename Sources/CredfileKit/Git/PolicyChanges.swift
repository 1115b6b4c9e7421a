public import Foundation
internal import CredfileYAML

/// The policy a branch may not weaken silently: which fields are secret or required, the
/// rules between fields, whether unknown fields are allowed, which variable names a schema
/// chooses (`env:`), which roles `check` requires (`required_roles`), and who can read new
/// credentials (`.sops.yaml`'s creation rules).
///
/// A key-less branch author can edit `schemas/` and `.sops.yaml` as freely as credentials;
/// `validate --against REF` and `--staged` compare the two versions and report every
/// weakening as a warning at the changed line (an error under `--strict`), so it is seen in
/// review even when each credential still validates under the weakened policy. Tightening is
/// not reported: the credentials that no longer pass say so themselves.
enum PolicyChanges {
    /// The findings for `current` against `base`.
    static func diagnostics(base: SchemaSet, current: SchemaSet) -> [Diagnostic] {
        current.schemas.flatMap { schema in
            base.schema(for: schema.type).map { compare($0, schema) } ?? added(schema)
        }
    }

    /// The findings for the creation rules of `current` against `base` (either may be absent).
    static func diagnostics(base: SOPSConfig?, current: SOPSConfig?, path: String) -> [Diagnostic] {
        let old = base?.rules ?? [], new = current?.rules ?? []
        var result: [Diagnostic] = []
        for index in 0..<max(old.count, new.count) {
            let label = "creation rule \(index + 1)"
            guard index < old.count else {
                result.append(warning("\(label) was added", path: path, at: nil))
                continue
            }
            guard index < new.count else {
                result.append(warning("\(label) was removed", path: path, at: nil))
                continue
            }
            result += compare(old[index], new[index], label: label, path: path)
        }
        return result
    }

    private static func compare(_ old: SOPSConfig.CreationRule, _ new: SOPSConfig.CreationRule, label: String, path: String)
        -> [Diagnostic]
    {
        var result: [Diagnostic] = []
        // KMS keys count as recipients too: adding one's own AWS key to the rule is the same
        // weakening as adding one's own age key.
        let added = Set(new.recipientNames).subtracting(old.recipientNames)
        let removed = Set(old.recipientNames).subtracting(new.recipientNames)
        if !added.isEmpty || !removed.isEmpty {
            // Recipients are public keys: naming them is what a reviewer needs.
            let parts = [added.isEmpty ? nil : "added \(added.sorted().joined(separator: ", "))",
                         removed.isEmpty ? nil : "removed \(removed.sorted().joined(separator: ", "))"].compactMap { $0 }
            result.append(warning("\(label): recipients changed (\(parts.joined(separator: "; ")))", path: path, at: nil))
        }
        if old.pathRegex != new.pathRegex {
            result.append(warning("\(label): 'path_regex' changed", path: path, at: nil))
        }
        if old.rule != new.rule {
            result.append(warning("\(label): the selection rule of encrypted keys changed", path: path, at: nil))
        }
        if !old.macOnlyEncrypted && new.macOnlyEncrypted {
            result.append(warning("\(label): 'mac_only_encrypted' switched on (plain fields no longer authenticated)", path: path, at: nil))
        }
        return result
    }

    /// A type the base does not have: only the variable names it chooses are policy.
    private static func added(_ schema: CredentialSchema) -> [Diagnostic] {
        schema.fields.compactMap { field in
            field.environmentName.map {
                warning("type '\(schema.type)' (new) exports field '\(field.name)' as '\($0)' (env:)", path: schema.path, at: field.position)
            }
        }
    }

    private static func compare(_ old: CredentialSchema, _ new: CredentialSchema) -> [Diagnostic] {
        var result: [Diagnostic] = []
        let type = new.type
        for field in old.fields {
            let now = new.field(field.name)
            let at = now?.position
            if field.sensitive && !(now?.sensitive ?? false) {
                result.append(warning("field '\(field.name)' of type '\(type)' is no longer sensitive", path: new.path, at: at))
            }
            if field.required && !(now?.required ?? false) {
                result.append(warning("field '\(field.name)' of type '\(type)' is no longer required", path: new.path, at: at))
            }
            if let now { result += loosened(field, now, type: type, path: new.path) }
        }
        // A default is exported when the credential has no value: a branch that adds one chooses
        // a value a job receives (`proxy_url: http://attacker`) without touching a credential.
        for field in new.fields where old.field(field.name) == nil && field.defaultValue != nil {
            result.append(warning(
                "field '\(field.name)' of type '\(type)' is new and has a default, which jobs receive", path: new.path,
                at: field.position))
        }
        for field in new.fields where field.environmentName != nil && field.environmentName != old.field(field.name)?.environmentName {
            result.append(warning(
                "field '\(field.name)' of type '\(type)' is now exported as '\(field.environmentName!)' (env:)", path: new.path,
                at: field.position))
        }
        for rule in old.rules where !new.rules.contains(rule) {
            result.append(warning("a rule of type '\(type)' was dropped or changed (\(describe(rule)))", path: new.path, at: nil))
        }
        if !old.allowsExtraFields && new.allowsExtraFields {
            result.append(warning("type '\(type)' now allows fields it does not list (extra_fields)", path: new.path, at: nil))
        }
        // `credfile check` passes an app whose token lacks a role the branch stopped requiring.
        let dropped = requiredRoles(old).filter { !requiredRoles(new).contains($0) }
        if !dropped.isEmpty {
            result.append(warning(
                "type '\(type)' no longer requires the role\(dropped.count == 1 ? "" : "s") \(dropped.joined(separator: ", ")) (required_roles, which 'credfile check' compares with the token)",
                path: new.path, at: nil))
        }
        return result
    }

    /// The roles `check` requires of a type: its `required_roles`, or the Graph check's default.
    private static func requiredRoles(_ schema: CredentialSchema) -> [String] {
        schema.requiredRoles ?? (schema.type == GraphCheck.type ? GraphCheck.defaultRequiredRoles : [])
    }

    /// What makes a field accept more, or hand a job something new: its kind, its pattern, its
    /// bounds, its default.
    private static func loosened(_ old: FieldSpec, _ new: FieldSpec, type: String, path: String) -> [Diagnostic] {
        let name = "field '\(new.name)' of type '\(type)'"
        var changes: [String] = []
        if old.kind != new.kind { changes.append("its kind changed") }
        if old.pattern != new.pattern { changes.append(new.pattern == nil ? "its pattern was removed" : "its pattern changed") }
        if let min = old.minimum, new.minimum.map({ $0 < min }) ?? true { changes.append("its minimum was lowered or removed") }
        if let max = old.maximum, new.maximum.map({ $0 > max }) ?? true { changes.append("its maximum was raised or removed") }
        if old.defaultValue != new.defaultValue, new.defaultValue != nil {
            changes.append(old.defaultValue == nil ? "it got a default, which jobs receive" : "its default changed, which jobs receive")
        }
        return changes.map { warning("\(name): \($0)", path: path, at: new.position) }
    }

    private static func describe(_ rule: SchemaRule) -> String {
        switch rule {
        case .together(let names): "together: \(names.joined(separator: ", "))"
        case .requires(let field, let then): "requires: \(field) → \(then.joined(separator: ", "))"
        case .exactlyOne(let names): "one_of: \(names.joined(separator: ", "))"
        }
    }

    private static func warning(_ message: String, path: String, at position: SourcePosition?) -> Diagnostic {
        Diagnostic(
            .warning, code: .policyWeakened, message, path: path, at: position,
            hints: ["a policy change needs a reviewer who owns it (CODEOWNERS on schemas/ and .sops.yaml)"])
    }
}
