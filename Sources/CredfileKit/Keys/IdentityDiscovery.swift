public import CredfileAge
internal import CredfilePOSIX
public import Foundation

/// Finds age identities exactly where sops 3.11 looks (its `age/keysource.go`, DESIGN.md
/// §2.5, sops-format.md §4.3), in its order, loading all of them:
///
/// 1. ssh keys: `SOPS_AGE_SSH_PRIVATE_KEY_FILE`, then `~/.ssh/id_ed25519` and `~/.ssh/id_rsa`
///    when they exist;
/// 2. `SOPS_AGE_KEY`, `SOPS_AGE_KEY_FILE`, `SOPS_AGE_KEY_CMD`;
/// 3. `$XDG_CONFIG_HOME/sops/age/keys.txt` (default `~/.config/sops/age/keys.txt`).
///
/// A key file may itself be an age file encrypted with a passphrase (`age -p`, armored or
/// not), and an ssh key may be passphrase-protected; either is opened only when no other
/// identity opens a file (an ssh key: only for files encrypted to it), with the passphrase
/// from `passphrase`. `--identity FILE` replaces the search (key-sources.md §1).
public struct IdentityDiscovery: Sendable {
    /// Asked for the passphrase of the identity file named by its argument; returns nil when
    /// there is nobody to ask (no terminal). Library code never reads the terminal itself.
    public typealias PassphraseProvider = @Sendable (_ source: String) throws -> String?

