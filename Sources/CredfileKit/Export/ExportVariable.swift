/// One environment variable to export: its name, its value, and where it came from (for
/// messages, which name the variable and the field, never the value).
public struct ExportVariable: Sendable, Equatable {
    /// `SMTP_PROD_PASSWORD`.
    public var name: String
    public var value: String
    /// From a field the type marks sensitive (masked in GitHub, refused by GitLab).
    public var sensitive: Bool
    /// The credential's name, e.g. `smtp-prod` (a Kubernetes Secret per credential).
    public var credential: String
    /// The field, e.g. `password`.
    public var field: String

    public init(name: String, value: String, sensitive: Bool, credential: String, field: String) {
        self.name = name
        self.value = value
        self.sensitive = sensitive
        self.credential = credential
        self.field = field
    }
}

/// What an encoder produces: the text for standard output or `-o FILE`, and, for `github`,
/// what is appended to `$GITHUB_ENV`.
public struct ExportOutput: Sendable, Equatable {
    public var text: String
    public var githubEnv: String?

    public init(text: String, githubEnv: String? = nil) {
        self.text = text
        self.githubEnv = githubEnv
    }
}

/// Settings some formats need.
public struct ExportOptions: Sendable {
    /// `k8s`: the Secret's namespace.
    public var namespace: String?
    /// `gitlab`: allow sensitive fields in a (downloadable) dotenv report.
    public var allowSensitive = false
    /// `flux`: whom the Secret is encrypted to (`ExportRecipients.settings`).
    public var encryption: EncryptionSettings?
    /// `flux`: the output file as the user named it, for messages (standard output without).
    public var encryptionPath: String?

    public init() {}
}
