import CredfileTestSupport
import Foundation
import Testing

/// The leak scan (DESIGN §2.8 "Secrets never leak through output"): canaries planted in fixture
/// credentials, every subcommand run through the binary on its success and failure paths, and
/// every byte of stdout and stderr searched for them. This is the one place that covers all
/// commands; adding a path is one line in `runs`.
///
/// **The rule.** A *needle* is
/// - a canary's UTF-8 bytes and its base64 (as `export --format k8s` writes it),
/// - each `data:`, `iv:` and `tag:` base64 of every `ENC[…]` token in the fixture files (values
///   and MACs), and each line of every wrapped data key (ciphertext),
/// - every identity's secret key (after the `AGE-SECRET-KEY-1` all keys share).
///
/// An output *contains* a needle when it contains any 8-byte window of it, so a value printed
/// cut, line by line, escaped (JSON's `\n`) or quoted is still found. Masked display (`****` +
/// the last four characters) must stay allowed: every secret canary ends in four ASCII
/// characters and has no `*`, so a masked value shares at most four consecutive bytes with
/// its canary and never matches (checked in `canariesFitTheRule`).
///
/// stderr never contains a needle. stdout, and the file a run writes (`-o`, `$GITHUB_ENV`),
/// never contain ciphertext or an identity; they may contain the non-sensitive canaries only when
/// the run displays a credential (`.plain`), and a secret canary only when the run's job is to
/// reveal it (`show --reveal`, `decrypt`, `export`, exec's child: `.reveals(…)`). There each
/// listed secret must be found, so a broken harness cannot pass. `export --format github` is a
/// reveal output (its `::add-mask::` lines necessarily hold the secrets, the values go to
/// `$GITHUB_ENV`), but its stdout may hold nothing except `::add-mask::` lines.
@Suite struct LeakScanTests {
    // MARK: Canaries

    struct Canary: Sendable, Hashable {
        let id: String
        let text: String
        /// Sensitive values (and would-be values such as a schema default of a sensitive
        /// field); the others sit in plain fields, which a displaying command may print.
        let secret: Bool

        static let smtpPassword = Canary(id: "smtp.password", text: "CANARY-Smtp7Pass-7f3e91", secret: true)
        /// Unicode, and `${`, which python-dotenv cannot carry.
        static let apiPassword = Canary(id: "api.password", text: "CANARY-ünïcødé-пароль-${HOME}-9b2d", secret: true)
        /// Multi-line, PEM-like: docker cannot carry it.
        static let apiToken = Canary(id: "api.token", text: """
            ~~~CANARY-PEM-BEGIN-41c2~~~
            Q2FuYXJ5UGVtQm9keUxpbmVPbmUtZDM3Yg
            CanaryPemBodyLineTwo-Zy9w-31a7
            ~~~CANARY-PEM-END-8e5b~~~
            """, secret: true)
        static let graphSecret = Canary(id: "graph.secret", text: "CANARY-Gr4ph-S3cret-Qx8~Lm2-a6f0", secret: true)
        /// Given to `set`, `new` and `edit` during the runs.
        static let newSecret = Canary(id: "new.secret", text: "CANARY-New7Secret-d00d-5c3a", secret: true)
        static let encryptMe = Canary(id: "encrypt.me", text: "CANARY-Encr7ptMe-71b5", secret: true)
        static let invalidPassword = Canary(id: "invalid.password", text: "CANARY-Inv4lidPass-c4d2", secret: true)
        static let dupFirst = Canary(id: "dup.first", text: "CANARY-Dup1First-0e1f", secret: true)
        static let dupSecond = Canary(id: "dup.second", text: "CANARY-Dup2Second-5a3b", secret: true)
        static let truncated = Canary(id: "truncated", text: "CANARY-Trunc8Quote-6d2c", secret: true)
        static let badUTF8 = Canary(id: "bad.utf8", text: "CANARY-Utf8Broken-8c1e", secret: true)
        static let plaintext = Canary(id: "plaintext", text: "CANARY-Pl4inText-3f9d", secret: true)
        static let macSecret = Canary(id: "mac.secret", text: "CANARY-Mac5Tamper-4e7a", secret: true)
        static let flipSecret = Canary(id: "flip.secret", text: "CANARY-Flip6Tamper-91c0", secret: true)
        static let conflictSecret = Canary(id: "conflict.secret", text: "CANARY-Merge3Confl1ct-2d84", secret: true)
        static let schemaDefault = Canary(id: "schema.default", text: "CANARY-Schema9Default-5e6f", secret: true)
        static let garbageKey = Canary(id: "garbage.key", text: "CANARYGARBAGEKEYNOTBECH32QQQ7d1e", secret: true)

        static let username = Canary(id: "smtp.username", text: "CANARY-Plain7User-51d0", secret: false)
        static let badHost = Canary(id: "bad.host", text: "CANARY-Bad..H0st-e2a7", secret: false)
        static let badBool = Canary(id: "bad.bool", text: "CANARY-N0t4Bool-1b8f", secret: false)
        static let unknownValue = Canary(id: "unknown.value", text: "CANARY-Unkn0wnVal-77aa", secret: false)
        static let badPort = Canary(id: "bad.port", text: "CANARY-P0rtVal-4b1a", secret: false)
        /// In credentials whose every value is encrypted, `name`, `type` and `description` too
        /// (sops's default rule: `sops.common-fields-encrypted`).
        static let legacySecret = Canary(id: "legacy.secret", text: "CANARY-L3gacyAll-Enc-6a1f", secret: true)
        static let legacyHost = Canary(id: "legacy.host", text: "CANARY-L3gacy..H0st-0c9d", secret: false)

        static let all: [Canary] = [
            smtpPassword, apiPassword, apiToken, graphSecret, newSecret, encryptMe, invalidPassword, dupFirst,
            dupSecond, truncated, badUTF8, plaintext, macSecret, flipSecret, conflictSecret, schemaDefault, garbageKey,
            username, badHost, badBool, unknownValue, badPort, legacySecret, legacyHost,
        ]
    }

    // MARK: The table

    /// What a run's stdout (and written file) may show.
    enum Reveal: Sendable {
        /// No canary at all.
        case nothing
        /// The non-sensitive canaries (a credential displayed, masked).
        case plain
        /// These secrets, which must be there, and the non-sensitive canaries.
        case secrets([Canary])

        static func reveals(_ canaries: Canary...) -> Reveal { .secrets(canaries) }
    }

    /// One command run. In `args`, `env`, `stdin` and `setup`: `$DIR` is the run's fixture copy,
    /// `$RECIPIENT`/`$OTHER_RECIPIENT` the two test recipients, `$SECRET_KEY` the identity itself.
    /// `args` starting with `git` run git (for textconv through `git diff`).
    struct Run: Sendable, CustomStringConvertible {
        var label: String
        var args: [String]
        /// The working directory inside the fixture: `repo` (valid, a git repository), `broken`
        /// (tampered and malformed files), `badschema`, `empty`.
        var dir: String
        var env: [String: String]
        var stdin: String?
        /// The exit status expected: proves the run took the path it is meant to.
        var status: Int32
        /// Text the run must print (on either stream): the diagnostic of that path.
        var says: String?
        var reveal: Reveal
        /// A file the run writes, checked like stdout (and absent when the run fails).
        var file: String?
        /// Commands run first (credfile, or `git`/`sh`), which must succeed.
        var setup: [[String]]
        /// When set, every stdout line must start with this.
        var linePrefix: String?
        /// With `linePrefix`: the one other line standard output may hold (the command's "what I
        /// did" line, which names no value).
        var actionLine: String?

        init(
            _ label: String, _ args: [String], dir: String = "repo", env: [String: String] = LeakScanTests.key, stdin: String? = nil,
            status: Int32 = 0, says: String? = nil, reveal: Reveal = .nothing, file: String? = nil,
            setup: [[String]] = [], linePrefix: String? = nil, actionLine: String? = nil
        ) {
            self.label = label
            self.args = args
            self.dir = dir
            self.env = env
            self.stdin = stdin
            self.status = status
            self.says = says
            self.reveal = reveal
            self.file = file
            self.setup = setup
            self.linePrefix = linePrefix
            self.actionLine = actionLine
        }

        var description: String { "\(label) [\(dir)$ \(args.joined(separator: " "))]" }
    }

    static let key = ["SOPS_AGE_KEY_FILE": "$DIR/identity.txt"]
    static let noKey: [String: String] = [:]
    static let wrongKey = ["SOPS_AGE_KEY_FILE": "$DIR/other-identity.txt"]
    static func editor(_ script: String) -> [String: String] {
        key.merging(["EDITOR": "$DIR/\(script)", "VISUAL": "$DIR/\(script)"]) { $1 }
    }

