import CredfileHTTP
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// AWS KMS Encrypt and Decrypt of a sops data key, as sops 3.11 does them (kms/keysource.go):
///
/// - region: from the key ARN, never AWS_REGION (`createKMSConfig`: `lo.Region = region`);
/// - `role`: STS AssumeRole first, session name `sops@<hostname>` (`stsSessionName`), no
///   duration (one hour), with the base credentials of the chain below;
/// - `aws_profile`: the shared-config profile to load, overriding the environment's keys;
/// - Encrypt: `KeyId` = the ARN, `Plaintext`, `EncryptionContext` (always sent, `{}` when
///   empty); the stored `enc` is the base64 (standard, padded) CiphertextBlob;
/// - Decrypt: `KeyId` = the ARN as well (so a blob of another key fails), the
///   `CiphertextBlob` and the same `EncryptionContext`.
///
/// The KMS JSON protocol: `POST /`, `Content-Type: application/x-amz-json-1.1`,
/// `X-Amz-Target: TrentService.<Operation>`, SigV4 for service `kms`.
public struct AWSKMSClient: Sendable {
    private let environment: [String: String]
    private let http: HTTPTransport
    /// Credentials (after the role, if any) resolved in this run, shared by every copy: a
    /// `rotate` of 1,000 files with a role would otherwise read the shared config and call STS
    /// AssumeRole once per file. sops asks once per key per process run, too.
    private let credentialCache = CredentialCache()

    /// environment: the process environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
    /// AWS_SESSION_TOKEN, AWS_PROFILE, AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE,
    /// AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL_STS, AWS_CA_BUNDLE, HOME …).
    /// AWS_REGION is not needed: the region comes from each key's ARN, as in sops.
    public init(environment: [String: String], timeoutSeconds: Double = 30) {
        self.environment = environment
        self.http = HTTPTransport(environment: environment, timeoutSeconds: timeoutSeconds)
    }

    /// KMS Encrypt of a data key, as sops does it; returns the base64 CiphertextBlob (what sops
    /// stores as `enc`).
    public func encrypt(_ plaintext: [UInt8], key: KMSKeyReference) throws(AWSError) -> String {
        let request = EncryptRequest(
            KeyId: key.arn, Plaintext: Data(plaintext).base64EncodedString(), EncryptionContext: key.context)
        let answer: EncryptResponse = try call("Encrypt", request, key: key)
        guard let blob = answer.CiphertextBlob, Data(base64Encoded: blob) != nil, !blob.isEmpty else {
            throw AWSError(.badResponse, "AWS KMS Encrypt with \(key.arn): the answer has no CiphertextBlob")
        }
        return blob
    }

    /// KMS Decrypt of `enc` (base64 CiphertextBlob), as sops does it; returns the plaintext.
    public func decrypt(_ enc: String, key: KMSKeyReference) throws(AWSError) -> [UInt8] {
        guard let blob = Data(base64Encoded: enc), !blob.isEmpty else {
            throw AWSError(.invalidCiphertext, "AWS KMS Decrypt with \(key.arn): the enc value is not base64")
        }
        let request = DecryptRequest(KeyId: key.arn, CiphertextBlob: blob.base64EncodedString(), EncryptionContext: key.context)
        let answer: DecryptResponse = try call("Decrypt", request, key: key)
        guard let plaintext = answer.Plaintext.flatMap({ Data(base64Encoded: $0) }) else {
            throw AWSError(.badResponse, "AWS KMS Decrypt with \(key.arn): the answer has no Plaintext")
        }
        return Array(plaintext)
    }

    /// One KMS operation: credentials (and the role), the signed POST, the answer or the error.
    private func call<Request: Encodable, Response: Decodable>(
        _ operation: String, _ body: Request, key: KMSKeyReference
    ) throws(AWSError) -> Response {
        let what = "AWS KMS \(operation) with \(key.arn)"
        guard let region = key.region else {
            throw AWSError(.unsupported, "'\(key.arn)' is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID or …:alias/NAME)")
        }
        let chain = CredentialChain(environment: environment, http: http)
        let credentials = try credentialCache.credentials(for: [key.profile ?? "", key.role ?? "", region]) { () throws(AWSError) in
            var credentials = try chain.resolve(profile: key.profile, region: region)
            if let role = key.role, !role.isEmpty {
                guard KMSKeyReference.isValidRoleARN(role) else {
                    throw AWSError(.unsupported, "\(what): the role is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)")
                }
                let sts = STSClient(environment: environment, http: http, profile: chain.activeProfile(key.profile))
                credentials = try sts.assumeRole(roleARN: role, sessionName: Self.sessionName(), credentials: credentials, region: region)
            }
            return credentials
        }
        let profileEndpoint = (try? SharedConfig.load(environment: environment))?.profiles[chain.activeProfile(key.profile)]?["endpoint_url"]
        let endpoint = Endpoints.url(service: "kms", region: region, environment: environment, profileEndpoint: profileEndpoint)
        let json: Data
        do { json = try JSONEncoder.sorted.encode(body) } catch { throw AWSError(.badResponse, "\(what): cannot encode the request") }
        let response = try http.post(
            endpoint: endpoint,
            headers: [(name: "Content-Type", value: "application/x-amz-json-1.1"), (name: "X-Amz-Target", value: "TrentService.\(operation)")],
            body: Array(json), signer: SigV4Signer(credentials: credentials, region: region, service: "kms"), what: what)
        guard response.status == 200 else { throw KMSErrors.failure(response, what: what) }
        do {
            return try JSONDecoder().decode(Response.self, from: Data(response.body))
        } catch {
            throw AWSError(.badResponse, "\(what): the answer is not KMS JSON (HTTP 200)")
        }
    }

