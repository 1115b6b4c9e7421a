/// What `credfile check` found for one credential: the facts a person needs (reached, TLS
/// version, mechanisms offered …), whether it works, and hints for the failures users meet.
///
/// Every string here is printed as is, so none may hold a secret, a token, or a server's echo
/// of either: checks build these texts themselves from reply codes and their own words.
public struct CheckReport: Sendable, Equatable {
    /// The outcome of one check.
    public enum Outcome: String, Sendable, Equatable {
        /// The credential works (logged in, got a token with the required roles).
        case works
        /// It was checked and does not work (or could not be reached).
        case fails
        /// No live check exists for this credential's type; not a failure.
        case notCheckable = "not-checkable"
    }

    /// The credential's name.
    public var name: String
    /// Its type (`smtp`, `msgraph`, …).
    public var type: String
    /// Works, fails, or not checkable.
    public var outcome: Outcome
    /// What was established, in order ("reached smtp.example.com:587", "TLS 1.3", …).
    public var facts: [String]
    /// Why it fails, in one line (nil when it works or is not checkable).
    public var problem: String?
    /// What to do about the problem, most likely first.
    public var hints: [String]
    /// Things that work today but need attention (a secret that expires soon).
    public var warnings: [String]

    /// A report; checks fill it in as they go.
    public init(
        name: String, type: String, outcome: Outcome, facts: [String] = [], problem: String? = nil,
        hints: [String] = [], warnings: [String] = []
    ) {
        self.name = name
        self.type = type
        self.outcome = outcome
        self.facts = facts
        self.problem = problem
        self.hints = hints
        self.warnings = warnings
    }
}

/// How `credfile check` runs its checks (one value for every credential of a run).
public struct CheckOptions: Sendable {
    /// Seconds for each credential's whole check (connection, TLS, login).
    public var timeoutSeconds: Double
    /// The OAuth authority base for `msgraph` (default `https://login.microsoftonline.com`).
    public var authority: String?
    /// Allow a password over an unencrypted SMTP connection (refused otherwise).
    public var allowPlaintextAuth: Bool
    /// A PEM bundle / hashed directory of trusted CAs; nil: `SSL_CERT_FILE` / `SSL_CERT_DIR`,
    /// then the system store.
    public var caFile: String?
    public var caDirectory: String?
    /// Today's date, as YYYY-MM-DD (for "the secret expires in N days"); injected for tests.
    public var today: String

    /// Options for one run.
    public init(
        timeoutSeconds: Double = 20, authority: String? = nil, allowPlaintextAuth: Bool = false,
        caFile: String? = nil, caDirectory: String? = nil, today: String
    ) {
        self.timeoutSeconds = timeoutSeconds
        self.authority = authority
        self.allowPlaintextAuth = allowPlaintextAuth
        self.caFile = caFile
        self.caDirectory = caDirectory
        self.today = today
    }
}

/// A live check for the credential types it knows: it uses the decrypted credential and never
/// prints; everything it has to say goes into the returned report.
public protocol CredentialCheck: Sendable {
    /// The credential types (schema `type:`) this check knows.
    var types: Set<String> { get }
    /// Checks one decrypted credential. Failures of the check itself (unreachable, refused,
    /// bad certificate) are `.fails` reports, not thrown errors.
    func check(_ credential: Credential, options: CheckOptions) -> CheckReport
}

/// The checks `credfile check` knows, by type; a type without one is reported not checkable.
public enum CredentialChecks {
    /// Every live check (one line each; the SMTP and Graph checks register here).
    public static let all: [any CredentialCheck] = [
        SMTPCheck(),
        GraphCheck(),
    ]

    /// The check for a credential type, if any.
    public static func check(for type: String) -> (any CredentialCheck)? {
        all.first { $0.types.contains(type) }
    }
}