    static let new = Canary.newSecret.text
    static let smtp = ["new", "relay", "--type", "smtp", "--description", "Relay"]

    static let runs: [Run] = [
        // --- init, keygen
        Run("init", ["init", "--age", "$RECIPIENT"], dir: "empty", says: "created .sops.yaml"),
        Run("init again", ["init", "--age", "$RECIPIENT"], says: "left unchanged"),
        Run("init, identity pasted as recipient", ["init", "--age", "$SECRET_KEY"], dir: "empty", status: 2, says: "not an age recipient"),
        Run("keygen to stdout (a new key)", ["keygen"], dir: "empty", says: "AGE-SECRET-KEY-1"),
        Run("keygen -o", ["keygen", "-o", "new-identity.txt"], dir: "empty", says: "age1"),
        Run("keygen -o existing identity", ["keygen", "-o", "$DIR/identity.txt"], status: 3),

        // --- show
        Run("show", ["show", "smtp-prod"], says: "****3e91", reveal: .plain),
        Run("show json", ["show", "smtp-prod", "--format", "json"], says: "****3e91", reveal: .plain),
        Run("show pem", ["show", "api-pem"], says: "****b~~~", reveal: .plain),
        Run("show no key", ["show", "smtp-prod"], env: noKey, says: "no identity opens", reveal: .plain),
        Run("show wrong key", ["show", "graph-inbox", "--format", "json"], env: wrongKey, says: "no identity opens", reveal: .plain),
        Run("show --reveal", ["show", "smtp-prod", "--reveal"], reveal: .reveals(.smtpPassword)),
        Run("show --reveal json", ["show", "api-pem", "--reveal", "--format", "json"], reveal: .reveals(.apiPassword, .apiToken)),
        Run("show --reveal no key", ["show", "graph-inbox", "--reveal"], env: noKey, status: 128),
        Run("show unknown name", ["show", "nosuch"], status: 3),
        Run("show invalid credential", ["show", "smtp-invalid"], dir: "broken", says: "****c4d2", reveal: .plain),
        Run("show MAC mismatch", ["show", "smtp-mac"], dir: "broken", status: 51, says: "MAC mismatch"),
        Run("show --reveal MAC mismatch", ["show", "smtp-mac", "--reveal"], dir: "broken", status: 51, says: "[sops.mac-mismatch]"),
        Run("show flipped ciphertext", ["show", "smtp-flip", "--format", "json"], dir: "broken", status: 25, says: "[sops.decrypt-failed]"),
        Run("show duplicate keys", ["show", "dup-keys"], dir: "broken", status: 4, says: "[yaml.duplicate-key]"),
        Run("show truncated", ["show", "truncated"], dir: "broken", status: 4, says: "[yaml.syntax]"),
        Run("show invalid UTF-8", ["show", "bad-utf8"], dir: "broken", status: 4, says: "[yaml.invalid-utf8]"),
        Run("show merge conflict", ["show", "conflict", "--reveal"], dir: "broken", status: 4),
        Run("show plaintext secret", ["show", "plain-secret"], dir: "broken", says: "****3f9d", reveal: .plain),
        Run("show plaintext secret json", ["show", "plain-secret", "--format", "json"], dir: "broken", says: "stored in plain text", reveal: .plain),
        // Issue 11: a broken schema is reported as itself by every command that needs it.
        Run("show broken schema", ["show", "smtp-prod"], dir: "badschema", status: 1, says: "schemas/smtp.yaml:5:55"),

        // --- get: its one job is to print the value, so stdout may hold exactly that secret
        // (GetCommandTests checks it is nothing else); stderr never does.
        Run("get", ["get", "smtp-prod", "password"], reveal: .reveals(.smtpPassword)),
        Run("get by path", ["get", "credentials/smtp-prod.yaml", "password"], reveal: .reveals(.smtpPassword)),
        Run("get --no-newline multi-line", ["get", "api-pem", "token", "--no-newline"], reveal: .reveals(.apiToken)),
        Run("get plain field", ["get", "smtp-prod", "host"], reveal: .plain),
        Run("get no key", ["get", "smtp-prod", "password"], env: noKey, status: 128),
        Run("get wrong key", ["get", "graph-inbox", "client_secret"], env: wrongKey, status: 128),
        Run("get unknown field", ["get", "smtp-prod", "nosuch"], status: 1, says: "has no field"),
        Run("get MAC mismatch", ["get", "smtp-mac", "password"], dir: "broken", status: 51),
        Run("get outside credentials/", ["get", "$DIR/identity.txt", "password"], status: 2, says: "not a credential file"),

        // --- list
        Run("list", ["list"], reveal: .plain),
        Run("list json", ["list", "--format", "json"], env: noKey, reveal: .plain),
        Run("list broken", ["list"], dir: "broken", reveal: .plain),
        Run("list broken json", ["list", "--format", "json"], dir: "broken", reveal: .plain),
        Run("list broken schema", ["list"], dir: "badschema", reveal: .plain),
        Run("recipients list", ["recipients", "list"], says: "CREDENTIALS", reveal: .plain),
        Run("recipients list json", ["recipients", "list", "--format", "json"], env: noKey, says: "\"recipients\"", reveal: .plain),
        Run("recipients list broken", ["recipients", "list"], dir: "broken", reveal: .plain),

        // --- set
        Run("set", ["set", "smtp-prod", "password=\(new)", "host=smtp.example.org"]),
        Run("set --stdin", ["set", "smtp-prod", "password", "--stdin"], stdin: new + "\n"),
        Run("set --stdin with FIELD=VALUE", ["set", "smtp-prod", "password", "--stdin", "host=relay.example.org"], stdin: new + "\n"),
        Run("set secret on the command line", ["set", "smtp-prod", "password=\(new)"], says: "--stdin password"),
        Run("set by path", ["set", "credentials/smtp-prod.yaml", "port=465"]),
        Run("set --value-file", ["set", "api-pem", "--value-file", "token=$DIR/secret.txt"]),
        Run("set invalid port", ["set", "smtp-prod", "port=\(Canary.badPort.text)"], status: 1, says: "'port'"),
        Run("set invalid host", ["set", "smtp-prod", "host=\(Canary.badHost.text)", "password=\(new)"], status: 1, says: "'host'"),
        Run("set unknown field", ["set", "smtp-prod", "colour=\(Canary.unknownValue.text)"], status: 1, says: "[field.unknown]"),
        Run("set type to generic", ["set", "smtp-prod", "type=generic"], status: 1, says: "[credential.invalid]"),
        Run("set a secret without FIELD=", ["set", "smtp-prod", new], status: 2, says: "FIELD=VALUE"),
        Run("set =secret", ["set", "smtp-prod", "=\(new)"], status: 2, says: "FIELD=VALUE"),
        Run("set --stdin with two fields", ["set", "smtp-prod", "password", "--stdin", "host"], stdin: new, status: 2),
        Run("set name", ["set", "smtp-prod", "name=\(Canary.badHost.text)"], status: 2, says: "'name'"),
        Run("set no key", ["set", "smtp-prod", "password=\(new)"], env: noKey, status: 128),
        Run("set wrong key", ["set", "smtp-prod", "host=a.example.com"], env: wrongKey, status: 128),
        Run("set MAC mismatch", ["set", "smtp-mac", "password=\(new)"], dir: "broken", status: 51, says: "MAC mismatch"),
        Run("set flipped", ["set", "smtp-flip", "host=a.example.com"], dir: "broken", status: 25),
        Run("set invalid credential", ["set", "smtp-invalid", "port=25"], dir: "broken", status: 1, says: "[credential.invalid]"),
        Run("set duplicate keys", ["set", "dup-keys", "host=a.example.com"], dir: "broken", status: 4, says: "[yaml.duplicate-key]"),
        Run("set truncated", ["set", "truncated", "password=\(new)"], dir: "broken", status: 4),
        Run("set plaintext secret", ["set", "plain-secret", "host=a.example.com"], dir: "broken", status: 1),
        Run("set broken schema", ["set", "smtp-prod", "password=\(new)"], dir: "badschema", status: 1),

        // --- unset
        Run("unset", ["unset", "smtp-prod", "port"]),
        Run("unset required", ["unset", "smtp-prod", "host"], status: 1, says: "'host'"),
        Run("unset half of a pair", ["unset", "smtp-prod", "password"], status: 1, says: "[rule.together]"),
        Run("unset unknown", ["unset", "smtp-prod", "nosuch"], status: 1),
        Run("unset no key", ["unset", "smtp-prod", "port"], env: noKey, status: 128),
        Run("unset MAC mismatch", ["unset", "smtp-mac", "host"], dir: "broken", status: 51),
        Run("unset invalid UTF-8", ["unset", "bad-utf8", "host"], dir: "broken", status: 4),

        // --- edit (scripted editors, as in EditCommandTests)
        Run("edit, no change", ["edit", "smtp-prod"], env: editor("editor-noop.sh")),
        Run("edit, new secret", ["edit", "smtp-prod"], env: editor("editor-secret.sh")),
        Run("edit, invalid then fixed", ["edit", "smtp-prod"], env: editor("editor-invalid-fix.sh")),
        Run("edit, invalid then editor fails", ["edit", "smtp-prod"], env: editor("editor-invalid-fail.sh"), status: 3, says: "nothing written"),
        Run("edit, malformed then restored", ["edit", "api-pem"], env: editor("editor-break-restore.sh")),
        Run("edit no key", ["edit", "smtp-prod"], env: editor("editor-noop.sh").filter { $0.key != "SOPS_AGE_KEY_FILE" }, status: 128),
        Run("edit MAC mismatch", ["edit", "smtp-mac"], dir: "broken", env: editor("editor-noop.sh"), status: 51),
        Run("edit flipped", ["edit", "smtp-flip"], dir: "broken", env: editor("editor-noop.sh"), status: 25),
        Run("edit malformed", ["edit", "dup-keys"], dir: "broken", env: editor("editor-noop.sh"), status: 4),

        // --- new
        Run("new", smtp + ["host=relay.example.com", "username=\(Canary.username.text)", "password=\(new)"], says: "created"),
        Run("new --stdin", smtp + ["host=relay.example.com", "username=u", "--stdin", "password"], stdin: new + "\n"),
        Run("new invalid host", smtp + ["host=\(Canary.badHost.text)", "username=u", "password=\(new)"], status: 1),
        Run("new invalid port", smtp + ["host=relay.example.com", "port=\(Canary.badPort.text)"], status: 1),
        Run("new unknown field", smtp + ["host=relay.example.com", "colour=\(Canary.unknownValue.text)"], status: 1),
        Run("new missing required", smtp + ["username=u", "password=\(new)"], status: 1, says: "host"),
        Run("new bare secret", smtp + [new], status: 2, says: "FIELD=VALUE"),
        Run("new FIELD --stdin", smtp + ["host=relay.example.com", "username=u", "password", "--stdin"], stdin: new + "\n"),
        Run("new --value-file", smtp + ["host=relay.example.com", "username=u", "--value-file", "password=$DIR/secret.txt"], says: "created"),
        Run("new --prompt without a terminal", smtp + ["host=relay.example.com", "username=u", "--prompt", "password"], status: 2, says: "needs a terminal"),
        Run("new without --type off a terminal", ["new", "relay", "--description", "d", "password=\(new)"], status: 2, says: "missing --type"),
        Run("new existing name", ["new", "smtp-prod", "--type", "smtp", "--description", "d", "host=a.example.com", "username=u", "password=\(new)"], status: 2, says: "already exists"),
        Run("new unknown type", ["new", "relay", "--type", "nosuch", "password=\(new)"], status: 2),
        Run("new without a repository", smtp + ["host=relay.example.com", "username=u", "password=\(new)"], dir: "empty", status: 2),
        Run("new broken schema", smtp + ["host=relay.example.com", "username=u", "password=\(new)"], dir: "badschema", status: 1, says: "schemas/smtp.yaml:5:55"),

        // --- rm
        Run("rm --yes", ["rm", "smtp-prod", "--yes"], says: "deleted"),
        Run("rm without a terminal", ["rm", "smtp-prod"], status: 2),
        Run("rm unknown", ["rm", "nosuch", "--yes"], status: 3),

        // --- recipients, rotate
        Run("recipients add", ["recipients", "add", "$OTHER_RECIPIENT"], says: "re-wrapped"),
        Run("recipients rm", ["recipients", "rm", "$RECIPIENT", "smtp-prod"], says: "credfile rotate", setup: [["recipients", "add", "$OTHER_RECIPIENT"]]),
        Run("recipients rm, all", ["recipients", "rm", "$OTHER_RECIPIENT"], says: "git history", setup: [["recipients", "add", "$OTHER_RECIPIENT"]]),
        Run("recipients add --label", ["recipients", "add", "$OTHER_RECIPIENT", "--label", "other laptop"], says: "updated .sops.yaml"),
        Run("recipients add identity pasted", ["recipients", "add", "$SECRET_KEY"], status: 2, says: "the recipient is not an age, ssh or AWS KMS recipient"),
        Run("recipients add no key", ["recipients", "add", "$OTHER_RECIPIENT"], env: noKey, status: 128),
        Run("recipients add broken", ["recipients", "add", "$OTHER_RECIPIENT"], dir: "broken", status: 4),
        Run("rotate", ["rotate"]),
        Run("rotate wrong key", ["rotate", "smtp-prod"], env: wrongKey, status: 128),
        Run("rotate MAC mismatch", ["rotate", "smtp-mac"], dir: "broken", status: 51),
        Run("rotate flipped", ["rotate", "smtp-flip"], dir: "broken", status: 25),
        Run("rotate all broken", ["rotate"], dir: "broken", status: 4),

        // --- encrypt, decrypt
        Run("encrypt", ["encrypt", "--age", "$RECIPIENT", "plain/new-smtp.yaml"]),
        Run("encrypt already encrypted", ["encrypt", "credentials/smtp-prod.yaml"], status: 203),
        Run("encrypt no recipients", ["encrypt", "plain/new-smtp.yaml"], status: 111),
        Run("encrypt identity as recipient", ["encrypt", "--age", "$SECRET_KEY", "plain/new-smtp.yaml"], status: 5, says: "not an age recipient"),
        Run("encrypt bad regex", ["encrypt", "--age", "$RECIPIENT", "--encrypted-regex", "(pass", "plain/new-smtp.yaml"], status: 5),
        Run("encrypt duplicate keys", ["encrypt", "--age", "$RECIPIENT", "plain/dup.yaml"], status: 4, says: "[yaml.duplicate-key]"),
        Run("encrypt plaintext credential", ["encrypt", "credentials/plain-secret.yaml"], dir: "broken"),
        Run("encrypt truncated", ["encrypt", "credentials/truncated.yaml"], dir: "broken", status: 4),
        Run("encrypt invalid UTF-8", ["encrypt", "credentials/bad-utf8.yaml"], dir: "broken", status: 4),
        Run("decrypt", ["decrypt", "credentials/api-pem.yaml"], reveal: .reveals(.apiPassword, .apiToken)),
        Run("decrypt --extract", ["decrypt", "--extract", "password", "credentials/smtp-prod.yaml"], reveal: .reveals(.smtpPassword)),
        Run("decrypt --extract missing", ["decrypt", "--extract", "token", "credentials/smtp-prod.yaml"], status: 1),
        Run("decrypt no key", ["decrypt", "credentials/smtp-prod.yaml"], env: noKey, status: 128),
        Run("decrypt wrong key", ["decrypt", "credentials/smtp-prod.yaml"], env: wrongKey, status: 128),
        Run("decrypt garbage SOPS_AGE_KEY", ["decrypt", "credentials/smtp-prod.yaml"], env: ["SOPS_AGE_KEY": "AGE-SECRET-KEY-1" + Canary.garbageKey.text], status: 128),
        Run("decrypt garbage identity file", ["decrypt", "--identity", "$DIR/garbage-identity.txt", "credentials/smtp-prod.yaml"], status: 128),
        Run("decrypt SOPS_AGE_KEY_CMD garbage", ["decrypt", "credentials/smtp-prod.yaml"], env: ["SOPS_AGE_KEY_CMD": "cat $DIR/garbage-identity.txt"], status: 128),
        Run("decrypt MAC mismatch", ["decrypt", "credentials/smtp-mac.yaml"], dir: "broken", status: 51),
        Run("decrypt --ignore-mac", ["decrypt", "--ignore-mac", "credentials/smtp-mac.yaml"], dir: "broken", reveal: .reveals(.macSecret)),
        Run("decrypt flipped", ["decrypt", "credentials/smtp-flip.yaml"], dir: "broken", status: 25),
        Run("decrypt flipped --ignore-mac", ["decrypt", "--ignore-mac", "credentials/smtp-flip.yaml"], dir: "broken", status: 25),
        Run("decrypt plaintext", ["decrypt", "credentials/plain-secret.yaml"], dir: "broken", status: 1),
        Run("decrypt duplicate keys", ["decrypt", "credentials/dup-keys.yaml"], dir: "broken", status: 4),
        Run("decrypt truncated", ["decrypt", "credentials/truncated.yaml"], dir: "broken", status: 4),
        Run("decrypt invalid UTF-8", ["decrypt", "credentials/bad-utf8.yaml"], dir: "broken", status: 4),
        Run("decrypt merge conflict", ["decrypt", "credentials/conflict.yaml"], dir: "broken", status: 4),
        Run("decrypt missing file", ["decrypt", "credentials/nosuch.yaml"], status: 3),

        // --- validate
        // Every value encrypted, `name`, `type` and `description` too (issue 13).
        Run("validate all encrypted", ["validate"], dir: "legacy", status: 1, says: "[sops.common-fields-encrypted]"),
        Run("validate all encrypted --decrypt", ["validate", "--decrypt"], dir: "legacy", status: 1, says: "[field.invalid]"),
        Run("validate all encrypted --decrypt json", ["validate", "--decrypt", "--format", "json", "credentials/legacy-ok.yaml"], dir: "legacy", says: "sops.common-fields-encrypted"),
        Run("set all encrypted", ["set", "legacy-ok", "username=\(Canary.username.text)"], dir: "legacy"),
        Run("set all encrypted, invalid", ["set", "legacy-bad", "username=u"], dir: "legacy", status: 1, says: "[credential.invalid]"),
        Run("set all encrypted, converted", ["set", "legacy-ok", "type=smtp"], dir: "legacy"),
        Run("unset all encrypted", ["unset", "legacy-ok", "port"], dir: "legacy"),
        Run("show all encrypted", ["show", "legacy-ok"], dir: "legacy", says: "****6a1f", reveal: .plain),
        Run("show all encrypted no key", ["show", "legacy-ok"], dir: "legacy", env: noKey, reveal: .plain),
        Run("export all encrypted", ["export", "legacy-ok", "--format", "json"], dir: "legacy", reveal: .reveals(.legacySecret)),
        Run("export all encrypted, invalid", ["export", "legacy-bad", "--format", "shell"], dir: "legacy", status: 1, says: "[credential.invalid]"),
        Run("export all encrypted no key", ["export", "legacy-ok", "--format", "shell"], dir: "legacy", env: noKey, status: 128),
        Run("validate", ["validate"]),
        Run("validate --decrypt", ["validate", "--decrypt", "--format", "json"]),
        Run("validate github", ["validate", "--decrypt", "--format", "github"]),
        Run("validate --decrypt wrong key", ["validate", "--decrypt"], env: wrongKey, status: 1),
        Run("validate broken", ["validate"], dir: "broken", status: 1, says: "[field.invalid]"),
        Run("validate broken --decrypt", ["validate", "--decrypt", "--format", "human"], dir: "broken", status: 1, says: "[sops.mac-mismatch]"),
        Run("validate broken json", ["validate", "--decrypt", "--format", "json"], dir: "broken", status: 1, says: "\"code\""),
        Run("validate broken github", ["validate", "--decrypt", "--format", "github"], dir: "broken", status: 1, linePrefix: "::"),
        Run("validate broken under Actions", ["validate"], dir: "broken", env: ["GITHUB_ACTIONS": "true"], status: 1, linePrefix: "::"),
        Run("validate one file --strict", ["validate", "--strict", "credentials/smtp-invalid.yaml"], dir: "broken", status: 1),
        Run("validate broken schema", ["validate", "--decrypt"], dir: "badschema", status: 1),
        Run("validate --staged broken", ["validate", "--staged"], status: 1, says: "[field.invalid]",
            setup: [["sh", "-c", "cp ../broken/credentials/smtp-invalid.yaml ../broken/credentials/plain-secret.yaml credentials/ && git add -A"]]),
        Run("validate --against HEAD", ["validate", "--against", "HEAD", "--format", "json"], status: 1,
            setup: [["sh", "-c", "cp ../broken/credentials/dup-keys.yaml ../broken/credentials/smtp-mac.yaml credentials/"]]),

        // --- schema
        Run("schema list", ["schema", "list"]),
        Run("schema show", ["schema", "show", "smtp"]),
        Run("schema jsonschema", ["schema", "jsonschema", "generic"]),
        Run("schema show unknown", ["schema", "show", "nosuch"], status: 1),
        Run("schema list broken", ["schema", "list"], dir: "badschema", status: 1),
        Run("schema show broken", ["schema", "show", "smtp"], dir: "badschema", status: 1),
        Run("schema jsonschema broken", ["schema", "jsonschema", "generic"], dir: "badschema", status: 1),

        // --- check and send-mail (smtp-prod: port 587, no tls; its host is not reached in time)
        Run("check plaintext refused", ["check", "smtp-prod"], status: 1, says: "refusing to send the password", reveal: .plain),
        Run("check json", ["check", "smtp-prod", "api-pem", "--format", "json"], status: 1, says: "not-checkable", reveal: .plain),
        Run("check github", ["check", "smtp-prod", "--format", "github"], status: 1, says: "::error file=credentials/smtp-prod.yaml", reveal: .plain),
        Run("check allowed, unreachable", ["check", "smtp-prod", "--allow-plaintext-auth", "--timeout", "2"], status: 1, reveal: .plain),
        Run("check not checkable", ["check", "api-pem"], says: "not checkable", reveal: .plain),
        Run("check no key", ["check", "smtp-prod"], env: noKey, status: 128, says: "no identity opens", reveal: .plain),
        Run("check MAC mismatch", ["check", "smtp-mac"], dir: "broken", status: 51, reveal: .plain),
        Run("send-mail plaintext refused", ["send-mail", "smtp-prod", "--to", "a@example.com", "--from", "b@example.com", "--subject", "s", "--body", "b"],
            status: 1, says: "refusing to send the password"),
        Run("send-mail no sender", ["send-mail", "smtp-prod", "--to", "a@example.com", "--subject", "s", "--body", "b"], status: 2, says: "no email field"),
        Run("send-mail no key", ["send-mail", "smtp-prod", "--to", "a@example.com", "--subject", "s", "--body", "b"], env: noKey, status: 128),

        // --- export: every format; refusals write nothing
        Run("export shell", ["export", "api-pem", "--format", "shell"], reveal: .reveals(.apiPassword, .apiToken)),
        Run("export dotenv", ["export", "smtp-prod", "graph-inbox", "--format", "dotenv"], reveal: .reveals(.smtpPassword, .graphSecret)),
        Run("export dotenv refused (${)", ["export", "api-pem", "--format", "dotenv", "-o", "out.env"], status: 1, says: "API_PEM_PASSWORD", file: "out.env"),
        Run("export dotenv-node", ["export", "api-pem", "--format", "dotenv-node"], reveal: .reveals(.apiPassword, .apiToken)),
        Run("export docker", ["export", "smtp-prod", "--format", "docker", "-o", "out.env"], reveal: .reveals(.smtpPassword), file: "out.env"),
        Run("export docker refused (newline)", ["export", "api-pem", "--format", "docker"], status: 1, says: "API_PEM_TOKEN"),
        Run("export compose", ["export", "api-pem", "--format", "compose"], reveal: .reveals(.apiPassword, .apiToken)),
        Run("export systemd", ["export", "api-pem", "--format", "systemd"], reveal: .reveals(.apiPassword, .apiToken)),
        Run("export gitlab refused (sensitive)", ["export", "smtp-prod", "--format", "gitlab", "-o", "report.env"], status: 1, says: "SMTP_PROD_PASSWORD", file: "report.env"),
        Run("export gitlab --allow-sensitive", ["export", "smtp-prod", "--format", "gitlab", "--allow-sensitive"], reveal: .reveals(.smtpPassword)),
        Run("export json", ["export", "api-pem", "--format", "json"], reveal: .reveals(.apiPassword, .apiToken)),
        Run("export yaml", ["export", "graph-inbox", "--format", "yaml"], reveal: .reveals(.graphSecret)),
        Run("export k8s", ["export", "api-pem", "--format", "k8s", "--namespace", "ns"], reveal: .reveals(.apiPassword, .apiToken)),
        // flux: encrypted, so not a reveal output; its fresh ciphertext holds no fixture needle.
        Run("export flux", ["export", "api-pem", "--format", "flux", "--age", "$OTHER_RECIPIENT"], says: "ENC[AES256_GCM"),
        Run("export flux -o (.sops.yaml rule)", ["export", "smtp-prod", "--format", "flux", "-o", "credentials/flux-secret.yaml"], file: "credentials/flux-secret.yaml"),
        Run("export flux no recipients", ["export", "smtp-prod", "--format", "flux"], status: 111, says: "no recipients"),
        Run("export flux identity as recipient", ["export", "smtp-prod", "--format", "flux", "--age", "$SECRET_KEY"], status: 5, says: "not an age recipient"),
        Run("export flux no key", ["export", "smtp-prod", "--format", "flux", "--age", "$RECIPIENT"], env: noKey, status: 128),
        Run("export github", ["export", "api-pem", "smtp-prod", "--format", "github"], env: key.merging(["GITHUB_ENV": "$DIR/github_env"]) { $1 },
            says: "::add-mask::", reveal: .reveals(.apiPassword, .apiToken, .smtpPassword), file: "$DIR/github_env", linePrefix: "::add-mask::",
            actionLine: "appended 9 variables to $GITHUB_ENV"),
        Run("export github without GITHUB_ENV", ["export", "smtp-prod", "--format", "github"], status: 2, says: "GITHUB_ENV"),
        Run("export --fields", ["export", "smtp-prod", "--format", "shell", "--fields", "password", "--prefix", "MAIL"], reveal: .reveals(.smtpPassword)),
        Run("export unknown field", ["export", "smtp-prod", "--format", "shell", "--fields", "nosuch"], status: 1),
        Run("export unwritable -o", ["export", "smtp-prod", "--format", "shell", "-o", "/nonexistent/dir/out.sh"], status: 3),
        Run("export no key", ["export", "smtp-prod", "--format", "json"], env: noKey, status: 128),
        Run("export wrong key", ["export", "smtp-prod", "--format", "json"], env: wrongKey, status: 128),
        Run("export invalid credential", ["export", "smtp-invalid", "--format", "json"], dir: "broken", status: 1, says: "[credential.invalid]"),
        Run("export MAC mismatch", ["export", "smtp-mac", "--format", "json"], dir: "broken", status: 51),
        Run("export flipped", ["export", "smtp-flip", "--format", "shell"], dir: "broken", status: 25),
        Run("export plaintext secret", ["export", "plain-secret", "--format", "shell"], dir: "broken", status: 1),
        Run("export duplicate keys", ["export", "dup-keys", "--format", "k8s"], dir: "broken", status: 1),
        Run("export broken schema", ["export", "smtp-prod", "--format", "shell"], dir: "badschema", status: 1),

        // --- exec
        Run("exec child", ["exec", "smtp-prod", "--", "sh", "-c", "printf '%s' \"$SMTP_PROD_PASSWORD\""], reveal: .reveals(.smtpPassword)),
        Run("exec child env", ["exec", "api-pem", "graph-inbox", "--pristine", "--", "env"], reveal: .reveals(.apiPassword, .apiToken, .graphSecret)),
        Run("exec failing command", ["exec", "smtp-prod", "--", "false"], status: 1),
        Run("exec command exits 3", ["exec", "smtp-prod", "--", "sh", "-c", "exit 3"], status: 3),
        Run("exec missing command", ["exec", "smtp-prod", "--", "no-such-command-here"], status: 127, says: "not found"),
        Run("exec not executable", ["exec", "smtp-prod", "--", "$DIR/identity.txt"], status: 126),
        Run("exec without --", ["exec", "smtp-prod"], status: 2),
        Run("exec no key", ["exec", "smtp-prod", "--", "true"], env: noKey, status: 128),
        Run("exec MAC mismatch", ["exec", "smtp-mac", "--", "env"], dir: "broken", status: 51),
        Run("exec invalid credential", ["exec", "smtp-invalid", "--", "env"], dir: "broken", status: 1),

        // --- hook, textconv, git diff
        Run("hook install", ["hook", "install", "--diff"]),
        Run("hook install --merge", ["hook", "install", "--merge"], says: "merge.credfile.driver"),

        // --- merge-driver (issue 18): directly, and as git's merge driver
        Run("merge-driver clean", ["merge-driver", "base.yaml", "credentials/smtp-prod.yaml", "theirs.yaml", "credentials/smtp-prod.yaml"],
            setup: mergeSides(ours: "host=smtp.example.org")),
        Run("merge-driver conflict", ["merge-driver", "base.yaml", "credentials/smtp-prod.yaml", "theirs.yaml", "credentials/smtp-prod.yaml"],
            status: 1, says: "both branches changed 'password' differently", setup: mergeSides(ours: "password=\(Canary.conflictSecret.text)")),
        Run("merge-driver no key", ["merge-driver", "credentials/smtp-prod.yaml", "credentials/smtp-prod.yaml", "credentials/api-pem.yaml", "credentials/smtp-prod.yaml"],
            env: noKey, status: 128, says: "needs a key"),
        Run("merge-driver wrong key", ["merge-driver", "credentials/graph-inbox.yaml", "credentials/graph-inbox.yaml", "credentials/graph-inbox.yaml", "credentials/graph-inbox.yaml"],
            env: wrongKey, status: 128),
        Run("merge-driver MAC mismatch", ["merge-driver", "credentials/smtp-flip.yaml", "credentials/smtp-mac.yaml", "credentials/smtp-invalid.yaml", "credentials/smtp-mac.yaml"],
            dir: "broken", status: 25),
        Run("merge-driver merge conflict markers", ["merge-driver", "credentials/conflict.yaml", "credentials/conflict.yaml", "credentials/conflict.yaml", "credentials/conflict.yaml"],
            dir: "broken", status: 4),
        Run("git merge via the driver", ["git", "merge", "--no-edit", "theirs"], says: "Auto-merging", setup: gitMergeSides(ours: "host=smtp.example.org")),
        Run("git merge via the driver, conflict", ["git", "merge", "--no-edit", "theirs"], status: 1, says: "[merge.conflict]",
            setup: gitMergeSides(ours: "password=\(Canary.conflictSecret.text)")),
        Run("hook install outside git", ["hook", "install"], dir: "empty", status: 3),
        Run("textconv", ["textconv", "credentials/smtp-prod.yaml"], says: "****3e91", reveal: .plain),
        Run("textconv pem", ["textconv", "credentials/api-pem.yaml"], says: "****b~~~", reveal: .plain),
        Run("textconv no key", ["textconv", "credentials/smtp-prod.yaml"], env: noKey, says: "\"**** enc:", reveal: .plain),
        Run("textconv wrong key", ["textconv", "credentials/graph-inbox.yaml"], env: wrongKey, reveal: .plain),
        Run("textconv invalid credential", ["textconv", "credentials/smtp-invalid.yaml"], dir: "broken", says: "****c4d2", reveal: .plain),
        Run("textconv MAC mismatch", ["textconv", "credentials/smtp-mac.yaml"], dir: "broken", reveal: .plain),
        Run("textconv flipped", ["textconv", "credentials/smtp-flip.yaml"], dir: "broken", reveal: .plain),
        Run("textconv plaintext secret", ["textconv", "credentials/plain-secret.yaml"], dir: "broken", says: "****3f9d", reveal: .plain),
        Run("textconv duplicate keys", ["textconv", "credentials/dup-keys.yaml"], dir: "broken", says: "host: h.example.com", reveal: .plain),
        Run("textconv truncated", ["textconv", "credentials/truncated.yaml"], dir: "broken", reveal: .plain),
        Run("textconv invalid UTF-8", ["textconv", "credentials/bad-utf8.yaml"], dir: "broken", reveal: .plain),
        Run("textconv merge conflict", ["textconv", "credentials/conflict.yaml"], dir: "broken", says: "<<<<<<< ours", reveal: .plain),
        Run("git diff via textconv", ["git", "diff"], says: "+password: \"****5c3a fp:", reveal: .plain,
            setup: [["hook", "install", "--diff"], ["set", "smtp-prod", "password=\(new)", "host=smtp.example.org"]]),
    ]