    public var environment: [String: String]
    /// `--identity` files; when non-empty, nothing else is consulted.
    public var explicitFiles: [String]
    /// Where passphrases of encrypted identity files come from; nil: never asked.
    public var passphrase: PassphraseProvider?
    /// Receives a warning when a configured source fails while others give identities (sops
    /// goes on then too), e.g. `SOPS_AGE_KEY_FILE` naming a missing file.
    public var warn: @Sendable (String) -> Void

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, explicitFiles: [String] = [],
        passphrase: PassphraseProvider? = nil, warn: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.environment = environment
        self.explicitFiles = explicitFiles
        self.passphrase = passphrase
        self.warn = warn
    }

    /// What a search found.
    public struct Found: Sendable {
        /// Identities ready to use, in search order.
        public var identities: [AgeIdentity] = []
        /// Passphrase-protected identity files, opened only when needed.
        public var locked: [LockedIdentityFile] = []
        /// Default locations (`~/.ssh/id_*`) that exist but cannot be used, e.g. an old PEM
        /// key: said only when no identity opens a file, as sops does.
        public var notes: [String] = []
    }

    /// Whether the environment variable `name` holds a key or leads to one, so `credfile exec`
    /// keeps it from the deployed program: `SOPS_AGE_KEY`, `SOPS_AGE_KEY_FILE`,
    /// `SOPS_AGE_KEY_CMD`, `SOPS_AGE_SSH_PRIVATE_KEY_FILE` (read here), and any later
    /// `SOPS_*` variable with `KEY` in its name. Recipients (`SOPS_AGE_RECIPIENTS`), fingerprints
    /// and KMS identifiers are public, or useless without other credentials, and stay. credfile
    /// reads no variable of its own (`--identity` is an option).
    public static func isKeyVariable(_ name: String) -> Bool {
        name.hasPrefix("SOPS_") && name.contains("KEY")
    }

    /// Every identity found that needs no passphrase. Parse errors name the source, never its
    /// contents.
    public func identities() throws -> [AgeIdentity] {
        try search().identities
    }

    /// The whole search. With `--identity` every failure is an error. Otherwise, as sops, a
    /// failing source is an error only when no other source gives an identity; else a warning.
    public func search() throws -> Found {
        var found = Found()
        if !explicitFiles.isEmpty {
            for file in explicitFiles { try add(fromFile(file), to: &found) }
            return found
        }
        var problems: [(source: String, error: CredfileError)] = []
        func attempt(_ source: String, _ load: () throws -> Loaded) {
            do { try add(load(), to: &found) } catch let error as CredfileError { problems.append((source, error)) } catch {}
        }
        if let file = nonEmpty("SOPS_AGE_SSH_PRIVATE_KEY_FILE") { attempt("SOPS_AGE_SSH_PRIVATE_KEY_FILE") { try sshKey(file) } }
        for file in defaultSSHKeyFiles() where FileManager.default.fileExists(atPath: file) {
            do { try add(sshKey(file), to: &found) } catch let error as CredfileError { found.notes.append(error.message) }
        }
        if let text = nonEmpty("SOPS_AGE_KEY") { attempt("SOPS_AGE_KEY") { try parse(Array(text.utf8), source: "SOPS_AGE_KEY") } }
        if let file = nonEmpty("SOPS_AGE_KEY_FILE") { attempt("SOPS_AGE_KEY_FILE") { try fromFile(file) } }
        if let command = nonEmpty("SOPS_AGE_KEY_CMD") { attempt("SOPS_AGE_KEY_CMD") { try fromCommand(command) } }
        let fallback = defaultKeyFile()
        if FileManager.default.fileExists(atPath: fallback) { attempt(fallback) { try fromFile(fallback) } }
        if let first = problems.first, found.identities.isEmpty && found.locked.isEmpty { throw first.error }
        for (source, error) in problems {
            let what = error.path.map { "\($0): \(error.message)" } ?? error.message
            warn("\(source): \(what); using the identities found elsewhere")
        }
        return found
    }

    /// `$XDG_CONFIG_HOME/sops/age/keys.txt`, else `$HOME/.config/sops/age/keys.txt`.
    public func defaultKeyFile() -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (home + "/.config")
        return base + "/sops/age/keys.txt"
    }

    /// `~/.ssh/id_ed25519`, `~/.ssh/id_rsa`: sops 3.11 tries both when they exist.
    public func defaultSSHKeyFiles() -> [String] {
        [home + "/.ssh/id_ed25519", home + "/.ssh/id_rsa"]
    }

    private var home: String { environment["HOME"] ?? NSHomeDirectory() }

    private func nonEmpty(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Identity files that others can read, as ssh warns about private keys: the files this
    /// discovery would read (`--identity`, `SOPS_AGE_KEY_FILE`, `SOPS_AGE_SSH_PRIVATE_KEY_FILE`,
    /// the default keys.txt) whose mode grants group or other any access. Messages name the
    /// file, never its contents.
    public func permissionWarnings() -> [String] {
        var files = explicitFiles
        if files.isEmpty {
            files += ["SOPS_AGE_KEY_FILE", "SOPS_AGE_SSH_PRIVATE_KEY_FILE"].compactMap { nonEmpty($0) }
            files.append(defaultKeyFile())
        }
        return files.compactMap { path in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0
            else { return nil }
            return "identity file \(path) is readable by others (mode \(String(mode, radix: 8))); run: chmod 600 \(path)"
        }
    }

    /// What one source gave.
    enum Loaded {
        case identities([AgeIdentity])
        case locked(LockedIdentityFile)
    }

    private func add(_ loaded: Loaded, to found: inout Found) {
        switch loaded {
        case .identities(let identities): found.identities += identities
        case .locked(let file): found.locked.append(file)
        }
    }

    private func read(_ path: String) throws -> [UInt8] {
        try FileIO.read(URL(fileURLWithPath: path))
    }

    /// An age key file, an encrypted one, or (as `age -i` accepts) an ssh private key.
    private func fromFile(_ path: String) throws -> Loaded {
        let bytes = try read(path)
        if AgeIdentity.looksLikeSSHPrivateKey(bytes) { return try sshKey(path, bytes: bytes) }
        return try parse(bytes, source: path)
    }

    /// An ssh private key; a passphrase-protected one is kept locked, with its public half,
    /// until a file is encrypted to it (agessh's `EncryptedSSHIdentity` asks only then too).
    private func sshKey(_ path: String, bytes: [UInt8]? = nil) throws -> Loaded {
        do {
            let bytes = try bytes ?? read(path)
            if let recipient = try AgeIdentity.sshPrivateKeyLock(bytes) {
                return .locked(LockedIdentityFile(source: path, contents: bytes, sshRecipient: recipient))
            }
            return .identities([try AgeIdentity(sshPrivateKey: bytes)])
        } catch let error as AgeError {
            throw CredfileError(
                .noIdentity, "cannot use the ssh key \(path): \(error.message)",
                hints: ["use an ssh-ed25519 or ssh-rsa key in the OpenSSH format, or an age identity"])
        }
    }

    private func fromCommand(_ command: String) throws -> Loaded {
        let result: ChildProcess.Result
        do {
            result = try ChildProcess("/bin/sh", ["-c", command]).run()
        } catch {
            throw CredfileError(.noIdentity, "SOPS_AGE_KEY_CMD could not be started")
        }
        guard result.termination == .exited(0) else {
            throw CredfileError(.noIdentity, "SOPS_AGE_KEY_CMD exited with status \(result.termination.shellStatus)")
        }
        return try parse(Array(result.stdout), source: "SOPS_AGE_KEY_CMD")
    }

    /// sops peeks at the first 14 bytes: `age-encryption` or `-----BEGIN AGE` is an age file
    /// (the identities encrypted with a passphrase), anything else a key file.
    private func parse(_ bytes: [UInt8], source: String) throws -> Loaded {
        if bytes.starts(with: Array("age-encryption".utf8)) || bytes.starts(with: Array("-----BEGIN AGE".utf8)) {
            return .locked(LockedIdentityFile(source: source, contents: bytes))
        }
        do {
            return .identities(try AgeKeyFile.parseIdentities(String(decoding: bytes, as: UTF8.self)))
        } catch let error as AgeError {
            throw CredfileError(.noIdentity, "cannot read identities from \(source): \(error.message)")
        }
    }
}

