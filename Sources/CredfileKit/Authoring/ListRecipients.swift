internal import CredfileAge
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// `credfile recipients list`: who can open what. Every recipient named by a `.sops.yaml`
/// creation rule or by a credential file's own `sops.age`/`sops.kms`, with the credentials
/// whose data key is wrapped for it, grouped by the rule that governs them. Key-less: it reads
/// only the files' metadata, so it shows what a file *is* encrypted for, not what the config
/// says it should be — and a file whose recipients differ from its rule's is reported as stale.
public struct ListRecipients: Sendable {
    public var repository: Repository

    public init(repository: Repository) { self.repository = repository }

    /// One recipient under one rule (or under none).
    public struct Row: Sendable, Equatable {
        /// As written in files and `.sops.yaml`: `age1…`, an ssh public key, `ARN[+ROLE]`.
        public var recipient: String
        /// `age`, `ssh` or `kms`.
        public var kind: String
        /// The comment beside it in `.sops.yaml`, if any.
        public var label: String?
        /// The rule's position in `creation_rules` (1-based); nil for credentials no rule matches.
        public var rule: Int?
        public var pathRegex: String?
        /// Whether the rule names the recipient (false: only files under it do).
        public var listed: Bool
        /// The credentials under this rule whose data key is wrapped for the recipient, by name.
        public var credentials: [String]
    }

    /// A credential encrypted for other recipients than its rule names.
    public struct Stale: Sendable, Equatable {
        public var name: String
        public var path: String
        /// 1-based.
        public var rule: Int
        public var pathRegex: String?
        /// The rule names them, the file is not encrypted for them.
        public var missing: [String]
        /// The file is encrypted for them, the rule does not name them.
        public var extra: [String]
    }

    /// What `run()` found.
    public struct Report: Sendable {
        public var rows: [Row] = []
        public var stale: [Stale] = []
        /// Files that could not be read (listed nowhere else, so reported).
        public var problems: [Diagnostic] = []
        /// The `.sops.yaml` read, as displayed; nil when there is none.
        public var config: String?
    }

    /// One credential's recipients, or why they could not be read.
    private struct FileRecipients: Sendable {
        var file: CredentialFile
        var recipients: [Recipient] = []
        /// Has a `sops` block: a plain file is encrypted for nobody, which is not "stale".
        var encrypted = false
        var rule: Int?
        var problem: Diagnostic?
    }

    public func run() throws -> Report {
        let config = try repository.sopsConfig()
        var report = Report()
        report.config = repository.sopsConfigURL.map(repository.display)
        let files = repository.credentialsDirectory == nil ? [] : try repository.allCredentialFiles()
        let read = ParallelMap.map(files) { file in Self.recipients(of: file) }
        // Each row with its key, parsed once.
        var rows: [(row: Row, key: Recipient)] = []
        for (index, rule) in (config?.rules ?? []).enumerated() {
            for text in rule.recipientNames {
                guard let recipient = Self.parse(text), !rows.contains(where: { $0.row.rule == index + 1 && $0.key.isSameKey(as: recipient) })
                else { continue }
                rows.append((row(recipient, rule: index + 1, pathRegex: rule.pathRegex, listed: true, config: config), recipient))
            }
        }
        let ruleIndexes = try config?.ruleIndexes(for: files.map(\.url)) ?? files.map { _ in nil }
        for (var entry, ruleIndex) in zip(read, ruleIndexes) {
            if let problem = entry.problem {
                report.problems.append(problem)
                continue
            }
            entry.rule = ruleIndex.map { $0 + 1 }
            let rule = entry.rule.flatMap { config?.rules[$0 - 1] }
            for recipient in entry.recipients {
                if let at = rows.firstIndex(where: { $0.row.rule == entry.rule && $0.key.isSameKey(as: recipient) }) {
                    rows[at].row.credentials.append(entry.file.expectedName)
                } else {
                    var new = row(recipient, rule: entry.rule, pathRegex: rule?.pathRegex, listed: false, config: config)
                    new.credentials = [entry.file.expectedName]
                    rows.append((new, recipient))
                }
            }
            if entry.encrypted, let rule, let index = entry.rule, let stale = Self.stale(entry, rule: rule, index: index) { report.stale.append(stale) }
        }
        // Rules in order, credentials under no rule last.
        report.rows = rows.map(\.row).enumerated().sorted { a, b in
            (a.element.rule ?? Int.max, a.offset) < (b.element.rule ?? Int.max, b.offset)
        }.map(\.element)
        return report
    }

    private func row(_ recipient: Recipient, rule: Int?, pathRegex: String?, listed: Bool, config: SOPSConfig?) -> Row {
        // A label belongs to the key: its own rule's, else the first rule that gives one.
        let own = rule.flatMap { config?.rules[$0 - 1].label(for: recipient) }
        let label = own ?? config?.rules.lazy.compactMap { $0.label(for: recipient) }.first
        return Row(
            recipient: recipient.description, kind: Self.kind(recipient), label: label, rule: rule, pathRegex: pathRegex,
            listed: listed, credentials: [])
    }

    private static func recipients(of file: CredentialFile) -> FileRecipients {
        do {
            let document = try SOPSDocument(bytes: file.read(), path: file.displayPath)
            // A plain file is encrypted for nobody: it has no row, and `list` marks it.
            guard document.metadata != nil else { return FileRecipients(file: file) }
            return FileRecipients(file: file, recipients: try document.recipients(), encrypted: true)
        } catch let error as CredfileError {
            return FileRecipients(file: file, problem: error.inFile(file.displayPath).diagnostic)
        } catch {
            return FileRecipients(file: file)
        }
    }

    /// The difference between a file's recipients and its rule's, when the rule names any.
    private static func stale(_ entry: FileRecipients, rule: SOPSConfig.CreationRule, index: Int) -> Stale? {
        let wanted = rule.recipientNames.compactMap(parse)
        guard !wanted.isEmpty else { return nil }
        let missing = wanted.filter { w in !entry.recipients.contains { $0.isSameKey(as: w) } }
        let extra = entry.recipients.filter { r in !wanted.contains { $0.isSameKey(as: r) } }
        guard !missing.isEmpty || !extra.isEmpty else { return nil }
        return Stale(
            name: entry.file.expectedName, path: entry.file.displayPath, rule: index, pathRegex: rule.pathRegex,
            missing: missing.map(\.description), extra: extra.map(\.description))
    }

    /// A recipient as `.sops.yaml` writes it; nil for one credfile cannot read (sops would
    /// refuse it too; `validate` and `encrypt` say so).
    private static func parse(_ text: String) -> Recipient? { try? Recipient(parsing: text) }

    static func kind(_ recipient: Recipient) -> String {
        switch recipient {
        case .age(let age): age.isSSH ? "ssh" : "age"
        case .kms: "kms"
        }
    }
}