    /// Setup for a `merge-driver` row: `base.yaml` is smtp-prod as it is, `theirs.yaml` it with
    /// a new password, and the credential itself it with `ours`.
    static func mergeSides(ours: String) -> [[String]] {
        [
            ["sh", "-c", "cp credentials/smtp-prod.yaml base.yaml"],
            ["set", "smtp-prod", "password=\(new)"],
            ["sh", "-c", "cp credentials/smtp-prod.yaml theirs.yaml && cp base.yaml credentials/smtp-prod.yaml"],
            ["set", "smtp-prod", ours],
        ]
    }

    /// Setup for a `git merge` row: branch `theirs` sets a new password, the current branch
    /// `ours`; the driver is this build.
    static func gitMergeSides(ours: String) -> [[String]] {
        [
            ["hook", "install", "--merge"],
            ["git", "config", "merge.credfile.driver", "'$CREDFILE' merge-driver %O %A %B %P"],
            ["git", "checkout", "-q", "-b", "theirs"],
            ["set", "smtp-prod", "password=\(new)"],
            ["git", "commit", "-q", "--no-verify", "-a", "-m", "theirs"],
            ["git", "checkout", "-q", "-"],
            ["set", "smtp-prod", ours],
            ["git", "commit", "-q", "--no-verify", "-a", "-m", "ours"],
        ]
    }

