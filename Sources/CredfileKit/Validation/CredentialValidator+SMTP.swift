internal import CredfileYAML

extension CredentialValidator {
    /// The `smtp` type's transport warnings (docs/validation.md): port 465 is implicit TLS, so
    /// `tls: false` there contradicts the port; and a password with TLS off would cross the
    /// network in plain text, which `check` and `send-mail` refuse without
    /// `--allow-plaintext-auth`. Warnings: a relay on a trusted network may be meant so.
    ///
    /// Only a `tls: false` written in the file counts: an absent `tls` (the schema's default)
    /// was never a decision, and `check` / `send-mail` refuse the plain-text password anyway.
    mutating func checkSMTPTransport(_ schema: CredentialSchema, present: [String: YAMLMappingEntry]) {
        guard schema.type == "smtp" else { return }
        let port = plainValue(present["port"]).flatMap { value -> Int64? in if case .int(let n) = value { n } else { nil } }
            ?? schema.field("port")?.defaultValue.flatMap { if case .int(let n) = $0 { n } else { nil } }
        let tls: Bool? = plainValue(present["tls"]).flatMap { if case .bool(let b) = $0 { b } else { nil } }
        let mode = plainValue(present["tls_mode"]).flatMap { if case .string(let s) = $0 { s } else { nil } }
        guard tls == false else { return }
        let at = present["tls"]?.keyRange.start
        if port == 465 {
            report(
                .smtpTLSOffOnImplicitPort, "port 465 is implicit TLS, but 'tls' is false", at: at, severity: .warning,
                hints: ["set it: credfile set \(expectedName) tls=true (check and send-mail use implicit TLS on port 465 either way)"])
        } else if mode == nil, let login = present["username"] ?? present["password"] {
            report(
                .smtpPasswordWithoutTLS, "a username and password with 'tls' false would cross the network in plain text",
                at: present["tls"]?.keyRange.start ?? login.keyRange.start, severity: .warning,
                hints: [
                    "use STARTTLS: credfile set \(expectedName) tls=true (or port 465 for implicit TLS)",
                    "check and send-mail refuse it unless --allow-plaintext-auth",
                ])
        }
    }

    /// A plain (not encrypted) scalar's typed value.
    private func plainValue(_ entry: YAMLMappingEntry?) -> SOPSValue? {
        guard let scalar = entry?.value.scalar else { return nil }
        let resolved = YAMLResolver.resolve(scalar)
        if case .string(let text) = resolved, EncryptedValue.looksEncrypted(text) { return nil }
        return try? SOPSValue(resolved)
    }
}
