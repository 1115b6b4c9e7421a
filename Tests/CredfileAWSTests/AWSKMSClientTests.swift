import CredfileAWS
import CredfileTestSupport
import Foundation
import Testing

/// AWSKMSClient against moto's server with IAM authentication on: every call below is checked
/// for a known access key and a valid SigV4 signature (moto recomputes it with botocore), so
/// a signing mistake fails every test here.
///
/// What moto cannot simulate: disabled keys (it keeps using them; see disabledKeyIsKeyDisabled),
/// real KMS ciphertext formats (moto's blobs are its own), key policies and grants,
/// throttling, or network partitions; the accessDenied case below comes
/// from IAM policies (a role without kms:*), which moto does evaluate.
@Suite(.enabled(if: PeerTool.runnable("moto_server")), .localKMS)
struct AWSKMSClientTests {
    let home: TemporaryDirectory

    init() throws { home = try TemporaryDirectory("credfile-aws-home") }

    private func dataKey() -> [UInt8] { (0..<32).map { UInt8(($0 * 7 + 3) & 0xFF) } }

    @Test func encryptThenDecryptRoundTrips() throws {
        let kms = try LocalKMS.require()
        let client = AWSKMSClient(environment: kms.environment(home: home.url))
        let key = KMSKeyReference(arn: kms.keyARN, context: ["app": "credfile"])
        let enc = try client.encrypt(dataKey(), key: key)
        #expect(Data(base64Encoded: enc) != nil)
        #expect(try client.decrypt(enc, key: key) == dataKey())
    }

    @Test func decryptsWhatBoto3Encrypted() throws {
        let kms = try LocalKMS.require()
        let client = AWSKMSClient(environment: kms.environment(home: home.url))
        let key = KMSKeyReference(arn: kms.keyARN, context: ["app": "credfile", "env": "test"])
        #expect(try client.decrypt(kms.contextBlob, key: key) == kms.plaintext)
    }

    @Test func aliasARNEncrypts() throws {
        let kms = try LocalKMS.require()
        let client = AWSKMSClient(environment: kms.environment(home: home.url))
        let enc = try client.encrypt(dataKey(), key: KMSKeyReference(arn: kms.aliasARN))
        #expect(try client.decrypt(enc, key: KMSKeyReference(arn: kms.keyARN)) == dataKey())
    }