    // MARK: Tests

    @Test(PeerTool.needs("git"))
    func noCanaryLeaksFromAnyCommand() throws {
        let fixture = try Fixture()
        for run in Self.runs {
            try check(run, fixture)
        }
    }

    /// Every subcommand (and sub-subcommand) in `credfile --help`, and every output format of
    /// show, list, validate and export, has a row: a new command cannot be forgotten.
    @Test func tableCoversEveryCommandAndFormat() throws {
        let commands = try Self.subcommands([])
        #expect(commands.count >= 19)
        for command in commands {
            #expect(Self.runs.contains { $0.args.first == command }, "no leak-scan row runs '\(command)'")
            for sub in try Self.subcommands([command]) {
                #expect(Self.runs.contains { Array($0.args.prefix(2)) == [command, sub] }, "no leak-scan row runs '\(command) \(sub)'")
            }
        }
        let exportFormats = try Self.listAfter("formats: ", in: CLI.run(["export", "x", "--format", "?"]).err)
        let formats = [
            "show": try Self.listAfter("(values: ", in: CLI.run(["show", "--help"]).out),
            "list": try Self.listAfter("(values: ", in: CLI.run(["list", "--help"]).out),
            "validate": ["human", "json", "github"],
            "export": exportFormats,
        ]
        #expect(exportFormats.count == 12)
        for (command, values) in formats {
            for format in values {
                let covered = Self.runs.contains { run in
                    let given = run.args.firstIndex(of: "--format").map { run.args[$0 + 1] } ?? values[0]
                    return run.args.first == command && given == format
                }
                #expect(covered, "no leak-scan row runs '\(command) --format \(format)'")
            }
        }
    }

