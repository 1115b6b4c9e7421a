internal import CredfilePOSIX
internal import Dispatch
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// `credfile check`'s work without its output: read (and decrypt) each credential in turn —
/// a key passphrase may be asked, so never two at once — then run the live checks side by
/// side, at most `concurrency` at a time, results in the order of the names.
public struct CheckRun: Sendable {
    /// One credential's result: a report, or the error that kept it from being checked.
    public struct Entry: Sendable {
        /// The credential's name.
        public var name: String
        /// Its file, as messages name it.
        public var path: String
        /// The check's report (nil when the credential could not be read or decrypted).
        public var report: CheckReport?
        /// Why it could not be checked (no identity opens it, malformed …).
        public var error: CredfileError?
    }

    public var repository: Repository
    public var keys: KeyRing
    public var options: CheckOptions
    /// Live checks at the same time (network-bound, so more than the cores).
    public var concurrency = 4

    /// A run over `repository` decrypting with `keys`.
    public init(repository: Repository, keys: KeyRing, options: CheckOptions) {
        self.repository = repository
        self.keys = keys
        self.options = options
    }

    /// Checks `names` (in that order).
    public func run(_ names: [String]) -> [Entry] {
        let prepared = names.map(prepare)
        let slots = Slots(count: prepared.count)
        let gate = DispatchSemaphore(value: max(1, concurrency))
        let group = DispatchGroup()
        for (index, item) in prepared.enumerated() {
            guard case .check(let check, let credential) = item.work else {
                slots.set(index, item.entry)
                continue
            }
            gate.wait()
            DispatchQueue.global().async(group: group) { [options] in
                var entry = item.entry
                entry.report = check.check(credential, options: options)
                slots.set(index, entry)
                gate.signal()
            }
        }
        group.wait()
        return slots.values
    }

    private enum Work {
        case done
        case check(any CredentialCheck, Credential)
    }

    /// Reads one credential with the keys (a locked one is kept locked: a type without a
    /// check needs no key) and finds its check.
    private func prepare(_ name: String) -> (entry: Entry, work: Work) {
        var entry = Entry(name: name, path: "credentials/\(name).yaml")
        do {
            let file = try repository.credentialFile(named: name)
            entry.path = file.displayPath
            var read = Repository.ReadOptions(keys: keys, allowLocked: true)
            read.allowExpired = true
            let credential = try repository.credential(file, bytes: file.read(), read)
            let type = credential.type ?? "unknown"
            guard let check = CredentialChecks.check(for: type) else {
                entry.report = CheckReport(name: name, type: type, outcome: .notCheckable)
                return (entry, .done)
            }
            guard !credential.isLocked else {
                throw CredfileError(.noIdentity, "no identity opens the credential, so it cannot be checked", path: file.displayPath)
            }
            return (entry, .check(check, credential))
        } catch let error as CredfileError {
            entry.error = error
        } catch {
            entry.error = CredfileError(.io, "\(error)", path: entry.path)
        }
        return (entry, .done)
    }

    /// The names of every credential in the repository (`--all`), sorted by path.
    public static func allNames(in repository: Repository) throws -> [String] {
        try repository.allCredentialFiles().map(\.expectedName)
    }

    /// Today as YYYY-MM-DD (UTC), for `CheckOptions.today`.
    public static func today(_ date: Date = Date()) -> String {
        let seconds = date.timeIntervalSince1970
        return CredentialCalendar.isoDate(days: Int((seconds / 86_400).rounded(.down)))
    }
}

/// One slot per credential, filled from concurrent threads under a lock.
private final class Slots: @unchecked Sendable {
    private let lock = Lock()
    private var entries: [CheckRun.Entry?]

    init(count: Int) { entries = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ entry: CheckRun.Entry) { lock.withLock { entries[index] = entry } }

    var values: [CheckRun.Entry] { lock.withLock { entries.compactMap { $0 } } }
}
