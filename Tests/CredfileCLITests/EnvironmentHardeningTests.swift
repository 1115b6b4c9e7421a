import CredfileTestSupport
import Foundation
import Testing

/// Issue 12 through the binary: a branch author without a key cannot choose where a credential
/// goes by naming a variable the system reads (`BASH_ENV`, `LD_PRELOAD`, `PATH` …), `exec` does
/// not hand the age key to the deployed program, and a GitLab dotenv report never carries a `$`
/// GitLab would expand.
@Suite struct EnvironmentHardeningTests {
    static let secret = "s3cret-Canary-9f2"

    /// smtp-prod encrypted under the built-in smtp schema, before any hostile edit.
    func repository() throws -> Workspace {
        let ws = try Workspace()
        try ws.authoringRepository("""
            name: smtp-prod
            type: smtp
            description: Relay
            host: smtp.example.com
            username: u@example.com
            password: \(Self.secret)

            """)
        return ws
    }

    /// The built-in smtp schema with `env: NAME` added to `host` (line 5, the value at column
    /// of `NAME` reported by validate).
    static func hostileSMTPSchema(env: String) -> String {
        """
        type: smtp
        title: SMTP server
        description: Outbound mail through an SMTP relay
        fields:
          host:     { type: hostname, required: true, env: \(env) }
          port:     { type: port, default: 25 }
          email:    { type: email }
          username: { type: string }
          password: { type: string, sensitive: true }
          tls:      { type: bool, default: false }
        rules:
          - together: [username, password]

        """
    }

    static let hostEnvColumn = 52

    func keyEnvironment(_ ws: Workspace) -> [String: String] { ["SOPS_AGE_KEY_FILE": ws.identityFile.path] }

    /// The attack of the issue: one schema edit names BASH_ENV, bash sources the file it
    /// points to (a file the same branch adds) with the credentials in its environment.
    @Test func schemaNamingBashEnvIsAValidateErrorAndExecAndExportRefuse() throws {
        let ws = try repository()
        try ws.write("schemas/smtp.yaml", Self.hostileSMTPSchema(env: "BASH_ENV"))
        try ws.write("smtp.example.com", "echo PWNED-$SMTP_PROD_PASSWORD\n")

        let keyless = try ws.credfile(["validate"], identity: false)
        #expect(keyless.status == 1, "\(keyless.err)")
        #expect(keyless.err.contains("schemas/smtp.yaml:5:\(Self.hostEnvColumn): error:"), "\(keyless.err)")
        #expect(keyless.err.contains("BASH_ENV") && keyless.err.contains("[schema.env-forbidden]"))
        let strict = try CLI.run(["validate", "--decrypt", "--strict"], in: ws.dir.url, environment: keyEnvironment(ws))
        #expect(strict.status == 1, "\(strict.err)")

        let bash = try PeerTool.require("bash")
        let exec = try CLI.run(["exec", "smtp-prod", "--", bash, "-c", "true"], in: ws.dir.url, environment: keyEnvironment(ws))
        #expect(exec.status == 1, "\(exec.err)")
        #expect(!exec.out.contains("PWNED"), "bash must never start with BASH_ENV set by a schema")
        #expect(exec.err.contains("BASH_ENV") && !exec.err.contains(Self.secret))

        let export = try CLI.run(["export", "smtp-prod", "--format", "shell"], in: ws.dir.url, environment: keyEnvironment(ws))
        #expect(export.status == 1 && export.stdout.isEmpty, "\(export.err)")
        #expect(export.err.contains("BASH_ENV") && !export.err.contains(Self.secret))
    }

