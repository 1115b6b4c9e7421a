import CredfileTestSupport
import Foundation
import Testing

/// credfile and the real sops 3.11 on AWS KMS keys, both directions, against a real local KMS
/// (moto, IAM authentication on): issue 14's interop matrix, driving the credfile binary.
@Suite(.enabled(if: PeerTool.runnable("moto_server") && PeerTool.runnable("sops")), .localKMS)
struct KMSInteropTests {
    static let plain = """
        name: smtp-prod
        type: smtp
        description: Outgoing mail
        host: smtp.example.com
        port: 587
        username: mailer
        password: app-password-1234
        tls: true

        """

    /// A repository with the age test identity and the local KMS's credentials at hand.
    struct Repo {
        let dir: TemporaryDirectory
        let kms: LocalKMS
        let identity: URL
        let recipient: String

        init() throws {
            kms = try LocalKMS.require()
            dir = try TemporaryDirectory("credfile-kms")
            identity = dir.file("test-identity.txt")
            let keygen = try CLI.run(["keygen", "-o", identity.path], in: dir.url)
            try #require(keygen.status == 0, "keygen: \(keygen.err)")
            recipient = keygen.out.trimmingCharacters(in: .whitespacesAndNewlines)
            try FileManager.default.createDirectory(at: dir.file("credentials"), withIntermediateDirectories: true)
        }

        /// The environment: AWS keys (`aws`), the age identity (`age`), both or neither.
        func environment(aws: Bool, age: Bool, endpoint: String? = nil) -> [String: String] {
            var env: [String: String] = ["HOME": dir.url.path, "AWS_EC2_METADATA_DISABLED": "true"]
            if aws {
                env["AWS_ENDPOINT_URL"] = endpoint ?? kms.endpoint
                env["AWS_ACCESS_KEY_ID"] = kms.accessKeyID
                env["AWS_SECRET_ACCESS_KEY"] = kms.secretAccessKey
            }
            if age { env["SOPS_AGE_KEY_FILE"] = identity.path }
            return env
        }

        func credfile(_ args: [String], aws: Bool = true, age: Bool = false, endpoint: String? = nil) throws -> Subprocess.Result {
            try CLI.run(args, in: dir.url, environment: environment(aws: aws, age: age, endpoint: endpoint), timeout: 120)
        }

        func sops(_ args: [String], aws: Bool = true, age: Bool = false) throws -> Subprocess.Result {
            var env = environment(aws: aws, age: age)
            env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            return try Subprocess.run(
                try PeerTool.require("sops"), args, environment: env, replaceEnvironment: true, currentDirectory: dir.url,
                timeout: 120)
        }

        func write(_ name: String, _ text: String) throws { _ = try dir.write(name, text) }
        func read(_ name: String) throws -> String { try String(contentsOf: dir.file(name), encoding: .utf8) }
    }

    @Test func aFileSopsEncryptedToKMSOpensInCredfile() throws {
        let repo = try Repo()
        try repo.write("plain.yaml", Self.plain)
        let sops = try repo.sops([
            "encrypt", "--kms", repo.kms.keyARN, "--encryption-context", "app:credfile", "--encrypted-regex", "^(password)$",
            "plain.yaml",
        ])
        try #require(sops.status == 0, "sops encrypt: \(sops.err)")
        try repo.write("credentials/smtp-prod.yaml", sops.out)
        let decrypted = try repo.credfile(["decrypt", "credentials/smtp-prod.yaml", "--extract", "password"])
        #expect(decrypted.status == 0, "\(decrypted.err)")
        #expect(decrypted.out == "app-password-1234")
        let validate = try repo.credfile(["validate", "--decrypt"])
        #expect(validate.status == 0, "\(validate.out)\(validate.err)")
    }

