internal import CredfileAWS

/// AWS KMS through credfile's own client (`CredfileAWS`: SigV4, the credential chain, STS,
/// libcurl loaded on first use), with the AWS credentials of `environment`.
public struct AWSKMSService: KMSService {
    private let client: AWSKMSClient

    public init(environment: [String: String]) {
        client = AWSKMSClient(environment: environment)
    }

    public func encrypt(_ dataKey: [UInt8], key: KMSMasterKey) throws -> String {
        do {
            return try client.encrypt(dataKey, key: Self.reference(key))
        } catch {
            throw CredfileError(.keyService, error.message, hints: Self.hints(error))
        }
    }

    public func decrypt(_ enc: String, key: KMSMasterKey) throws -> [UInt8] {
        do {
            return try client.decrypt(enc, key: Self.reference(key))
        } catch {
            throw CredfileError(.noIdentity, error.message, hints: Self.hints(error))
        }
    }

    static func reference(_ key: KMSMasterKey) -> KMSKeyReference {
        KMSKeyReference(arn: key.arn, role: key.role, context: key.context, profile: key.profile.isEmpty ? nil : key.profile)
    }

    /// What to do about the failures a person can fix.
    static func hints(_ error: AWSError) -> [String] {
        switch error.kind {
        case .credentials:
            ["set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or AWS_PROFILE with ~/.aws/credentials"]
        case .unreachable, .timeout:
            ["check the network, or AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_KMS when a private endpoint is used"]
        case .accessDenied:
            ["the identity needs kms:Encrypt and kms:Decrypt on the key (and sts:AssumeRole on the role, if one is named)"]
        default: []
        }
    }
}