    /// `sops@<hostname>` as sops builds it (kms/keysource.go, stsSessionName): the hostname with
    /// every run of characters outside the Go class `[a-zA-Z0-9=,.@-_]` removed — where `@-_`
    /// is a range (`@`, `A`–`Z`, `[`, `\`, `]`, `^`, `_`), so `-` itself is removed — and the
    /// whole cut to 64 bytes.
    static func sessionName(hostname: String = currentHostname()) -> String {
        let kept = hostname.unicodeScalars.filter { scalar in
            switch scalar.value {
            case 0x61...0x7A, 0x30...0x39, 0x3D, 0x2C, 0x2E, 0x40...0x5F: true  // a-z 0-9 = , . @-_
            default: false
            }
        }
        return String(String.UnicodeScalarView(("sops@" + String(String.UnicodeScalarView(kept))).unicodeScalars.prefix(64)))
    }

    /// The kernel's host name (what Go's os.Hostname reads), without a DNS lookup.
    static func currentHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "" }
        buffer[buffer.count - 1] = 0
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

// The JSON shapes (KMS API reference, Encrypt and Decrypt); field names are AWS's.
private struct EncryptRequest: Encodable {
    var KeyId: String
    var Plaintext: String
    var EncryptionContext: [String: String]
}

private struct DecryptRequest: Encodable {
    var KeyId: String
    var CiphertextBlob: String
    var EncryptionContext: [String: String]
}

private struct EncryptResponse: Decodable { var CiphertextBlob: String? }
private struct DecryptResponse: Decodable { var Plaintext: String? }

extension JSONEncoder {
    fileprivate static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// KMS error answers: `{"__type": "…Exception", "message": "…"}` (the type may carry a
/// `namespace#` prefix), or the `X-Amzn-ErrorType` header, or — from some front ends — an XML
/// `<Code>`.
enum KMSErrors {
    static func failure(_ response: HTTPResponse, what: String) -> AWSError {
        let body = String(decoding: response.body, as: UTF8.self)
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        var code = (json?["__type"] as? String) ?? response.headers["x-amzn-errortype"] ?? XMLText.element("Code", in: body) ?? "HTTP \(response.status)"
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }  // header form "Type:http://…"
        let serverMessage = (json?["message"] as? String) ?? (json?["Message"] as? String) ?? XMLText.element("Message", in: body)
        let detail = serverMessage.map { ": \(AWSMessage.clean($0))" } ?? ""
        return AWSError(kind(code), "\(what) failed: \(code)\(detail)")
    }

    /// KMS API reference, the Errors of Encrypt and Decrypt, and the common errors.
    static func kind(_ code: String) -> AWSError.Kind {
        switch code {
        case "AccessDeniedException", "AccessDenied": .accessDenied
        case "DisabledException", "KMSInvalidStateException": .keyDisabled
        case "NotFoundException": .keyNotFound
        case "InvalidCiphertextException", "IncorrectKeyException": .invalidCiphertext
        case "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException", "IncompleteSignature",
            "MissingAuthenticationToken", "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken":
            .credentials
        default: .badResponse
        }
    }
}

/// Credentials by (profile, role, region), kept for ten minutes: well inside the hour an
/// AssumeRole session lasts, and short enough that a long batch picks up rotated keys.
final class CredentialCache: @unchecked Sendable {
    static let lifetime: Duration = .seconds(600)
    private let lock = NSLock()
    private var entries: [[String]: (credentials: AWSCredentials, since: ContinuousClock.Instant)] = [:]

    /// The cached credentials for `key`, or `resolve()`'s (cached when it succeeds; a failure
    /// is not remembered, so the next file asks again).
    func credentials(for key: [String], resolve: () throws(AWSError) -> AWSCredentials) throws(AWSError) -> AWSCredentials {
        let now = ContinuousClock.now
        if let hit = lock.withLock({ entries[key] }), now - hit.since < Self.lifetime { return hit.credentials }
        let fresh = try resolve()
        lock.withLock { entries[key] = (fresh, now) }
        return fresh
    }
}
