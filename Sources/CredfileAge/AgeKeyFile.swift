/// Reading and writing age key files in the format of `age-keygen` 1.1.1 (age-format.md §2.3).
public enum AgeKeyFile {
    /// Identities from an age-keygen style file: skips empty lines and `#` lines, tolerates a trailing CR;
    /// any other line must be an identity. Errors name the LINE NUMBER, never the line.
    public static func parseIdentities(_ text: String) throws -> [AgeIdentity] {
        let identities = try entries(of: text).map { entry in
            try atLine(entry.number) { try AgeIdentity(parsing: entry.line) }
        }
        guard !identities.isEmpty else { throw AgeError(.invalidKey, "no identities found") }
        return identities
    }

    /// Recipients file (`age -R` rules): one age1… per line, # comments, blank lines.
    public static func parseRecipients(_ text: String) throws -> [AgeRecipient] {
        let recipients = try entries(of: text).map { entry in
            try atLine(entry.number) { try AgeRecipient(parsing: entry.line) }
        }
        guard !recipients.isEmpty else { throw AgeError(.invalidKey, "no recipients found") }
        return recipients
    }

    /// Exactly what age-keygen 1.1.1 writes: "# created: <RFC3339 UTC>\n# public key: age1…\nAGE-SECRET-KEY-1…\n"
    public static func format(_ identity: AgeIdentity, created: String) -> String {
        "# created: \(created)\n# public key: \(identity.recipient)\n\(identity.secretKeyString)\n"
    }

    /// The lines that are neither empty nor comments, numbered from 1. Splits on LF bytes,
    /// not Characters, because Swift treats CRLF as one Character; then drops one trailing CR,
    /// as Go's line scanner does.
    static func entries(of text: String) -> [(number: Int, line: String)] {
        let lines = Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        return lines.enumerated().compactMap { index, raw in
            let line = raw.last == UInt8(ascii: "\r") ? raw.dropLast() : raw
            guard !line.isEmpty, line.first != UInt8(ascii: "#") else { return nil }
            return (index + 1, String(decoding: line, as: UTF8.self))
        }
    }

    private static func atLine<T>(_ number: Int, _ parse: () throws -> T) throws -> T {
        do {
            return try parse()
        } catch let error as AgeError {
            throw AgeError(error.kind, "line \(number): \(error.message)")
        }
    }
}