    @Test func aFileCredfileEncryptedToKMSOpensInSops() throws {
        let repo = try Repo()
        try repo.write("credentials/smtp-prod.yaml", Self.plain)
        let encrypt = try repo.credfile(["encrypt", "--kms", "\(repo.kms.keyARN)+\(repo.kms.roleARN)", "credentials/smtp-prod.yaml"])
        try #require(encrypt.status == 0, "credfile encrypt: \(encrypt.err)")
        let text = try repo.read("credentials/smtp-prod.yaml")
        #expect(text.contains("    kms:\n        - arn: \(repo.kms.keyARN)\n          role: \(repo.kms.roleARN)\n"))
        #expect(!text.contains("app-password-1234"))
        let sops = try repo.sops(["decrypt", "--extract", #"["password"]"#, "credentials/smtp-prod.yaml"])
        #expect(sops.status == 0, "sops decrypt: \(sops.err)")
        #expect(sops.out == "app-password-1234")
    }

    /// Age first: with the age key at hand nothing asks the network (the endpoint is a closed
    /// port), and with only AWS credentials the KMS key opens it.
    @Test func aFileWithAgeAndKMSOpensWithEither() throws {
        let repo = try Repo()
        try repo.write("credentials/smtp-prod.yaml", Self.plain)
        let encrypt = try repo.credfile(["encrypt", "--kms", repo.kms.keyARN, "--age", repo.recipient, "credentials/smtp-prod.yaml"])
        try #require(encrypt.status == 0, "credfile encrypt: \(encrypt.err)")
        let withAge = try repo.credfile(["get", "smtp-prod", "password"], aws: true, age: true, endpoint: "http://127.0.0.1:9")
        #expect(withAge.status == 0, "\(withAge.err)")
        #expect(withAge.out == "app-password-1234\n")
        let withKMS = try repo.credfile(["get", "smtp-prod", "password"], aws: true, age: false)
        #expect(withKMS.status == 0, "\(withKMS.err)")
        #expect(withKMS.out == "app-password-1234\n")
        for (aws, age) in [(true, false), (false, true)] {
            let sops = try repo.sops(["decrypt", "--extract", #"["password"]"#, "credentials/smtp-prod.yaml"], aws: aws, age: age)
            #expect(sops.status == 0, "sops decrypt (aws \(aws), age \(age)): \(sops.err)")
        }
    }

    /// `recipients add --kms` on an age-only repository, then sops decrypts with only the KMS
    /// credentials; `.sops.yaml` gains the key so `new` encrypts to it too.
    @Test func recipientsAddKMSThenSopsDecryptsWithKMSOnly() throws {
        let repo = try Repo()
        let initialise = try repo.credfile(["init", "--here", "--age", repo.recipient])
        try #require(initialise.status == 0, "init: \(initialise.err)")
        try repo.write("credentials/smtp-prod.yaml", Self.plain)
        let encrypt = try repo.credfile(["encrypt", "credentials/smtp-prod.yaml"], aws: false)
        try #require(encrypt.status == 0, "encrypt: \(encrypt.err)")
        let add = try repo.credfile(["recipients", "add", "--kms", repo.kms.keyARN], aws: true, age: true)
        #expect(add.status == 0, "\(add.err)")
        #expect(try repo.read(".sops.yaml").contains(repo.kms.keyARN))
        let sops = try repo.sops(["decrypt", "--extract", #"["password"]"#, "credentials/smtp-prod.yaml"], aws: true, age: false)
        #expect(sops.status == 0, "sops decrypt: \(sops.err)")
        #expect(sops.out == "app-password-1234")
        let created = try repo.credfile(
            ["new", "relay", "--type", "smtp", "--description", "Relay", "host=relay.example.com"], aws: true, age: false)
        #expect(created.status == 0, "\(created.err)")
        #expect(try repo.read("credentials/relay.yaml").contains("- arn: \(repo.kms.keyARN)"))
        let rotate = try repo.credfile(["rotate", "smtp-prod"], aws: true, age: false)
        #expect(rotate.status == 0, "\(rotate.err)")
        let after = try repo.sops(["decrypt", "--extract", #"["password"]"#, "credentials/smtp-prod.yaml"], aws: false, age: true)
        #expect(after.status == 0 && after.out == "app-password-1234", "sops decrypt after rotate: \(after.err)")
        let remove = try repo.credfile(["recipients", "rm", repo.kms.keyARN], aws: true, age: true)
        #expect(remove.status == 0, "\(remove.err)")
        #expect(!(try repo.read("credentials/smtp-prod.yaml")).contains("kms:"))
    }

    /// Failures name the key, never a value or a credential, with sops's exit codes: 128 when
    /// no master key opens the file, 1 when a key cannot be wrapped for.
    @Test func failuresNameTheKeyWithSopsExitCodes() throws {
        let repo = try Repo()
        try repo.write("credentials/smtp-prod.yaml", Self.plain)
        let encrypt = try repo.credfile(["encrypt", "--kms", repo.kms.keyARN, "credentials/smtp-prod.yaml"])
        try #require(encrypt.status == 0, "credfile encrypt: \(encrypt.err)")
        var env = repo.environment(aws: true, age: false)
        env["AWS_SECRET_ACCESS_KEY"] = "wrong-secret-access-key"
        let wrong = try CLI.run(["get", "smtp-prod", "password"], in: repo.dir.url, environment: env, timeout: 120)
        let unreachable = try repo.credfile(["get", "smtp-prod", "password"], endpoint: "http://127.0.0.1:9")
        for (result, status) in [(wrong, Int32(128)), (unreachable, 128)] {
            #expect(result.status == status, "\(result.err)")
            #expect(result.err.contains(repo.kms.keyARN))
            #expect(result.err.contains("keys.no-identity"))
        }
        try repo.write("plain.yaml", Self.plain)
        let disabledEncrypt = try repo.credfile(
            ["encrypt", "--kms", repo.kms.disabledKeyARN, "plain.yaml"], endpoint: repo.kms.disabledEndpoint)
        #expect(disabledEncrypt.status == 1, "\(disabledEncrypt.err)")
        #expect(disabledEncrypt.err.contains("keys.service-failed"))
        #expect(disabledEncrypt.err.contains(repo.kms.disabledKeyARN))
        #expect(try repo.read("plain.yaml") == Self.plain, "a failed encrypt must leave the file as it was")
        for result in [wrong, unreachable, disabledEncrypt] {
            #expect(!result.err.contains("app-password-1234") && !result.err.contains("wrong-secret-access-key"))
            #expect(!result.err.contains(repo.kms.secretAccessKey))
        }
    }

    /// `export --format flux --kms`: the Secret reaches a cluster whose controller holds only
    /// KMS access; sops opens it with the KMS credentials alone.
    @Test func fluxSecretForAKMSKeyOpensInSops() throws {
        let repo = try Repo()
        try repo.write("credentials/smtp-prod.yaml", Self.plain)
        let encrypt = try repo.credfile(["encrypt", "--age", repo.recipient, "credentials/smtp-prod.yaml"], aws: false)
        try #require(encrypt.status == 0, "encrypt: \(encrypt.err)")
        let flux = try repo.credfile(
            ["export", "smtp-prod", "--format", "flux", "--kms", repo.kms.keyARN, "-o", "smtp.sops.yaml"], aws: true, age: true)
        try #require(flux.status == 0, "export flux: \(flux.err)")
        let text = try repo.read("smtp.sops.yaml")
        #expect(text.contains("- arn: \(repo.kms.keyARN)") && !text.contains("    age:"))
        let sops = try repo.sops(["decrypt", "smtp.sops.yaml"], aws: true, age: false)
        #expect(sops.status == 0, "sops decrypt: \(sops.err)")
        #expect(sops.out.contains("kind: Secret"))
        #expect(sops.out.contains(Data("app-password-1234".utf8).base64EncodedString()))
    }

    /// Key-less validate checks a KMS entry's shape: a mangled ARN or an empty `enc`.
    @Test func keylessValidateChecksKMSEntries() throws {
        let repo = try Repo()
        try repo.write("credentials/smtp-prod.yaml", Self.plain)
        let encrypt = try repo.credfile(["encrypt", "--kms", repo.kms.keyARN, "credentials/smtp-prod.yaml"])
        try #require(encrypt.status == 0, "credfile encrypt: \(encrypt.err)")
        #expect(try repo.credfile(["validate"], aws: false).status == 0)
        let text = try repo.read("credentials/smtp-prod.yaml")
        try repo.write("credentials/smtp-prod.yaml", text.replacingOccurrences(of: ":kms:", with: ":kns:"))
        let validate = try repo.credfile(["validate"], aws: false)
        #expect(validate.status == 1)
        #expect((validate.out + validate.err).contains("'sops.kms' entry 1: 'arn' is not an AWS KMS key ARN"), "\(validate.err)")
    }
}
