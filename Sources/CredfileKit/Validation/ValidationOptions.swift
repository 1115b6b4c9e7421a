internal import CredfileYAML

/// How `credfile validate` checks.
public struct ValidationOptions: Sendable {
    /// The CI tier: decrypt every value, check it, verify the MAC.
    public var decrypt = false
    /// The master keys to decrypt with (searched on first use).
    public var keys = KeyRing(discovery: IdentityDiscovery())
    /// A secret expiring within this many days is a warning.
    public var expiryWarningDays = 30
    /// Whether an expiry date that has passed is an error (`secret.expired`). Commands that
    /// record a credential (`new`, `set`) make it a warning: the date is the truth, and
    /// replacing the secret of an expired credential must be possible.
    public var expiredIsError = true
    /// "Today" as days since 1970-01-01 (UTC); injectable so expiry checks are testable.
    public var today = Int(GoTime.now().unixSeconds / 86_400)

    public init() {}
}
