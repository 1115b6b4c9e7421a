/// The environment variables no credential may set, whatever a schema's `env:`, a credential's
/// name, `--prefix` or `--no-prefix` says (issue 12).
///
/// Everything in `schemas/` and `credentials/` may come from a branch whose author holds no
/// key. Naming one of these variables would let that author run code in a deploy job
/// (`BASH_ENV`, `LD_PRELOAD`, `NODE_OPTIONS`), send the job's traffic or credentials elsewhere
/// (`HTTPS_PROXY`, `DOCKER_HOST`, `KUBECONFIG`), or overwrite what the CI runner or sops itself
/// relies on (`GITHUB_*`, `CI_*`, `SOPS_*`), all without touching a secret. The list is exact
/// names plus prefixes, matched ignoring ASCII case: Windows and the CI runners on it read
/// environment names case-insensitively, zsh and csh tie `path`/`cdpath` to `PATH`/`CDPATH`,
/// and no real credential needs `Ld_Preload`. docs/schemas.md lists the families and why.
enum ForbiddenVariables {
    /// A group of variables and the one reason they are refused (shown in the message).
    struct Family {
        let reason: String
        let names: [String]
        let prefixes: [String]
    }

    // Sources: glibc's sysdeps/generic/unsecvars.h (what ld.so strips for setuid programs),
    // bash(1) and zsh(1) "Shell Variables"/"Startup Files", perlrun, ruby(1), node's CLI docs,
    // the JDK launcher docs, GitHub's "Workflow commands" (GITHUB_*/RUNNER_*/NODE_OPTIONS
    // cannot be set through GITHUB_ENV), GitLab's predefined variables and runner
    // variables, Jenkins's and Buildkite's environment references.
    static let families: [Family] = [
        Family(
            reason: "the dynamic loader or the C library loads code or files from where it points",
            names: ["GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "HOSTALIASES", "LOCALDOMAIN", "LOCPATH", "NIS_PATH",
                    "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS", "TMPDIR", "TZDIR", "LIBPATH", "SHLIB_PATH"],
            prefixes: ["LD_", "DYLD_", "MALLOC_"]),
        Family(
            reason: "programs find commands, their configuration and temporary files through it",
            names: ["PATH", "HOME", "SHELL", "USER", "LOGNAME", "PWD", "OLDPWD", "TMP", "TEMP", "TERMINFO", "TERMINFO_DIRS",
                    "TERMCAP", "DISPLAY", "XAUTHORITY", "DBUS_SESSION_BUS_ADDRESS", "POSIXLY_CORRECT"],
            prefixes: ["XDG_"]),
        Family(
            reason: "a shell runs or sources code from it, or it changes how scripts are read",
            names: ["IFS", "ENV", "BASH", "BASHOPTS", "SHELLOPTS", "PS1", "PS2", "PS3", "PS4", "PROMPT_COMMAND", "CDPATH",
                    "GLOBIGNORE", "FIGNORE", "EXECIGNORE", "HISTFILE", "HISTFILESIZE", "HISTSIZE", "HISTCONTROL",
                    "HISTIGNORE", "HISTTIMEFORMAT", "INPUTRC", "MAIL", "MAILPATH", "MAILCHECK", "TIMEFORMAT", "TMOUT",
                    "FPATH", "ZDOTDIR", "FCEDIT", "FUNCNEST", "OPTIND", "OPTERR"],
            prefixes: ["BASH_"]),
        Family(
            reason: "an interpreter, runtime or build tool loads code or options from it",
            names: ["_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH", "MAVEN_OPTS", "MAVEN_ARGS", "GRADLE_OPTS",
                    "GRADLE_USER_HOME", "SBT_OPTS", "ANT_OPTS", "ANT_ARGS", "GEM_HOME", "GEM_PATH", "PHPRC",
                    "PHP_INI_SCAN_DIR", "TCLLIBPATH", "R_PROFILE", "R_PROFILE_USER", "R_ENVIRON", "R_ENVIRON_USER",
                    "R_LIBS", "R_LIBS_USER", "GOFLAGS", "GOROOT", "GOPATH", "GOPROXY", "GOTOOLCHAIN", "GOENV", "GOSUMDB",
                    "GONOSUMDB", "GONOPROXY", "GOPRIVATE", "GOINSECURE", "GOEXPERIMENT", "GODEBUG", "GOBIN", "GOCACHE",
                    "GOMODCACHE", "RUSTC", "RUSTC_WRAPPER", "RUSTFLAGS", "RUSTDOCFLAGS", "CC", "CXX", "CPP", "LD", "AR",
                    "AS", "CFLAGS", "CXXFLAGS", "CPPFLAGS", "LDFLAGS", "LDLIBS", "MAKEFLAGS", "MFLAGS", "MAKEFILES",
                    "GCC_EXEC_PREFIX", "COMPILER_PATH", "LIBRARY_PATH", "CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH"],
            prefixes: ["PYTHON", "PERL", "RUBY", "NODE_", "JAVA_", "DOTNET_", "CORECLR_", "COMPLUS_", "LUA_", "DENO_",
                       "NPM_CONFIG_", "YARN_", "BUNDLE_", "PIP_", "CARGO_", "RUSTUP_", "CGO_", "CMAKE_", "PKG_CONFIG_",
                       "CCACHE_"]),
        Family(
            reason: "programs run the command it names",
            names: ["EDITOR", "VISUAL", "PAGER", "MANPAGER", "BROWSER", "LESSOPEN", "LESSCLOSE", "LESS", "LESSKEY"],
            prefixes: ["SUDO_", "SYSTEMD_"]),
        Family(
            reason: "it changes how programs read and print text, numbers and dates, and names files they load",
            names: ["LANG", "LANGUAGE", "TZ"],
            prefixes: ["LC_"]),
        Family(
            reason: "it changes where network traffic goes or which certificates are trusted",
            names: ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "FTP_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR",
                    "SSLKEYLOGFILE", "CURL_CA_BUNDLE", "CURL_HOME", "REQUESTS_CA_BUNDLE", "WGETRC", "NETRC",
                    // Found by the issue-12 red team: trust stores of other stacks.
                    "NIX_SSL_CERT_FILE", "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH", "HTTPLIB2_CA_CERTS", "PGSSLROOTCERT",
                    "PGSSLCERT", "PGSSLKEY", "PGSERVICEFILE", "PGSYSCONFDIR", "PGPASSFILE", "VAULT_CACERT", "VAULT_CAPATH"],
            prefixes: ["OPENSSL_"]),
        Family(
            reason: "it chooses which server, cluster, repository or configuration a deploy tool uses",
            names: ["KUBECONFIG", "GNUPGHOME", "GPG_AGENT_INFO", "TF_CLI_CONFIG_FILE", "TF_PLUGIN_CACHE_DIR",
                    "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CA_BUNDLE",
                    // Found by the issue-12 red team: other clouds' and tools' endpoints and configuration.
                    "AZURE_AUTHORITY_HOST", "AZURE_CONFIG_DIR", "TERRAFORM_CONFIG", "TF_DATA_DIR", "BOTO_CONFIG",
                    "ANSIBLE_CONFIG", "ELECTRON_RUN_AS_NODE", "VAULT_ADDR", "VAULT_CONFIG_PATH"],
            prefixes: ["GIT_", "SSH_", "DOCKER_", "HELM_", "TF_CLI_ARGS", "AWS_ENDPOINT_URL", "CLOUDSDK_", "ANSIBLE_"]),
        Family(
            reason: "a CI runner sets or reads it (job tokens, step inputs, feature flags)",
            names: ["CI", "CIRCLECI", "TRAVIS", "BUILDKITE", "WORKSPACE", "EXECUTOR_NUMBER", "TF_BUILD", "TRIGGER_PAYLOAD",
                    "GET_SOURCES_ATTEMPTS", "ARTIFACT_DOWNLOAD_ATTEMPTS", "RESTORE_CACHE_ATTEMPTS",
                    "EXECUTOR_JOB_SECTION_ATTEMPTS", "TRANSFER_METER_FREQUENCY", "ARTIFACT_COMPRESSION_LEVEL",
                    "CACHE_COMPRESSION_LEVEL", "CACHE_REQUEST_TIMEOUT"],
            prefixes: ["GITHUB_", "RUNNER_", "ACTIONS_", "INPUT_", "STATE_", "CI_", "GITLAB_", "FF_", "BUILDKITE_",
                       "JENKINS_", "HUDSON_", "BUILD_", "JOB_", "CIRCLE_", "TRAVIS_", "BITBUCKET_", "DRONE_", "TEAMCITY_",
                       "CODEBUILD_", "SYSTEM_", "AGENT_"]),
        Family(
            reason: "sops and credfile read their keys and settings from it",
            names: [],
            prefixes: ["SOPS_", "CREDFILE_"]),
    ]

    /// Exact names, as upper-case bytes, to their family's reason.
    private static let exact: [[UInt8]: String] = {
        var table: [[UInt8]: String] = [:]
        for family in families { for name in family.names { table[Array(name.utf8)] = family.reason } }
        return table
    }()

    /// The prefixes by their first byte: `validate` asks for every field of every credential
    /// (10,000 files × their fields), so the common "no" must cost a few byte comparisons,
    /// not a pass over every prefix with `String.hasPrefix`.
    private static let prefixes: [UInt8: [(prefix: [UInt8], reason: String)]] = {
        var table: [UInt8: [(prefix: [UInt8], reason: String)]] = [:]
        for family in families {
            for prefix in family.prefixes { table[prefix.utf8.first!, default: []].append((Array(prefix.utf8), family.reason)) }
        }
        return table
    }()

    /// Why no credential may set `name` (compared ignoring ASCII case), or nil when it may.
    static func reason(for name: String) -> String? {
        let upper = name.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        if let reason = exact[upper] { return reason }
        guard let first = upper.first, let candidates = prefixes[first] else { return nil }
        return candidates.first { upper.starts(with: $0.prefix) }?.reason
    }

    /// Every exact name and prefix, as bytes, sorted: for `couldForbid(startingWith:)`.
    private static let sortedEntries: [[UInt8]] =
        (families.flatMap { $0.names + $0.prefixes }).map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }

    /// Whether some variable that starts with `start` (upper-case bytes) could be forbidden:
    /// a forbidden prefix starts `start`, or a forbidden name or prefix starts with `start`.
    /// `validate` asks once per credential (`SMTP_PROD_`) before naming every field.
    static func couldForbid(startingWith start: [UInt8]) -> Bool {
        if let candidates = start.first.flatMap({ prefixes[$0] }), candidates.contains(where: { start.starts(with: $0.prefix) }) {
            return true
        }
        var low = 0, high = sortedEntries.count
        while low < high {
            let mid = (low + high) / 2
            if sortedEntries[mid].lexicographicallyPrecedes(start) { low = mid + 1 } else { high = mid }
        }
        return low < sortedEntries.count && sortedEntries[low].starts(with: start)
    }
}
