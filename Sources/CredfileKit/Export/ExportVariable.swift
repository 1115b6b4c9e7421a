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

/// The job-environment formats of `credfile export` (docs: ../shared/docs/export-formats.md).
public enum ExportFormat: String, Sendable, CaseIterable {
    /// POSIX `export K='…'`, for `eval` / `source` in bash and dash.
    case shell
    /// python-dotenv's dialect.
    case dotenv
    /// npm dotenv's dialect.
    case dotenvNode = "dotenv-node"
    /// `docker run --env-file`.
    case docker
    /// docker compose `env_file`.
    case compose
    /// systemd `EnvironmentFile=`.
    case systemd
    /// GitHub Actions: `::add-mask::` lines on stdout, heredoc entries appended to `$GITHUB_ENV`.
    case github
    /// GitLab `artifacts:reports:dotenv`.
    case gitlab
    case json
    case yaml
    /// A Kubernetes `v1/Secret` manifest per credential, base64 `data:`.
    case k8s
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

    public init() {}
}
