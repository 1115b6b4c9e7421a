public import Foundation

/// `credfile decrypt FILE`: the plaintext YAML, or one value with `extract`.
public struct DecryptFile: Sendable {
    public var file: URL
    public var keys: KeyRing
    /// A field path (`password`, `db.password` or sops's `["db"]["password"]`).
    public var extract: String?
    public var verifyMAC = true

    public init(file: URL, keys: KeyRing) {
        self.file = file
        self.keys = keys
    }

    /// The bytes to print.
    public func run() throws -> [UInt8] {
        let document = try SOPSDocument(bytes: FileIO.read(file), path: file.relativePath)
        let decrypted = try document.decrypt(keys: keys, verifyMAC: verifyMAC)
        guard let extract else { return try decrypted.plaintextYAML() }
        let path = try Self.parseFieldPath(extract)
        guard let value = decrypted.value(at: path) else {
            throw CredfileError(.noSuchField, "no scalar field '\(SOPSDocument.display(path))'", path: file.relativePath)
        }
        return Array(value.extractText.utf8)
    }

    /// `a.b`, or sops's `["a"]["b"]` for keys that contain dots.
    public static func parseFieldPath(_ text: String) throws -> [String] {
        guard text.hasPrefix("[") else {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !parts.contains(where: \.isEmpty) else { throw CredfileError(.usage, "empty component in field path") }
            return parts
        }
        var parts: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            guard rest.hasPrefix("[\""), let close = rest.range(of: "\"]") else {
                throw CredfileError(.usage, "field path must look like [\"a\"][\"b\"]")
            }
            parts.append(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return parts
    }
}

extension SOPSValue {
    /// What `--extract` prints, as sops 3.11 does: a string raw with no trailing newline;
    /// any other scalar as its YAML text followed by a newline (`true`, `1`, `2024-01-02T00:00:00Z`).
    var extractText: String {
        switch self {
        case .string(let s): s
        case .bool(let b): (b ? "true" : "false") + "\n"
        default: canonicalText + "\n"
        }
    }
}