    @Test func encryptionContextMismatchIsInvalidCiphertext() throws {
        let kms = try LocalKMS.require()
        let client = AWSKMSClient(environment: kms.environment(home: home.url))
        for context in [["app": "credfile"], [:], ["app": "credfile", "env": "prod"]] {
            let error = #expect(throws: AWSError.self) {
                try client.decrypt(kms.contextBlob, key: KMSKeyReference(arn: kms.keyARN, context: context))
            }
            #expect(error?.kind == .invalidCiphertext)
            #expect(error?.message.contains(kms.keyARN) == true)
            #expect(error?.message.contains(kms.contextBlob) == false)
        }
    }

    @Test func disabledKeyIsKeyDisabled() throws {
        // moto 5.2 disables the key but still encrypts and decrypts with it (kms/models.py never
        // reads key_state there), so KMS's own answer for a disabled key comes from the small
        // server next to moto.
        let kms = try LocalKMS.require()
        let client = AWSKMSClient(environment: kms.environment(home: home.url, ["AWS_ENDPOINT_URL_KMS": kms.disabledEndpoint]))
        let key = KMSKeyReference(arn: kms.disabledKeyARN)
        for attempt in [{ _ = try client.encrypt(dataKey(), key: key) }, { _ = try client.decrypt(kms.disabledBlob, key: key) }] {
            let error = #expect(throws: AWSError.self) { try attempt() }
            #expect(error?.kind == .keyDisabled)
            #expect(error?.message.contains(kms.disabledKeyARN) == true)
        }
    }

    @Test func missingKeyIsKeyNotFound() throws {
        let kms = try LocalKMS.require()
        let client = AWSKMSClient(environment: kms.environment(home: home.url))
        let arn = kms.keyARN.split(separator: "/")[0] + "/00000000-0000-0000-0000-000000000000"
        let error = #expect(throws: AWSError.self) { try client.encrypt(dataKey(), key: KMSKeyReference(arn: String(arn))) }
        #expect(error?.kind == .keyNotFound)
    }

    @Test func unknownAccessKeyAndWrongSecretAreCredentialErrors() throws {
        let kms = try LocalKMS.require()
        let key = KMSKeyReference(arn: kms.keyARN)
        for (id, secret) in [("AKIAUNKNOWNUNKNOWN00", kms.secretAccessKey), (kms.accessKeyID, "wrong-secret")] {
            let client = AWSKMSClient(environment: kms.environment(home: home.url, ["AWS_ACCESS_KEY_ID": id, "AWS_SECRET_ACCESS_KEY": secret]))
            let error = #expect(throws: AWSError.self) { try client.encrypt(dataKey(), key: key) }
            #expect(error?.kind == .credentials)
            #expect(error?.message.contains(secret) == false)
        }
    }

    @Test func noCredentialsAnywhereIsACredentialError() throws {
        let kms = try LocalKMS.require()
        let client = AWSKMSClient(environment: ["AWS_ENDPOINT_URL": kms.endpoint, "HOME": home.url.path])
        let error = #expect(throws: AWSError.self) { try client.encrypt(dataKey(), key: KMSKeyReference(arn: kms.keyARN)) }
        #expect(error?.kind == .credentials)
    }

    @Test func closedPortIsUnreachableQuickly() throws {
        let kms = try LocalKMS.require()
        let client = AWSKMSClient(environment: kms.environment(home: home.url, ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"]), timeoutSeconds: 10)
        let start = Date()
        let error = #expect(throws: AWSError.self) { try client.encrypt(dataKey(), key: KMSKeyReference(arn: kms.keyARN)) }
        #expect(error?.kind == .unreachable)
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func regionComesFromTheARNNotAWSRegion() throws {
        // moto keeps keys per region and takes the region from the signature's scope: the call
        // finds the key only if it is signed for the ARN's region.
        let kms = try LocalKMS.require()
        let client = AWSKMSClient(environment: kms.environment(home: home.url, ["AWS_REGION": "ap-south-1", "AWS_DEFAULT_REGION": "ap-south-1"]))
        let key = KMSKeyReference(arn: kms.keyARN)
        #expect(try client.decrypt(try client.encrypt(dataKey(), key: key), key: key) == dataKey())
    }

    @Test func serviceEndpointWinsOverTheGlobalOne() throws {
        let kms = try LocalKMS.require()
        let env = kms.environment(home: home.url, ["AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ENDPOINT_URL_KMS": kms.endpoint])
        let key = KMSKeyReference(arn: kms.keyARN)
        #expect(try AWSKMSClient(environment: env).encrypt(dataKey(), key: key).isEmpty == false)
    }

    @Test func roleIsAssumedThroughSTS() throws {
        let kms = try LocalKMS.require()
        // STS and KMS on their own endpoint variables; the global one is a closed port.
        let env = kms.environment(
            home: home.url, ["AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ENDPOINT_URL_STS": kms.endpoint, "AWS_ENDPOINT_URL_KMS": kms.endpoint])
        let client = AWSKMSClient(environment: env)
        let key = KMSKeyReference(arn: kms.keyARN, role: kms.roleARN, context: ["app": "credfile"])
        #expect(try client.decrypt(try client.encrypt(dataKey(), key: key), key: key) == dataKey())
        // The role's own permissions apply: this user may use the key, the role may not.
        let denied = KMSKeyReference(arn: kms.keyARN, role: kms.roleWithoutKMSARN)
        let error = #expect(throws: AWSError.self) { try client.encrypt(dataKey(), key: denied) }
        #expect(error?.kind == .accessDenied)
        // And the STS endpoint is really used: with only the closed port for STS, it fails there.
        let unreachable = AWSKMSClient(environment: kms.environment(home: home.url, ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:1"]))
        let stsError = #expect(throws: AWSError.self) { try unreachable.encrypt(dataKey(), key: key) }
        #expect(stsError?.kind == .unreachable)
        #expect(stsError?.message.contains("STS AssumeRole of \(kms.roleARN)") == true)
    }

    @Test func awsProfileFromSharedCredentialsWinsOverEnvironmentKeys() throws {
        let kms = try LocalKMS.require()
        try home.write(".aws/credentials", "[credfile]\naws_access_key_id = \(kms.accessKeyID)\naws_secret_access_key = \(kms.secretAccessKey)\n")
        // Wrong keys in the environment: sops's aws_profile is set programmatically and wins.
        let env = kms.environment(home: home.url, ["AWS_ACCESS_KEY_ID": "AKIAWRONGWRONGWRONG0", "AWS_SECRET_ACCESS_KEY": "wrong"])
        let key = KMSKeyReference(arn: kms.keyARN, profile: "credfile")
        #expect(try AWSKMSClient(environment: env).decrypt(try AWSKMSClient(environment: env).encrypt(dataKey(), key: key), key: key) == dataKey())
        // Without aws_profile the environment's (wrong) keys are used.
        let error = #expect(throws: AWSError.self) { try AWSKMSClient(environment: env).encrypt(dataKey(), key: KMSKeyReference(arn: kms.keyARN)) }
        #expect(error?.kind == .credentials)
    }

    @Test func awsProfileVariableAndConfigFileRoleProfile() throws {
        let kms = try LocalKMS.require()
        try home.write(".aws/credentials", "[base]\naws_access_key_id = \(kms.accessKeyID)\naws_secret_access_key = \(kms.secretAccessKey)\n")
        try home.write(".aws/config", "[profile denied]\nrole_arn = \(kms.roleWithoutKMSARN)\nsource_profile = base\n[profile base]\nregion = \(kms.region)\n")
        var env = ["AWS_ENDPOINT_URL": kms.endpoint, "HOME": home.url.path, "AWS_PROFILE": "base"]
        let key = KMSKeyReference(arn: kms.keyARN)
        #expect(try AWSKMSClient(environment: env).encrypt(dataKey(), key: key).isEmpty == false)
        env["AWS_PROFILE"] = "denied"  // assumes the role without kms:* through STS
        let error = #expect(throws: AWSError.self) { try AWSKMSClient(environment: env).encrypt(dataKey(), key: key) }
        #expect(error?.kind == .accessDenied)
        env["AWS_PROFILE"] = "absent"
        let missing = #expect(throws: AWSError.self) { try AWSKMSClient(environment: env).encrypt(dataKey(), key: key) }
        #expect(missing?.kind == .credentials)
        #expect(missing?.message.contains("'absent'") == true)
    }

    @Test func badEncAndBadARNAreRefusedBeforeAnyCall() throws {
        let kms = try LocalKMS.require()
        let client = AWSKMSClient(environment: kms.environment(home: home.url, ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"]))
        let notBase64 = #expect(throws: AWSError.self) { try client.decrypt("%%%", key: KMSKeyReference(arn: kms.keyARN)) }
        #expect(notBase64?.kind == .invalidCiphertext)
        let badARN = #expect(throws: AWSError.self) { try client.encrypt(dataKey(), key: KMSKeyReference(arn: "alias/credfile")) }
        #expect(badARN?.kind == .unsupported)
    }
}
