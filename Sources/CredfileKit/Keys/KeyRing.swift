public import CredfileAge
public import CredfileCrypto
public import CredfileYAML
#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
internal import CredfilePOSIX

/// One kind of master key that can unwrap a sops data key, as sops's own `MasterKey`
/// interface: age today; AWS KMS and ssh recipients plug in here as further sources.
///
/// A source looks only at the metadata entries of its own kind and says nothing about the
/// others, so a file encrypted to several kinds opens with whichever source has a key.
public protocol KeySource: Sendable {
    /// The metadata key of this kind (`age`, `kms`, …), for messages.
    var kind: String { get }
    /// The data key, unwrapped with the first entry of this kind this source can open; nil
    /// when it holds no key for any of them. `damaged` collects entries that are this
    /// source's but cannot be opened (named by recipient, never by content).
    func unwrapDataKey(_ metadata: SOPSMetadata, damaged: inout [String]) throws -> SecretBytes?
    /// How many keys the source holds (0: say how to provide one).
    func keyCount() throws -> Int
    /// Keys found but unusable, said when no source opens a file.
    func notes() throws -> [String]
}

extension KeySource {
    public func notes() throws -> [String] { [] }
}

/// The master keys a command may use, searched once per run and shared by every file it
/// opens. Decryption, `rewrap`, `rotate` and `recipients` take a `KeyRing`, never a list of
/// one kind's identities, so a second kind of master key has a place to go (issue 11).
public final class KeyRing: Sendable {
    /// The sources, tried in order.
    public let sources: [any KeySource]

    public init(_ sources: [any KeySource]) { self.sources = sources }

    /// The age identities sops would find (ssh keys, `SOPS_AGE_KEY`, `SOPS_AGE_KEY_FILE`,
    /// `SOPS_AGE_KEY_CMD`, keys.txt), or `--identity` files.
    /// Then AWS KMS with the environment's AWS credentials: age first, since it needs no
    /// network, so a file with both opens without a round trip when an age key is at hand.
    public convenience init(discovery: IdentityDiscovery) {
        self.init([AgeKeySource(discovery: discovery), KMSKeySource(service: AWSKMSService(environment: discovery.environment))])
    }

    /// Given identities (tests, `init`).
    public convenience init(identities: [AgeIdentity]) {
        self.init([AgeKeySource(identities: identities)])
    }

    /// The first source of the given type (the KMS source wraps data keys for KMS recipients).
    func source<S: KeySource>(_ type: S.Type) -> S? {
        sources.lazy.compactMap { $0 as? S }.first
    }

    /// `dataKey` wrapped for each recipient: an armored age file per age recipient
    /// (sops-format.md §4.3), a KMS `Encrypt` per KMS key. An entry of `reusing` whose key
    /// is among the recipients is kept as it is (the caller vouches it wraps `dataKey`).
    public func wrap(
        _ dataKey: SecretBytes, for recipients: [Recipient], reusing: [SOPSMetadata.KMSKey] = [], now: GoTime = .now(),
        path: String? = nil
    ) throws -> (kms: [SOPSMetadata.KMSKey], age: [SOPSMetadata.AgeKey]) {
        let age = try Recipient.ages(recipients).map { recipient in
            let file = try dataKey.withBytes { try Age.encrypt($0, to: [recipient], armored: true) }
            return SOPSMetadata.AgeKey(recipient: recipient.description, enc: String(decoding: file, as: UTF8.self))
        }
        let kms = try Recipient.kmsKeys(recipients).map { key in
            if let kept = reusing.first(where: { $0.key == key }) { return kept }
            guard let source = source(KMSKeySource.self) else {
                throw CredfileError(.keyService, "cannot wrap the data key for AWS KMS key \(key.arn): no KMS access in this command", path: path)
            }
            let enc = try source.wrap(dataKey, for: key, path: path)
            return SOPSMetadata.KMSKey(key: key, createdAt: now.rfc3339, enc: enc)
        }
        return (kms, age)
    }

    /// Unwraps the file's data key with the first source that holds a key for it.
    public func unwrapDataKey(_ metadata: SOPSMetadata, path: String) throws -> SecretBytes {
        var damaged: [String] = []
        var held = 0
        var notes: [String] = []
        for source in sources {
            if let key = try source.unwrapDataKey(metadata, damaged: &damaged) { return key }
            held += try source.keyCount()
            notes += try source.notes()
        }
        var error = SOPSDocument.noIdentityError(metadata, path: path, identities: held, damaged: damaged)
        error.hints += notes
        throw error
    }
}

/// Age identities as a key source: searched lazily on first use (a command that opens no
/// encrypted file never runs `SOPS_AGE_KEY_CMD`), then cached for the run. Passphrase-protected
/// identity files are opened (one question each) only when no other identity opens a file.
public final class AgeKeySource: KeySource, @unchecked Sendable {
    public var kind: String { "age" }
    private let discovery: IdentityDiscovery?
    private var found: Result<IdentityDiscovery.Found, any Error>?
    private let lock = Lock()

    public init(discovery: IdentityDiscovery) { self.discovery = discovery }

    public init(identities: [AgeIdentity]) {
        discovery = nil
        found = .success(IdentityDiscovery.Found(identities: identities))
    }

    /// The identities that need no passphrase, searched once.
    public func identities() throws -> [AgeIdentity] {
        try search().identities
    }

    private func search() throws -> IdentityDiscovery.Found {
        lock.lock()
        defer { lock.unlock() }
        if found == nil { found = Result { try discovery?.search() ?? IdentityDiscovery.Found() } }
        return try found!.get()
    }

    /// Opens the first still-locked identity file that a file with these recipients may need
    /// (asking its passphrase) and keeps its identities with the others; false when none is left.
    private func unlockNext(for recipients: [String]) throws -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard case .success(var current) = found, let index = current.locked.firstIndex(where: { $0.mayOpen(recipients) }) else {
            return false
        }
        let file = current.locked.remove(at: index)
        current.identities += try file.open(passphrase: discovery?.passphrase)
        found = .success(current)
        return true
    }

    public func keyCount() throws -> Int {
        let found = try search()
        return found.identities.count + found.locked.count
    }

    /// Default ssh keys that exist but cannot be used, for the "no identity" message.
    public func notes() throws -> [String] { try search().notes }

    public func unwrapDataKey(_ metadata: SOPSMetadata, damaged: inout [String]) throws -> SecretBytes? {
        guard !metadata.age.isEmpty else { return nil }
        var tried = 0
        repeat {
            let identities = try identities()
            if identities.count > tried, let key = unwrap(metadata, with: Array(identities[tried...]), damaged: &damaged) {
                return key
            }
            tried = identities.count
        } while try unlockNext(for: metadata.age.map(\.recipient))
        return nil
    }

    private func unwrap(_ metadata: SOPSMetadata, with identities: [AgeIdentity], damaged: inout [String]) -> SecretBytes? {
        for key in metadata.age {
            do {
                let payload = try Age.decrypt(Array(key.enc.utf8), identities: identities)
                guard payload.count == 32 else {
                    damaged.append("\(key.recipient): payload is not a 32-byte data key")
                    continue
                }
                return SecretBytes(payload)
            } catch let error as AgeError where error.kind == .noMatch {
                continue
            } catch {
                damaged.append("\(key.recipient): \(error)")
            }
        }
        return nil
    }
}