    /// Other names, each an exact name or a prefix of the list, all refused at the `env:` value.
    @Test(arguments: ["LD_PRELOAD", "PATH", "PYTHONSTARTUP", "PERL5OPT", "NODE_OPTIONS", "GIT_SSH_COMMAND", "GITHUB_ENV",
                      "CI_JOB_TOKEN", "SOPS_AGE_KEY_CMD", "BASH_FUNC_X", "DYLD_INSERT_LIBRARIES", "PS4", "ZDOTDIR",
                      "HTTPS_PROXY", "CREDFILE_X"])
    func schemaNamingAForbiddenVariableIsAKeylessError(name: String) throws {
        let ws = try repository()
        try ws.write("schemas/smtp.yaml", Self.hostileSMTPSchema(env: name))
        let result = try ws.credfile(["validate"], identity: false)
        #expect(result.status == 1)
        #expect(result.err.contains("schemas/smtp.yaml:5:\(Self.hostEnvColumn): error:") && result.err.contains(name), "\(result.err)")
        #expect(result.err.contains("[schema.env-forbidden]"))
    }

    /// A name that merely contains a forbidden one is fine: the list is exact names and prefixes.
    @Test func schemaNamingAnOrdinaryVariableStillValidates() throws {
        let ws = try repository()
        try ws.write("schemas/smtp.yaml", Self.hostileSMTPSchema(env: "MAIL_PATH"))
        let result = try ws.credfile(["validate"], identity: false)
        #expect(result.status == 0, "\(result.err)")
        let export = try CLI.run(["export", "smtp-prod", "--format", "json", "--fields", "host"], in: ws.dir.url, environment: keyEnvironment(ws))
        #expect(export.out.contains("\"MAIL_PATH\""), "\(export.err)")
    }

    /// A schema without `env:` and a credential whose name makes the derived variable
    /// forbidden: `ld` + `preload` → LD_PRELOAD, `bash` + `env` → BASH_ENV.
    @Test(arguments: [("ld", "preload", "LD_PRELOAD"), ("bash", "env", "BASH_ENV"), ("git", "dir", "GIT_DIR")])
    func derivedVariableNamesAreCheckedOnTheCredential(credential: String, field: String, variable: String) throws {
        let ws = try Workspace()
        try ws.write("schemas/loader.yaml", "type: loader\nfields:\n  \(field): { type: string, required: true }\n")
        try ws.write("credentials/\(credential).yaml", "name: \(credential)\ntype: loader\ndescription: x\n\(field): /tmp/evil.so\n")
        let result = try ws.credfile(["validate"], identity: false)
        #expect(result.status == 1, "\(result.err)")
        #expect(result.err.contains("credentials/\(credential).yaml:1:7: error:") && result.err.contains(variable), "\(result.err)")
        #expect(result.err.contains("[name.env-forbidden]"))
        let export = try ws.credfile(["export", credential, "--format", "shell"])
        #expect(export.status == 1 && export.stdout.isEmpty && export.err.contains(variable), "\(export.err)")
        let exec = try ws.credfile(["exec", credential, "--", "sh", "-c", "echo RAN"])
        #expect(exec.status == 1 && !exec.out.contains("RAN") && exec.err.contains(variable), "\(exec.err)")
    }

    /// `--no-prefix` and `--prefix` name variables at export time; a field called `path` is
    /// fine as WEB_PATH but not as PATH, and the match ignores case (`ld_PATH`).
    @Test func prefixOptionsCannotProduceAForbiddenName() throws {
        let ws = try Workspace()
        try ws.write("schemas/web.yaml", "type: web\nfields:\n  path: { type: string, required: true }\n")
        try ws.write("credentials/web.yaml", "name: web\ntype: web\ndescription: x\npath: /srv/www\n")
        // Only sops files are handed to jobs (a plain file authenticates nothing).
        #expect(try ws.credfile(["encrypt", "--age", ws.recipient, "credentials/web.yaml"]).status == 0)
        #expect(try ws.credfile(["validate"], identity: false).status == 0)
        #expect(try ws.credfile(["export", "web", "--format", "shell"]).out.contains("WEB_PATH"))
        for options in [["--no-prefix"], ["--prefix", "LD"], ["--prefix", "ld"], ["--prefix", "GitHub"]] {
            let export = try ws.credfile(["export", "web", "--format", "shell"] + options)
            #expect(export.status == 1 && export.stdout.isEmpty, "\(options): \(export.err)")
            let exec = try ws.credfile(["exec", "web"] + options + ["--", "sh", "-c", "echo RAN"])
            #expect(exec.status == 1 && !exec.out.contains("RAN"), "\(options): \(exec.err)")
        }
        let bare = try ws.credfile(["export", "web", "--format", "shell", "--no-prefix"])
        #expect(bare.err.contains("PATH") && !bare.err.contains("/srv/www"))
    }

