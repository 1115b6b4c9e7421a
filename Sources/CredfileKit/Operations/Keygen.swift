internal import CredfileAge
internal import CredfileYAML
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// `credfile keygen`: a new age identity in the file format of `age-keygen` 1.1.1.
public enum Keygen {
    /// A new identity: its public recipient (`age1…`) and its key-file text.
    public static func generate() throws -> (recipient: String, fileText: String) {
        let identity = try AgeIdentity.generate()
        return (identity.recipient.description, AgeKeyFile.format(identity, created: GoTime.now().rfc3339))
    }

    /// Writes a new key file exclusively with mode 0600 (never overwrites), as `age-keygen -o`,
    /// and returns the recipient.
    public static func write(to url: URL) throws -> String {
        let (recipient, text) = try generate()
        try FileIO.writeNew(Array(text.utf8), to: url, mode: 0o600)
        return recipient
    }
}
