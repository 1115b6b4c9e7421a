public import CredfileCrypto

/// What credfile needs from AWS KMS: wrap and unwrap one 32-byte data key, as sops does
/// (`kms/keysource.go`: `Encrypt` and `Decrypt` with the key's ARN and encryption context,
/// after assuming its role). Errors are `CredfileError`s that name the key, never a value.
public protocol KMSService: Sendable {
    /// The base64 `CiphertextBlob` that sops stores as `enc`.
    func encrypt(_ dataKey: [UInt8], key: KMSMasterKey) throws -> String
    /// The plaintext of `enc`.
    func decrypt(_ enc: String, key: KMSMasterKey) throws -> [UInt8]
}

/// AWS KMS keys as a key source. Nothing is asked of the network until a file has a `kms`
/// entry and no earlier source (age, which needs no network) opened it.
public final class KMSKeySource: KeySource {
    public var kind: String { "kms" }
    private let service: any KMSService
    private let budget: Duration

    /// `budget`: how long one file's KMS entries may take together (tests shorten it).
    public init(service: any KMSService, budget: Duration = .seconds(KMSKeySource.budgetSeconds)) {
        self.service = service
        self.budget = budget
    }

    /// KMS needs no local key: whether AWS grants access is known only by asking.
    public func keyCount() throws -> Int { 0 }

    /// Seconds one file's KMS entries may take together by default. Each call is bounded
    /// (30 s), but a hostile file may list 256 entries; sops would try them all, we stop after
    /// this and say how many were not tried.
    public static let budgetSeconds = 60
    /// The most KMS entries of one file that are asked: a real file lists one to three keys,
    /// a hostile one up to 256.
    public static let maximumCallsPerFile = 16

    public func unwrapDataKey(_ metadata: SOPSMetadata, damaged: inout [String]) throws -> SecretBytes? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: budget)
        for (index, entry) in metadata.kms.enumerated() {
            let left = metadata.kms.count - index
            let entries = "\(left) more AWS KMS \(left == 1 ? "entry" : "entries") not tried"
            if index == Self.maximumCallsPerFile {
                damaged.append("\(entries): at most \(Self.maximumCallsPerFile) are asked per file")
                break
            }
            if clock.now > deadline {
                damaged.append("\(entries): this file's KMS calls took over \(budget)")
                break
            }
            guard KMSMasterKey.isValidARN(entry.key.arn) else {
                damaged.append("AWS KMS key entry: 'arn' is not a KMS key ARN")
                continue
            }
            do {
                let payload = try service.decrypt(entry.enc, key: entry.key)
                guard payload.count == 32 else {
                    damaged.append("\(entry.key.arn): KMS returned \(payload.count) bytes, not a 32-byte data key")
                    continue
                }
                return SecretBytes(payload)
            } catch let error as CredfileError {
                damaged.append(error.message)
            }
        }
        return nil
    }

    /// `dataKey` encrypted under `key`.
    func wrap(_ dataKey: SecretBytes, for key: KMSMasterKey, path: String?) throws -> String {
        do {
            return try dataKey.withBytes { try service.encrypt(Array($0), key: key) }
        } catch var error as CredfileError {
            if error.path == nil { error.path = path }
            throw error
        }
    }
}