    /// exec drops every variable that gives the child the age key, unless --keep-key-env.
    @Test func execDoesNotPassTheKeyToTheChild() throws {
        let ws = try repository()
        let key = try String(contentsOf: ws.identityFile, encoding: .utf8)
        let env = [
            "SOPS_AGE_KEY_FILE": ws.identityFile.path, "SOPS_AGE_KEY": key, "SOPS_AGE_KEY_CMD": "cat \(ws.identityFile.path)",
            "SOPS_AGE_SSH_PRIVATE_KEY_FILE": "/nonexistent/id_ed25519", "SOPS_AGE_RECIPIENTS": ws.recipient,
        ]
        let keyNames = ["SOPS_AGE_KEY_FILE", "SOPS_AGE_KEY", "SOPS_AGE_KEY_CMD", "SOPS_AGE_SSH_PRIVATE_KEY_FILE"]
        let dropped = try CLI.run(["exec", "smtp-prod", "--", "env"], in: ws.dir.url, environment: env)
        #expect(dropped.status == 0, "\(dropped.err)")
        let names = Set(dropped.out.split(separator: "\n").map { String($0.prefix { $0 != "=" }) })
        for name in keyNames { #expect(!names.contains(name), "\(name) reached the child") }
        #expect(!dropped.out.contains("AGE-SECRET-KEY-"))
        #expect(names.contains("SMTP_PROD_PASSWORD") && names.contains("SOPS_AGE_RECIPIENTS"))
        let kept = try CLI.run(["exec", "smtp-prod", "--keep-key-env", "--", "env"], in: ws.dir.url, environment: env)
        #expect(kept.status == 0, "\(kept.err)")
        let keptNames = Set(kept.out.split(separator: "\n").map { String($0.prefix { $0 != "=" }) })
        for name in keyNames { #expect(keptNames.contains(name), "\(name) was not kept") }
        let late = try CLI.run(["exec", "smtp-prod", "--", "env"], in: ws.dir.url, environment: env)
        #expect(!late.out.contains("SOPS_AGE_KEY_CMD="))
        let help = try CLI.run(["exec", "--help"])
        #expect(help.out.contains("--keep-key-env"))
    }

    /// GitLab stores dotenv report variables unraw: `$NAME` in a value is expanded in the jobs
    /// that receive it, so a value with `$` is refused, naming the variable only.
    @Test func gitlabRefusesADollarSign() throws {
        let ws = try Workspace()
        try ws.write("credentials/api.yaml", "name: api\ntype: generic\ndescription: x\nusername: u$CI_JOB_TOKEN\nurl: https://api.example.com\n")
        #expect(try ws.credfile(["encrypt", "--age", ws.recipient, "credentials/api.yaml"]).status == 0)
        let refused = try ws.credfile(["export", "api", "--format", "gitlab", "--fields", "url,username"])
        #expect(refused.status == 1 && refused.stdout.isEmpty, "\(refused.err)")
        #expect(refused.err.contains("API_USERNAME") && refused.err.contains("dollar sign") && !refused.err.contains("u$CI_JOB_TOKEN"))
        let plain = try ws.credfile(["export", "api", "--format", "gitlab", "--fields", "url"])
        #expect(plain.status == 0 && plain.out == "API_URL=https://api.example.com\n", "\(plain.err)")
    }
}
