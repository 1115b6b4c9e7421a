internal import CredfileYAML

/// `flux`: the `k8s` Secret, encrypted in the sops format with `encrypted_regex:
/// ^(data|stringData)$`, which is what Flux's kustomize-controller and ksops decrypt inside
/// the cluster (../shared/docs/export-formats.md). The plaintext manifest exists only in
/// memory: what is returned, printed or written is the encrypted file.
///
/// One credential per output: sops keeps one data key and one `sops` block for a whole
/// multi-document file, so independently encrypted Secrets joined by `---` would not decrypt.
enum FluxSecretEncoder: ExportEncoder {
    static let name = "flux"
    static let summary = "the k8s Secret encrypted with sops (data: only), for Flux or ksops to decrypt in the cluster"
    /// The rule Flux's documentation gives: only the Secret's values are encrypted, so
    /// `kind`, `metadata.name` and `namespace` stay readable to kustomize and to reviewers.
    static let encryptedRegex = "^(data|stringData)$"

    static func encode(
        _ variables: [ExportVariable], options: ExportOptions, random: inout some RandomNumberGenerator
    ) throws -> ExportOutput {
        guard let settings = options.encryption else {
            throw CredfileError(.noRecipients, "flux: no recipients to encrypt the Secret to", hints: ExportRecipients.hints)
        }
        let credentials = Set(variables.map(\.credential))
        guard credentials.count == 1 else {
            throw CredfileError(
                credentials.isEmpty ? .cannotExport : .usage,
                credentials.isEmpty ? "flux: nothing to export" : "flux writes one Secret per file: export one credential at a time")
        }
        let secret = try KubernetesSecretEncoder.encode(variables, options: options, random: &random).text
        var fluxSettings = settings
        fluxSettings.rule = try EncryptionRule(.encryptedRegex, encryptedRegex)
        let path = options.encryptionPath ?? "<standard output>"
        let bytes = try SOPSDocument(bytes: Array(secret.utf8), path: path).encrypted(with: fluxSettings)
        try checkEncrypted(bytes, path: path, variables)
        return ExportOutput(text: String(decoding: bytes, as: UTF8.self))
    }

    /// Reads the result back: every non-empty `data` value must be an `ENC[…]` token (sops
    /// leaves empty values as they are), so a plaintext value can never be handed out.
    private static func checkEncrypted(_ bytes: [UInt8], path: String, _ variables: [ExportVariable]) throws {
        let document = try SOPSDocument(bytes: bytes, path: path)
        let data = document.leaves.filter { $0.path.first == "data" }
        guard document.metadata != nil, data.count == variables.count,
            data.allSatisfy({ $0.scalar.value.isEmpty || $0.scalar.value.hasPrefix("ENC[AES256_GCM,") })
        else {
            throw CredfileError(.cannotEncrypt, "flux: the Secret's values would not all be encrypted", path: path)
        }
    }
}
