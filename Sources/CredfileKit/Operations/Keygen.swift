public import CredfileAge
internal import CredfileYAML
public import Foundation

/// `credfile keygen`: a new age identity in the file format of `age-keygen` 1.1.1.
public enum Keygen {
    /// A new identity and its key-file text.
    public static func generate() throws -> (identity: AgeIdentity, fileText: String) {
        let identity = try AgeIdentity.generate()
        return (identity, AgeKeyFile.format(identity, created: GoTime.now().rfc3339))
    }

    /// Writes a new key file exclusively with mode 0600 (never overwrites), as `age-keygen -o`.
    public static func write(to url: URL) throws -> AgeRecipient {
        let (identity, text) = try generate()
        try FileIO.writeNew(Array(text.utf8), to: url, mode: 0o600)
        return identity.recipient
    }
}
