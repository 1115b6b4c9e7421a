internal import CredfileAge
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// `credfile init`: makes a directory a credfile repository — `credentials/`, `schemas/` with
/// the built-in types (byte for byte), and a `.sops.yaml` creation rule for
/// `credentials/*.yaml`. Idempotent: what exists is left alone and reported, never overwritten.
public struct InitRepository: Sendable {
    /// The directory to initialise.
    public var root: URL
    /// The age recipients for a new `.sops.yaml` (unused when one exists).
    public var recipients: [String]

    public init(root: URL, recipients: [String]) {
        self.root = root
        self.recipients = recipients
    }

    /// What `run()` did, as paths relative to the root.
    public struct Report: Sendable, Equatable {
        public var created: [String] = []
        public var existing: [String] = []
    }

    /// The path of `.sops.yaml` in the root.
    public var configURL: URL { root.appendingPathComponent(".sops.yaml") }

    /// Whether `.sops.yaml` must be written (and so recipients are needed).
    public var needsConfig: Bool { !FileManager.default.fileExists(atPath: configURL.path) }

    /// Creates whatever is missing. Recipients are checked before anything is written, so a
    /// bad recipient leaves the directory as it was.
    public func run() throws -> Report {
        var report = Report()
        let config = needsConfig ? try Self.configText(recipients: recipients) : nil
        try makeDirectory("credentials", &report)
        try makeDirectory("schemas", &report)
        for (name, text) in SchemaSet.builtInFiles {
            try writeIfMissing("schemas/\(name)", Array(text.utf8), &report)
        }
        if let config {
            try writeIfMissing(".sops.yaml", Array(config.utf8), &report)
        } else {
            report.existing.append(".sops.yaml")
        }
        return report
    }

    /// The `.sops.yaml` text: one creation rule for `credentials/*.yaml`. `encrypted_regex`
    /// lists the built-in types' sensitive fields so that a credential encrypted by hand with
    /// `sops encrypt` keeps name, type and plain fields readable; credfile itself writes each
    /// file with its own type's rule.
    static func configText(recipients: [String]) throws -> String {
        guard !recipients.isEmpty else {
            throw CredfileError(
                .noRecipients, "no recipients for the new .sops.yaml",
                hints: ["pass --age RECIPIENT, or create an identity first: credfile keygen -o ~/.config/sops/age/keys.txt"])
        }
        for (index, recipient) in recipients.enumerated() where (try? AgeRecipient(parsing: recipient)) == nil {
            // Quoted only when it looks public: a secret key pasted there must not be printed.
            let quoted = Recipient.quoted(recipient).map { " \($0)" } ?? ""
            throw CredfileError(.usage, "recipient #\(index + 1)\(quoted) is not an age recipient (age1…)")
        }
        var sensitive: [String] = []
        for field in SchemaSet.builtIn.schemas.flatMap(\.sensitiveFields) where !sensitive.contains(field.name) {
            sensitive.append(field.name)
        }
        // One recipient a line, a list sops 3.11 reads as well as a comma-separated string
        // (issue 16): a diff of .sops.yaml then shows who joined or left, and each line can
        // carry a label ('credfile recipients add … --label').
        return """
            # Read by both credfile and sops: which age recipients encrypt credentials/*.yaml.
            # credfile encrypts each credential's sensitive fields by its type's schema (schemas/).
            creation_rules:
              - path_regex: ^credentials/.*\\.yaml$
                encrypted_regex: ^(\(sensitive.joined(separator: "|")))$
                age:
            \(recipients.map { "      - \($0)\n" }.joined())
            """
    }

    /// Where `init` run in `start` should initialise, and why when it is not `start` itself.
    public enum Place: Sendable, Equatable {
        /// `start`: no repository around it.
        case here
        /// A credfile repository above `start` (`credentials/` beside `.sops.yaml` or `schemas/`).
        case existing(URL)
        /// The top level of the git repository `start` is in, which has no credfile repository yet.
        case gitTopLevel(URL)
    }

    /// `init` in a subdirectory used to make a nested `credentials/`, `schemas/` and
    /// `.sops.yaml` that no command run from the top would find (issue 16). An existing
    /// repository at or above `start` is completed instead; inside git, the search stops at
    /// the top level, which is where a new one goes. Outside git the search goes up to `/`,
    /// and `credentials/` alone is not enough (a home directory may have one by chance).
    public static func place(for start: URL) -> Place {
        // Resolved, as git's top level is, so that the two compare.
        let start = start.standardizedFileURL.resolvingSymlinksInPath()
        let top = (try? Git(directory: start).topLevel())?.standardizedFileURL
        var directory = start
        while true {
            if isRepository(directory) { return directory.path == start.path ? .here : .existing(directory) }
            if directory.path == top?.path { break }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        if let top, top.path != start.path { return .gitTopLevel(top) }
        return .here
    }

    private static func isRepository(_ directory: URL) -> Bool {
        Repository.isDirectory(directory.appendingPathComponent("credentials"))
            && (Repository.exists(directory.appendingPathComponent(".sops.yaml"))
                || Repository.isDirectory(directory.appendingPathComponent("schemas")))
    }

    /// The recipients of the native age identities sops would use here, deduplicated, in
    /// order. ssh keys (`~/.ssh/id_*`) are left out: a repository is set up for age keys, and
    /// an ssh recipient is added on purpose (`--age 'ssh-ed25519 …'`).
    public static func recipients(of discovery: IdentityDiscovery) -> [String] {
        let identities = ((try? discovery.identities()) ?? []).filter { !$0.recipient.isSSH }
        var result: [String] = []
        for recipient in identities.map(\.recipient.description) where !result.contains(recipient) {
            result.append(recipient)
        }
        return result
    }

    /// Creates a new identity where sops looks by default (`~/.config/sops/age/keys.txt`),
    /// 0600 in a 0700 directory, never overwriting; returns its recipient and path.
    public static func createDefaultIdentity(_ discovery: IdentityDiscovery) throws -> (recipient: String, path: String) {
        let path = discovery.defaultKeyFile()
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CredfileError(.io, "cannot be created", path: directory.path)
        }
        return (try Keygen.write(to: URL(fileURLWithPath: path)), path)
    }

    private func makeDirectory(_ name: String, _ report: inout Report) throws {
        let url = root.appendingPathComponent(name)
        if let status = FileStatus(path: url.path) {
            guard status.isDirectory else { throw CredfileError(.io, "exists and is not a directory", path: name) }
            report.existing.append(name + "/")
            return
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        } catch {
            throw CredfileError(.io, "cannot be created", path: name)
        }
        report.created.append(name + "/")
    }

    /// Exclusive create: a file that appears between the check and the write is kept too.
    private func writeIfMissing(_ name: String, _ bytes: [UInt8], _ report: inout Report) throws {
        let url = root.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: url.path) {
            report.existing.append(name)
            return
        }
        // Schemas and .sops.yaml hold no secret: ordinary, readable files.
        try FileIO.writeNew(bytes, to: url, mode: 0o644)
        report.created.append(name)
    }
}
