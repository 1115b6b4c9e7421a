internal import CredfileAWS
internal import CredfilePOSIX
#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// AWS KMS through credfile's own client (`CredfileAWS`: SigV4, the credential chain, STS,
/// libcurl loaded on first use), with the AWS credentials of `environment`.
public struct AWSKMSService: KMSService {
    private let client: AWSKMSClient
    /// Endpoints that did not answer, and the time failed calls took, in this run; shared by
    /// every copy of the service.
    private let limits = RunLimits()
    /// The endpoint every region goes to when the environment names one.
    private let endpointOverride: String?
    /// How long the calls that failed may take together in one run: a hostile branch may hold
    /// many files, each with many entries that fail quickly (access denied on a key of the
    /// author's choosing); after this, KMS is not asked again.
    static let runFailureBudget: Duration = .seconds(120)

    public init(environment: [String: String]) {
        client = AWSKMSClient(environment: environment)
        endpointOverride = [environment["AWS_ENDPOINT_URL_KMS"], environment["AWS_ENDPOINT_URL"]]
            .compactMap { $0 }.first { !$0.isEmpty }
    }

    public func encrypt(_ dataKey: [UInt8], key: KMSMasterKey) throws -> String {
        do {
            return try client.encrypt(dataKey, key: Self.reference(key))
        } catch {
            throw CredfileError(.keyService, error.message, hints: Self.hints(error))
        }
    }

    /// An endpoint that timed out or could not be reached earlier in the run is not asked
    /// again: a hostile file with many KMS entries (or a thousand files with one) must not
    /// hold a deploy job for 30 seconds per call. The endpoint is the region's, or the
    /// environment's override for every region (so invented region names cannot each cost a
    /// timeout). Once failed calls have taken `runFailureBudget`, nothing more is asked.
    public func decrypt(_ enc: String, key: KMSMasterKey) throws -> [UInt8] {
        let reference = Self.reference(key)
        let region = reference.region ?? ""
        let endpoint = endpointOverride ?? region
        if let why = limits.refusal(endpoint: endpoint, budget: Self.runFailureBudget) {
            throw CredfileError(.noIdentity, "\(key.arn): not tried: \(why)", hints: Self.hints(AWSError(.unreachable, "")))
        }
        let started = ContinuousClock.now
        do {
            return try client.decrypt(enc, key: reference)
        } catch {
            limits.failed(endpoint: endpoint, unreachable: error.kind == .unreachable || error.kind == .timeout,
                          took: ContinuousClock.now - started)
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

/// What one run has learnt about KMS failures, safe to share between the validator's threads.
final class RunLimits: @unchecked Sendable {
    private let lock = Lock()
    private var unreachable: Set<String> = []
    private var failing: Duration = .zero

    /// Why a call to `endpoint` is not made, or nil when it may be.
    func refusal(endpoint: String, budget: Duration) -> String? {
        lock.withLock {
            if unreachable.contains(endpoint) { return "the KMS endpoint for \(endpoint) did not answer earlier in this run" }
            if failing > budget { return "KMS calls that failed in this run already took over \(budget)" }
            return nil
        }
    }

    func failed(endpoint: String, unreachable isUnreachable: Bool, took: Duration) {
        lock.withLock {
            if isUnreachable { unreachable.insert(endpoint) }
            failing += took
        }
    }
}