/// An identity file encrypted with a passphrase (`age -p`), as sops's `EncryptedIdentity`, or
/// a passphrase-protected ssh key: kept encrypted until an identity is needed, then opened
/// once with the passphrase.
public struct LockedIdentityFile: Sendable {
    /// The file's path, or the variable it came from.
    public let source: String
    let contents: [UInt8]
    /// For an ssh key, its public half: the key is opened only for files encrypted to it.
    public let sshRecipient: AgeRecipient?

    init(source: String, contents: [UInt8], sshRecipient: AgeRecipient? = nil) {
        self.source = source
        self.contents = contents
        self.sshRecipient = sshRecipient
    }

    /// What it is, for messages.
    private var what: String { sshRecipient == nil ? "the identity file \(source)" : "the ssh key \(source)" }

    /// Whether a file with these `age:` recipients could need it.
    func mayOpen(_ recipients: [String]) -> Bool {
        guard let sshRecipient else { return true }
        return recipients.contains { (try? AgeRecipient(parsing: $0))?.isSameKey(as: sshRecipient) == true }
    }

    /// The identities inside, with `passphrase` (asked once; nil means nobody to ask).
    func open(passphrase: IdentityDiscovery.PassphraseProvider?) throws -> [AgeIdentity] {
        if sshRecipient == nil {
            // A damaged header or a work factor over the cap fails now, not after the prompt.
            do {
                try Age.checkPassphraseHeader(contents)
            } catch let error as AgeError {
                throw CredfileError(.noIdentity, "cannot decrypt \(what): \(error.message)")
            }
        }
        guard let secret = try passphrase?(source) else {
            throw CredfileError(
                .noIdentity, "\(what) is encrypted with a passphrase, and there is no terminal to ask for it",
                hints: ["run the command in a terminal, or provide a key without a passphrase (SOPS_AGE_KEY_CMD can decrypt one)"])
        }
        if sshRecipient != nil { return [try openSSHKey(passphrase: secret)] }
        let plain: [UInt8]
        do {
            plain = try Age.decrypt(contents, passphrase: secret)
        } catch let error as AgeError where error.kind == .noMatch {
            throw CredfileError(.noIdentity, "incorrect passphrase for \(what)")
        } catch let error as AgeError {
            throw CredfileError(.noIdentity, "cannot decrypt \(what): \(error.message)")
        }
        do {
            return try AgeKeyFile.parseIdentities(String(decoding: plain, as: UTF8.self))
        } catch let error as AgeError {
            throw CredfileError(.noIdentity, "cannot read identities from \(source): \(error.message)")
        }
    }

    private func openSSHKey(passphrase: String) throws -> AgeIdentity {
        do {
            return try AgeIdentity(sshPrivateKey: contents, passphrase: passphrase)
        } catch let error as AgeError where error.kind == .noMatch {
            throw CredfileError(.noIdentity, "incorrect passphrase for \(what)")
        } catch let error as AgeError {
            throw CredfileError(.noIdentity, "cannot use \(what): \(error.message)")
        }
    }
}
