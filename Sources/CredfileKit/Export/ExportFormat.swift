/// One job-environment format's writer (docs: ../shared/docs/export-formats.md).
///
/// A format is one type conforming to this and one case of `ExportFormat`; nothing else names
/// it, so the CLI's parsing, its help and the tests' `allCases` loops pick a new format up.
/// The line-based env-file formats conform through `EnvFileDialect`, which supplies `encode`.
protocol ExportEncoder {
    /// The `--format` value, e.g. `dotenv-node`.
    static var name: String { get }
    /// One line for `credfile export --help`.
    static var summary: String { get }
    /// The output for `variables`, already checked by `EnvironmentNames`. Throws
    /// `CredfileError(.cannotExport)` naming the variable (never the value) when the output
    /// would not read back unchanged under a model of the consumer's parser.
    static func encode(
        _ variables: [ExportVariable], options: ExportOptions, random: inout some RandomNumberGenerator
    ) throws -> ExportOutput
}

/// The formats of `credfile export`: the one list of them, in the order help shows them.
///
/// `rawValue` (the `--format` value) and `summary` come from each case's encoder, so a format's
/// name is written once, in its own file.
public enum ExportFormat: Sendable, CaseIterable, RawRepresentable {
    case shell
    case dotenv
    case dotenvNode
    case docker
    case compose
    case systemd
    case github
    case gitlab
    case json
    case yaml
    case k8s
    case flux

    /// The type that writes this format.
    var encoder: any ExportEncoder.Type {
        switch self {
        case .shell: ShellEncoder.self
        case .dotenv: DotenvPythonEncoder.self
        case .dotenvNode: DotenvNodeEncoder.self
        case .docker: DockerEnvFileEncoder.self
        case .compose: ComposeEncoder.self
        case .systemd: SystemdEncoder.self
        case .github: GitHubEnvEncoder.self
        case .gitlab: GitLabDotenvEncoder.self
        case .json: JSONEnvEncoder.self
        case .yaml: YAMLEnvEncoder.self
        case .k8s: KubernetesSecretEncoder.self
        case .flux: FluxSecretEncoder.self
        }
    }

    /// The `--format` value, e.g. `dotenv-node`.
    public var rawValue: String { encoder.name }

    /// One line describing the format, for help.
    public var summary: String { encoder.summary }

    /// The format named `rawValue`, or nil.
    public init?(rawValue: String) {
        guard let format = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = format
    }
}
