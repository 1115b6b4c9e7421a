import Testing

@testable import CredfileKit

/// The variables no credential may set (docs/schemas.md, "Variables no credential may set"):
/// exact names and prefixes, matched ignoring ASCII case, refused by every format and by exec
/// through `EnvironmentNames.check`.
@Suite struct EnvironmentNamesTests {
    static func refusal(_ name: String, _ format: ExportFormat = .json) -> CredfileError? {
        let variable = ExportVariable(name: name, value: "v", sensitive: false, credential: "app", field: "f")
        do {
            _ = try Exporter.encode([variable], as: format)
            return nil
        } catch { return error as? CredfileError }
    }

    static let forbidden = [
        "PATH", "HOME", "SHELL", "IFS", "ENV", "BASH_ENV", "BASH_FUNC_x", "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT",
        "DYLD_INSERT_LIBRARIES", "PYTHONPATH", "PYTHONSTARTUP", "PERL5OPT", "PERL5LIB", "PERLLIB", "RUBYOPT", "RUBYLIB",
        "NODE_OPTIONS", "NODE_PATH", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH",
        "GIT_SSH_COMMAND", "GIT_CONFIG_COUNT", "SSH_AUTH_SOCK", "GITHUB_ENV", "RUNNER_TEMP", "ACTIONS_RUNTIME_TOKEN",
        "CI_JOB_TOKEN", "GITLAB_USER_LOGIN", "SOPS_AGE_KEY", "CREDFILE_ANYTHING", "PS4", "PROMPT_COMMAND", "CDPATH",
        "GLOBIGNORE", "SHELLOPTS", "BASHOPTS", "ZDOTDIR", "GCONV_PATH", "HOSTALIASES", "LOCALDOMAIN", "RES_OPTIONS",
        "TMPDIR", "MALLOC_CHECK_", "GLIBC_TUNABLES", "LC_ALL", "LANG", "LANGUAGE", "NLSPATH", "TZ", "TZDIR", "EDITOR",
        "VISUAL", "PAGER", "BROWSER", "XDG_CONFIG_HOME", "KUBECONFIG", "DOCKER_HOST", "BUILDKITE_COMMAND", "JENKINS_URL",
        "HTTPS_PROXY", "OPENSSL_CONF", "SSLKEYLOGFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_CONFIG_FILE",
    ]

    @Test(arguments: forbidden)
    func forbiddenNamesAreRefusedInAnyCase(name: String) throws {
        for spelling in [name, name.lowercased()] {
            let error = try #require(Self.refusal(spelling), "\(spelling) was accepted")
            #expect(error.kind == .cannotExport)
            #expect(error.message.hasPrefix("\(spelling) "), "the message names the variable: \(error.message)")
        }
    }

    /// Names that only contain, or only start like, a forbidden one are ordinary; so are the
    /// cloud credentials that are the point of carrying a credential.
    @Test(arguments: ["SMTP_PROD_HOST", "MAIL_PATH", "PATHS", "HOMEPAGE_URL", "LDAP_PASSWORD", "GITHUBAPP_TOKEN",
                      "DOCKERHUB_TOKEN", "CIRCUIT_ID", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "TF_VAR_db_password",
                      "DATABASE_URL", "ENVIRONMENT", "TZ_NAME"])
    func ordinaryNamesAreAccepted(name: String) {
        #expect(Self.refusal(name) == nil, "\(name) was refused")
    }

    /// GitLab keeps dotenv report variables unraw: `$X` would be expanded in later jobs.
    @Test func gitlabRefusesDollarSigns() throws {
        for value in ["pa$CI_JOB_TOKEN", "$", "a$$b", "${X}"] {
            let variable = ExportVariable(name: "API_KEY", value: value, sensitive: false, credential: "api", field: "key")
            #expect(throws: CredfileError.self) { _ = try Exporter.encode([variable], as: .gitlab) }
            do { _ = try Exporter.encode([variable], as: .gitlab) } catch let error as CredfileError {
                #expect(error.message.hasPrefix("API_KEY ") && !error.message.contains(value))
            }
        }
    }
}