    /// The canaries obey the rule the scan depends on.
    @Test func canariesFitTheRule() {
        for canary in Canary.all {
            #expect(!canary.text.contains("*"), "\(canary.id)")
            #expect(canary.text.suffix(4).allSatisfy { $0.isASCII }, "\(canary.id): masked tail must be 4 bytes")
            #expect(canary.text.utf8.count >= 16, "\(canary.id)")
            // No window a path, a field name or an English message could hold by chance:
            // each has a digit, a capital or a non-ASCII byte.
            let bytes = Array(canary.text.utf8)
            for start in 0...(bytes.count - NeedleIndex.width) {
                let window = bytes[start..<(start + NeedleIndex.width)]
                #expect(window.contains { $0 >= 0x80 || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) },
                        "\(canary.id): '\(String(decoding: window, as: UTF8.self))' is too ordinary")
            }
        }
        #expect(Set(Canary.all.map(\.id)).count == Canary.all.count)
    }

    // MARK: Running and checking one row

    func check(_ run: Run, _ fixture: Fixture) throws {
        let copy = try fixture.copy(run.dir, with: run.setup.joined().contains { $0.contains("../broken/") } ? ["broken"] : [])
        let root = copy.url.path
        let cwd = copy.file(run.dir)
        let fill = { (text: String) in fixture.substitute(text, root: root) }
        let env = run.env.mapValues(fill)
        for step in run.setup {
            let result = try Self.execute(step.map(fill), in: cwd, env: env, stdin: nil)
            guard result.status == 0 else {
                Issue.record("\(run): setup \(step) failed (\(result.status)): \(result.err)")
                return
            }
        }
        let result = try Self.execute(run.args.map(fill), in: cwd, env: env, stdin: run.stdin.map(fill))
        let out = [UInt8](result.stdout), err = [UInt8](result.stderr)
        #expect(!result.signaled, "\(run): killed by a signal")
        #expect(result.status == run.status, "\(run): exit \(result.status), expected \(run.status); stderr: \(result.err.prefix(400))")
        if let says = run.says {
            #expect((result.out + result.err).contains(says), "\(run): does not say '\(says)': \(result.out.prefix(300)) \(result.err.prefix(300))")
        }
        if let prefix = run.linePrefix {
            let stray = result.out.split(separator: "\n").map(String.init).filter { !$0.hasPrefix(prefix) && $0 != run.actionLine }
            #expect(stray.isEmpty, "\(run): stdout lines not starting with \(prefix): \(stray.count)")
        }

        var written: [UInt8] = []
        if let file = run.file {
            let path = fill(file)
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : cwd.appendingPathComponent(path)
            let exists = FileManager.default.fileExists(atPath: url.path)
            if run.status == 0 {
                #expect(exists, "\(run): \(file) not written")
                written = exists ? [UInt8](try Data(contentsOf: url)) : []
            } else {
                #expect(!exists, "\(run): \(file) written although the run failed")
            }
        }

        // stderr: nothing, ever.
        for hit in fixture.index.leaks(in: err, allowed: { _ in false }) {
            Issue.record("\(run): stderr leaks \(hit)")
        }
        // stdout and the written file: what the row reveals, nothing else.
        let revealed: Set<String>
        let plainAllowed: Bool
        switch run.reveal {
        case .nothing: (revealed, plainAllowed) = ([], false)
        case .plain: (revealed, plainAllowed) = ([], true)
        case .secrets(let list): (revealed, plainAllowed) = (Set(list.map(\.id)), true)
        }
        let allowed = { (needle: Needle) -> Bool in
            switch needle.kind {
            case .plain: plainAllowed
            case .secret: revealed.contains(needle.id)
            case .ciphertext, .identity: false
            }
        }
        for (name, bytes) in [("stdout", out), ("file", written)] {
            for hit in fixture.index.leaks(in: bytes, allowed: allowed) {
                Issue.record("\(run): \(name) leaks \(hit)")
            }
        }
        // A reveal output really reveals: otherwise the scan could pass on a broken harness.
        let found = fixture.index.ids(in: out).union(fixture.index.ids(in: written))
        for id in revealed where !found.contains(id) {
            Issue.record("\(run): expected to reveal \(id), but it is not in the output")
        }
    }

    /// Runs credfile (or git / sh for setup) with a controlled environment, as `CLI.run` does,
    /// and a time limit so a looping editor fails the row instead of hanging the suite.
    static func execute(_ args: [String], in dir: URL, env: [String: String], stdin: String?) throws -> Subprocess.Result {
        var environment = TestEnvironment.forCredfile(inherited: ProcessInfo.processInfo.environment, home: dir.path)
        for (k, v) in env { environment[k] = v }
        var program = CLI.binary, arguments = args
        if args.first == "git" || args.first == "sh" {
            program = args.first == "git" ? try PeerTool.require("git") : "/bin/sh"
            arguments = Array(args.dropFirst())
        }
        return try Subprocess.run(
            program, arguments, stdin: stdin.map { Data($0.utf8) }, environment: environment, replaceEnvironment: true,
            currentDirectory: dir, timeout: 60)
    }

    /// The subcommand names listed under SUBCOMMANDS: in `credfile [path] --help`.
    static func subcommands(_ path: [String]) throws -> [String] {
        let help = try CLI.run(path + ["--help"]).out
        guard let start = help.range(of: "SUBCOMMANDS:\n") else { return [] }
        return help[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    /// `a, b, c` after `marker`, up to `;`, `)` or the line end.
    static func listAfter(_ marker: String, in text: String) throws -> [String] {
        let start = try #require(text.range(of: marker), "'\(marker)' not in: \(text.prefix(300))")
        // Up to the end of the clause, or the error's " [usage]" code.
        let rest = text[start.upperBound...].prefix { $0 != ";" && $0 != ")" && $0 != "\n" && $0 != "[" }
        return rest.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

// MARK: - Needles

struct Needle: Sendable, CustomStringConvertible {
    enum Kind: Sendable { case secret, plain, ciphertext, identity }
    var id: String
    var kind: Kind
    var bytes: [UInt8]
    var description: String { "\(kind) \(id)" }
}

/// Every 8-byte window of every needle, packed into a UInt64, so an output is scanned in one pass.
struct NeedleIndex {
    static let width = 8
    private(set) var needles: [Needle] = []
    private var windows: [UInt64: [Int]] = [:]

    /// Adds `needle`'s windows, except those that are `excluding` (framing shared by every
    /// ciphertext) and those overlapping such a window: a window that is half framing and half
    /// random has only a few random characters, which a fresh ciphertext matches by chance
    /// (one in 64 for one character) — a flaky false leak.
    mutating func add(_ needle: Needle, excluding: Set<UInt64> = []) {
        guard needle.bytes.count >= Self.width else { return }
        needles.append(needle)
        let starts = 0...(needle.bytes.count - Self.width)
        var skipped = Set<Int>()
        for start in starts where excluding.contains(Self.pack(needle.bytes, start)) {
            skipped.formUnion((start - Self.width + 1)...(start + Self.width - 1))
        }
        var seen = Set<UInt64>()
        for start in starts where !skipped.contains(start) {
            let key = Self.pack(needle.bytes, start)
            if seen.insert(key).inserted { windows[key, default: []].append(needles.count - 1) }
        }
    }

    static func pack(_ bytes: [UInt8], _ start: Int) -> UInt64 {
        var key: UInt64 = 0
        for i in start..<(start + width) { key = key << 8 | UInt64(bytes[i]) }
        return key
    }

    /// Each (position, needles) where a window of some needle occurs.
    func hits(in bytes: [UInt8]) -> [(offset: Int, needles: [Int])] {
        guard bytes.count >= Self.width else { return [] }
        return (0...(bytes.count - Self.width)).compactMap { start in
            windows[Self.pack(bytes, start)].map { (start, $0) }
        }
    }

    /// The needles found where none of the needles sharing that window is allowed, once each,
    /// with the text around the first place. Canaries share a few windows (`CANARY-P`): a
    /// needle is named when some window is its alone, or when no needle has one.
    ///
    /// A ciphertext needle counts only with `ciphertextWindows` windows found: a leaked token
    /// or armor line brings dozens, while a fresh ciphertext (`export --format flux`) meets a
    /// fixture's by chance in one window where age's framing (`\n--- `, too short for a window
    /// of its own) sits beside a random character or two.
    func leaks(in bytes: [UInt8], allowed: (Needle) -> Bool) -> [String] {
        var bad = hits(in: bytes).filter { !$0.needles.contains(where: { allowed(needles[$0]) }) }
        var windowsFound: [Int: Int] = [:]
        for hit in bad { for index in hit.needles { windowsFound[index, default: 0] += 1 } }
        bad = bad.compactMap { hit in
            let kept = hit.needles.filter { needles[$0].kind != .ciphertext || windowsFound[$0, default: 0] >= Self.ciphertextWindows }
            return kept.isEmpty ? nil : (hit.offset, kept)
        }
        let own = Set(bad.filter { $0.needles.count == 1 }.map { $0.needles[0] })
        var reported = Set<Int>()
        var result: [String] = []
        for hit in bad {
            for index in hit.needles where (own.isEmpty || own.contains(index)) && reported.insert(index).inserted {
                let context = bytes[max(0, hit.offset - 40)..<min(bytes.count, hit.offset + 48)]
                result.append("\(needles[index]) near «\(String(decoding: context, as: UTF8.self))»")
            }
        }
        return result
    }

    static let ciphertextWindows = 4

    /// The ids of the needles with at least one window in `bytes`.
    func ids(in bytes: [UInt8]) -> Set<String> {
        Set(hits(in: bytes).flatMap { $0.needles.map { needles[$0].id } })
    }
}

// MARK: - The fixture

/// Four directories, built once and copied for every row so each run sees them untouched:
/// `repo` (valid credentials holding the canaries, a git repository), `broken` (the same kinds
/// of credential invalid, tampered and malformed), `badschema` (a schema with a sensitive default
/// and one that does not parse), `empty`; identities and editor scripts at the top.
final class Fixture {
    typealias Canary = LeakScanTests.Canary
    let root: TemporaryDirectory
    let recipient: String
    let otherRecipient: String
    let secretKey: String
    private(set) var index = NeedleIndex()

    init() throws {
        root = try TemporaryDirectory("credfile-leak")
        recipient = try Self.keygen(root.file("identity.txt"))
        otherRecipient = try Self.keygen(root.file("other-identity.txt"))
        secretKey = try String(contentsOf: root.file("identity.txt"), encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("AGE-SECRET-KEY-") }.map(String.init) ?? ""
        try root.write("garbage-identity.txt", "AGE-SECRET-KEY-1" + Canary.garbageKey.text + "\n")
        try writeEditors()
        try buildRepo()
        try buildBroken()
        try buildBadSchema()
        try buildLegacy()
        try FileManager.default.createDirectory(at: root.file("empty"), withIntermediateDirectories: true)
        try buildIndex()
    }

    /// A fresh copy of the top-level files (identities, editors), `dir` and `extra` directories.
    func copy(_ dir: String, with extra: [String]) throws -> TemporaryDirectory {
        let copy = try TemporaryDirectory("credfile-leak-run")
        for item in try FileManager.default.contentsOfDirectory(atPath: root.url.path) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root.file(item).path, isDirectory: &isDirectory)
            guard !isDirectory.boolValue || item == dir || extra.contains(item) else { continue }
            try FileManager.default.copyItem(at: root.file(item), to: copy.file(item))
        }
        return copy
    }

    func substitute(_ text: String, root: String) -> String {
        text.replacingOccurrences(of: "$DIR", with: root)
            .replacingOccurrences(of: "$CREDFILE", with: CLI.binary)
            .replacingOccurrences(of: "$OTHER_RECIPIENT", with: otherRecipient)
            .replacingOccurrences(of: "$RECIPIENT", with: recipient)
            .replacingOccurrences(of: "$SECRET_KEY", with: secretKey)
    }

    // MARK: Building

    static func keygen(_ file: URL) throws -> String {
        let result = try CLI.run(["keygen", "-o", file.path])
        guard result.status == 0 else { throw Workspace.Failure("keygen: \(result.err)") }
        return result.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func credfile(_ args: [String], in dir: String, stdin: String? = nil) throws -> Subprocess.Result {
        let result = try CLI.run(
            args, in: root.file(dir), environment: ["SOPS_AGE_KEY_FILE": root.file("identity.txt").path],
            stdin: stdin.map { Data($0.utf8) })
        guard result.status == 0 else { throw Workspace.Failure("\(args.joined(separator: " ")): \(result.err)") }
        return result
    }

    func git(_ args: [String]) throws {
        let result = try Subprocess.run(try PeerTool.require("git"), args, currentDirectory: root.file("repo"))
        guard result.status == 0 else { throw Workspace.Failure("git \(args): \(result.err)") }
    }

    func read(_ path: String) throws -> String { try String(contentsOf: root.file(path), encoding: .utf8) }

    /// Scripts get the scratch file as `$1`; `rounds` counts the calls.
    func writeEditors() throws {
        let prelude = "#!/bin/sh\nd=$(dirname \"$0\"); n=$(cat \"$d/rounds\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$d/rounds\"\n"
        let scripts = [
            "editor-noop.sh": "exit 0",
            "editor-secret.sh": "sed -i 's/^password: .*/password: \(Canary.newSecret.text)/' \"$1\"",
            "editor-invalid-fix.sh": """
                if [ $n = 1 ]; then sed -i 's/^port: .*/port: \(Canary.badPort.text)/; s/^host: .*/host: \(Canary.badHost.text)/' "$1"
                else sed -i 's/^port: .*/port: 2525/; s/^host: .*/host: smtp.example.net/' "$1"; fi
                """,
            "editor-invalid-fail.sh": """
                if [ $n = 1 ]; then sed -i 's/^port: .*/port: \(Canary.badPort.text)/' "$1"; else exit 1; fi
                """,
            "editor-break-restore.sh": """
                if [ $n = 1 ]; then cp "$1" "$d/original"; printf 'password: \(Canary.dupFirst.text)\\n' >> "$1"
                else cp "$d/original" "$1"; fi
                """,
        ]
        for (name, body) in scripts { try root.write(name, prelude + body + "\n", mode: 0o700) }
    }

    func buildRepo() throws {
        try FileManager.default.createDirectory(at: root.file("repo"), withIntermediateDirectories: true)
        try credfile(["init", "--age", recipient], in: "repo")
        try credfile(
            ["new", "smtp-prod", "--type", "smtp", "--description", "Invoice mail", "host=smtp.example.com", "port=587",
             "username=\(Canary.username.text)", "password=\(Canary.smtpPassword.text)"], in: "repo")
        try credfile(
            ["new", "api-pem", "--type", "generic", "--description", "Partner API", "url=https://api.example.com",
             "username=svc-partner", "password=\(Canary.apiPassword.text)", "--stdin", "token"],
            in: "repo", stdin: Canary.apiToken.text + "\n")
        try credfile(
            ["new", "graph-inbox", "--type", "msgraph", "--description", "Inbox reader",
             "tenant_id=0b5f5a2e-3c1d-4e8a-9b7c-1d2e3f4a5b6c", "client_id=7c9e6679-7425-40de-944b-e07fc1f90ae7",
             "client_secret=\(Canary.graphSecret.text)", "secret_expires=2099-06-30"], in: "repo")
        try root.write("repo/plain/new-smtp.yaml", Self.smtp("new-smtp", password: Canary.encryptMe.text))
        try root.write(
            "repo/plain/dup.yaml", Self.smtp("dup", password: Canary.dupFirst.text) + "password: \(Canary.dupSecond.text)\n")
        try root.write("secret.txt", Canary.newSecret.text)
        try git(["init", "-q"])
        // Fewer files to copy for every row.
        for sample in try FileManager.default.contentsOfDirectory(atPath: root.file("repo/.git/hooks").path) {
            try FileManager.default.removeItem(at: root.file("repo/.git/hooks/\(sample)"))
        }
        try git(["config", "user.email", "leak@example.com"])
        try git(["config", "user.name", "leak"])
        try git(["add", "-A"])
        try git(["commit", "-qm", "fixture"])
    }

    static func smtp(_ name: String, password: String, host: String = "h.example.com") -> String {
        "name: \(name)\ntype: smtp\ndescription: d\nhost: \(host)\nusername: u\npassword: \(password)\n"
    }

    func buildBroken() throws {
        try FileManager.default.createDirectory(at: root.file("broken"), withIntermediateDirectories: true)
        try credfile(["init", "--age", recipient], in: "broken")
        func encrypted(_ name: String, _ text: String) throws -> String {
            try root.write("broken/credentials/\(name).yaml", text)
            try credfile(["encrypt", "credentials/\(name).yaml"], in: "broken")
            return try read("broken/credentials/\(name).yaml")
        }
        _ = try encrypted("smtp-invalid", """
            name: smtp-invalid
            type: smtp
            description: Broken on purpose
            host: \(Canary.badHost.text)
            port: 99999
            tls: \(Canary.badBool.text)
            password: \(Canary.invalidPassword.text)
            colour: \(Canary.unknownValue.text)

            """)
        let mac = try encrypted("smtp-mac", Self.smtp("smtp-mac", password: Canary.macSecret.text))
        try root.write("broken/credentials/smtp-mac.yaml", mac.replacingOccurrences(of: "host: h.example.com", with: "host: evil.example.com"))
        let flip = try encrypted("smtp-flip", Self.smtp("smtp-flip", password: Canary.flipSecret.text))
        let marker = try #require(flip.range(of: "password: ENC[AES256_GCM,data:"))
        let replaced = flip[marker.upperBound] == "A" ? "B" : "A"
        try root.write("broken/credentials/smtp-flip.yaml", flip.replacingCharacters(in: marker.upperBound...marker.upperBound, with: replaced))
        let conflict = try encrypted("conflict", Self.smtp("conflict", password: Canary.conflictSecret.text))
        let line = try #require(conflict.split(separator: "\n").first { $0.hasPrefix("password:") })
        try root.write(
            "broken/credentials/conflict.yaml",
            conflict.replacingOccurrences(of: String(line), with: "<<<<<<< ours\n\(line)\n=======\n\(line)\n>>>>>>> theirs"))
        try root.write("broken/credentials/plain-secret.yaml", Self.smtp("plain-secret", password: Canary.plaintext.text))
        try root.write(
            "broken/credentials/dup-keys.yaml",
            Self.smtp("dup-keys", password: Canary.dupFirst.text) + "password: \(Canary.dupSecond.text)\n")
        let truncated = Self.smtp("truncated", password: "\"\(Canary.truncated.text)")
        try root.write("broken/credentials/truncated.yaml", String(truncated.dropLast()))
        try Data(Array(Self.smtp("bad-utf8", password: Canary.badUTF8.text).dropLast().utf8) + [0xC3, 0x28, 0x0A])
            .write(to: root.file("broken/credentials/bad-utf8.yaml"))
    }

    /// Credentials whose rule encrypts every value (as sops's default rule does), one valid
    /// and one with a host that is not a host name (visible only after decryption).
    func buildLegacy() throws {
        try FileManager.default.createDirectory(at: root.file("legacy"), withIntermediateDirectories: true)
        try credfile(["init", "--age", recipient], in: "legacy")
        for (name, host) in [("legacy-ok", "smtp.example.com"), ("legacy-bad", Canary.legacyHost.text)] {
            try root.write("legacy/credentials/\(name).yaml", Self.smtp(name, password: Canary.legacySecret.text, host: host) + "port: 587\n")
            try credfile(["encrypt", "--age", recipient, "--encrypted-regex", ".", "credentials/\(name).yaml"], in: "legacy")
        }
    }

    func buildBadSchema() throws {
        try FileManager.default.createDirectory(at: root.file("badschema"), withIntermediateDirectories: true)
        try credfile(["init", "--age", recipient], in: "badschema")
        try root.write("badschema/schemas/smtp.yaml", """
            type: smtp
            fields:
              host:     { type: hostname, required: true }
              username: { type: string }
              password: { type: string, sensitive: true, default: \(Canary.schemaDefault.text) }

            """)
        try root.write("badschema/schemas/generic.yaml", """
            type: generic
            fields:
              token: { type: string, sensitive: true, description: \(Canary.schemaDefault.text) }
              token: { type: string, sensitive: true }

            """)
        for name in ["smtp-prod", "api-pem"] {
            try FileManager.default.copyItem(
                at: root.file("repo/credentials/\(name).yaml"), to: root.file("badschema/credentials/\(name).yaml"))
        }
    }

    /// The canaries, their base64, the identities, and every ciphertext in the fixture files.
    func buildIndex() throws {
        for canary in Canary.all {
            let kind: Needle.Kind = canary.secret ? .secret : .plain
            index.add(Needle(id: canary.id, kind: kind, bytes: Array(canary.text.utf8)))
            index.add(Needle(id: canary.id, kind: kind, bytes: Array(Data(canary.text.utf8).base64EncodedString().utf8)))
        }
        for file in ["identity.txt", "other-identity.txt"] {
            // Without the `AGE-SECRET-KEY-1` every key starts with (keygen prints a new one).
            for line in try read(file).split(separator: "\n") where line.hasPrefix("AGE-SECRET-KEY-1") {
                index.add(Needle(id: file, kind: .identity, bytes: Array(line.dropFirst(16).utf8)))
            }
        }
        var pieces: [(id: String, text: String)] = []
        for dir in ["repo/credentials", "broken/credentials", "badschema/credentials", "legacy/credentials"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: root.file(dir).path).sorted() {
                let text = String(decoding: try Data(contentsOf: root.file("\(dir)/\(name)")), as: UTF8.self)
                for (n, piece) in Self.ciphertexts(text).enumerated() { pieces.append(("\(dir)/\(name)#\(n)", piece)) }
            }
        }
        let framing = Self.framing(Set(pieces.map(\.text)))
        for piece in pieces {
            index.add(Needle(id: piece.id, kind: .ciphertext, bytes: Array(piece.text.utf8)), excluding: framing)
        }
    }

    /// The windows two different ciphertexts share. Random bytes share no 8-byte window, so
    /// these are age's framing, encoded at the same offset in every armored key with one X25519
    /// stanza (`age-encryption.org/v1\n-> X25519 `, the `\n--- ` before the header MAC); a file
    /// freshly encrypted by the run (`export --format flux`) holds them too.
    static func framing(_ distinct: Set<String>) -> Set<UInt64> {
        var seen: [UInt64: Int] = [:]
        for text in distinct {
            let bytes = Array(text.utf8)
            guard bytes.count >= NeedleIndex.width else { continue }
            for key in Set((0...(bytes.count - NeedleIndex.width)).map { NeedleIndex.pack(bytes, $0) }) { seen[key, default: 0] += 1 }
        }
        return Set(seen.filter { $0.value > 1 }.keys)
    }

    /// The base64 of every `ENC[…]` token's data, iv and tag, and every line of a wrapped data key.
    static func ciphertexts(_ text: String) -> [String] {
        var result: [String] = []
        var armored = false
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix("-----BEGIN AGE ENCRYPTED FILE-----") { armored = true; continue }
            if trimmed.hasSuffix("-----END AGE ENCRYPTED FILE-----") { armored = false; continue }
            if armored { result.append(trimmed); continue }
            guard let start = line.range(of: "ENC[") else { continue }
            for part in line[start.upperBound...].split(separator: ",") {
                for prefix in ["data:", "iv:", "tag:"] where part.hasPrefix(prefix) {
                    result.append(String(part.dropFirst(prefix.count)))
                }
            }
        }
        return result.filter { $0.count >= 12 }
    }
}
