import ArgumentParser
import CredfileKit

/// Every exit status credfile ends with, in one table (as sops's `cmd/sops/codes/codes.go`).
/// Where the meaning matches sops, the number is sops's, so scripts written for sops keep
/// working. The root command's help is generated from `summary`, and a test holds the README's
/// "Exit codes" table to exactly these numbers, so the three cannot drift apart. Not listed:
/// `exec` passes its command's own status through, and a signal ends credfile with 128 + n.
enum ExitStatus: Int32, CaseIterable {
    /// Success.
    case success = 0
    /// `validate` found an error, `merge-driver` a conflict, `check` a credential that does not work,
    /// `send-mail` an SMTP failure, or a step failed (no such field, not encrypted, cannot export,
    /// invalid credential).
    case failure = 1
    /// Bad arguments (argument-parser's own would be 64).
    case usage = 2
    /// A file or directory cannot be read or written.
    case io = 3
    /// Not credfile YAML, malformed sops metadata, or a sops feature credfile does not implement.
    case malformed = 4
    /// `.sops.yaml` is invalid.
    case config = 5
    /// A value cannot be encrypted in the sops format (sops's `ErrorEncryptingTree`).
    case cannotEncrypt = 23
    /// A value does not decrypt (sops's `ErrorDecryptingTree`).
    case decryptFailed = 25
    /// The MAC does not match the values, cannot be decrypted, or is missing (sops's
    /// `MacMismatch`: sops 3.11 exits 51 for "File has no MAC" too, never its `MacNotFound` 52).
    case macMismatch = 51
    /// Nothing to encrypt to (sops's `NoEncryptionKeyFound`).
    case noRecipients = 111
    /// `exec`: the command exists but cannot be run (as shells report it).
    case execCannotRun = 126
    /// `exec`: the command is not found (as shells report it).
    case execNotFound = 127
    /// No identity could unwrap the data key (sops's `CouldNotRetrieveKey`).
    case noIdentity = 128
    /// The file is already encrypted (sops's `FileAlreadyEncrypted`).
    case alreadyEncrypted = 203

    /// The status a library error ends the process with. Exhaustive, so a new error kind does
    /// not compile until it has a number.
    init(_ kind: CredfileError.Kind) {
        self =
            switch kind {
            case .usage: .usage
            case .io: .io
            case .malformedYAML, .malformedSOPS, .unsupported: .malformed
            case .config: .config
            case .noSuchField, .notEncrypted, .keyService, .mailFailed, .cannotExport, .invalidCredential, .invalidField, .invalidSchema: .failure
            case .cannotEncrypt: .cannotEncrypt
            case .decryptFailed: .decryptFailed
            case .macMismatch, .macNotFound: .macMismatch
            case .noRecipients: .noRecipients
            case .noIdentity: .noIdentity
            case .alreadyEncrypted: .alreadyEncrypted
            }
    }

    /// A few words for `credfile --help`.
    var summary: String {
        switch self {
        case .success: "ok"
        case .failure: "validation errors, a merge conflict, a credential that does not work (check), an SMTP failure (send-mail) or a failed step"
        case .usage: "usage"
        case .io: "file I/O"
        case .malformed: "malformed input or unsupported sops feature"
        case .config: "bad .sops.yaml"
        case .cannotEncrypt: "cannot encrypt a value"
        case .decryptFailed: "a value does not decrypt"
        case .macMismatch: "MAC mismatch"
        case .noRecipients: "no recipients"
        case .execCannotRun: "exec: the command cannot run"
        case .execNotFound: "exec: the command is not found"
        case .noIdentity: "no identity opens the file"
        case .alreadyEncrypted: "already encrypted"
        }
    }

    /// The root command's help paragraph, generated so it always lists every number.
    static var helpText: String {
        "Exit codes (sops's numbers where the meaning is the same): "
            + allCases.map { "\($0.rawValue) \($0.summary)" }.joined(separator: "; ") + "."
    }
}

extension ExitCode {
    /// Ends a command with a status from the table.
    init(_ status: ExitStatus) { self.init(status.rawValue) }
}
