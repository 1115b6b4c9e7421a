internal import CredfileAWS
internal import Foundation

/// AWS KMS through credfile's own client (`CredfileAWS`: SigV4, the credential chain, STS,
/// libcurl loaded on first use), with the AWS credentials of `environment`.
public struct AWSKMSService: KMSService {
    private let client: AWSKMSClient
    /// Regions whose endpoint did not answer in this run, shared by every copy of the service.
    private let unreachable = UnreachableRegions()

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

    /// A region that timed out or could not be reached earlier in the run is not asked again:
    /// a hostile file with many KMS entries (or a thousand files with one) must not hold a
    /// deploy job for 30 seconds per call. The endpoint is the region's (or the run's override),
    /// so one failure stands for every key in that region.
    public func decrypt(_ enc: String, key: KMSMasterKey) throws -> [UInt8] {
        let reference = Self.reference(key)
        let region = reference.region ?? ""
        if unreachable.contains(region) {
            throw CredfileError(
                .noIdentity, "\(key.arn): not tried: the KMS endpoint for \(region) did not answer earlier in this run",
                hints: Self.hints(AWSError(.unreachable, "")))
        }
        do {
            return try client.decrypt(enc, key: reference)
        } catch {
            if error.kind == .unreachable || error.kind == .timeout { unreachable.insert(region) }
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

/// The set of regions found unreachable, safe to share between the validator's threads.
final class UnreachableRegions: @unchecked Sendable {
    private let lock = NSLock()
    private var regions: Set<String> = []

    func contains(_ region: String) -> Bool { lock.withLock { regions.contains(region) } }
    func insert(_ region: String) { _ = lock.withLock { regions.insert(region) } }
}
