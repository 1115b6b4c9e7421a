#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
internal import CredfileYAML

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
        let components = try Self.parseExtractPath(extract)
        let keys = components.compactMap { if case .key(let k) = $0 { k } else { nil } }
        if keys.count == components.count, let value = decrypted.value(at: keys) { return Array(value.extractText.utf8) }
        return try subtree(components, of: decrypted)
    }

    /// One step of an `--extract` path: a mapping key, or (sops's `[0]`) a list index.
    public enum PathComponent: Equatable, Sendable {
        case key(String)
        case index(Int)
    }

    /// What sops 3.11 prints for a path that is not a plain scalar: a list item by its index,
    /// `null` for a null, and a list or mapping as YAML (the decrypted rendering's lines of
    /// that node, indentation removed).
    func subtree(_ components: [PathComponent], of decrypted: DecryptedDocument) throws -> [UInt8] {
        let plain = try SOPSDocument(bytes: decrypted.plaintextYAML(), path: file.relativePath)
        var node = plain.yaml.root
        for component in components {
            let next: YAMLNode?
            switch component {
            case .key(let key): next = node.mapping?.first { $0.key == key }?.value
            case .index(let index): next = node.sequence.flatMap { index < $0.count ? $0[index] : nil }
            }
            guard let next else {
                throw CredfileError(.noSuchField, "no field '\(Self.display(components))'", path: file.relativePath)
            }
            node = next
        }
        if let scalar = node.scalar {
            let resolved = YAMLResolver.resolve(scalar)
            if resolved == .null { return Array("null\n".utf8) }
            guard let value = try SOPSValue(resolved) else { return Array("null\n".utf8) }
            return Array(value.extractText.utf8)
        }
        let source = plain.yaml.source
        let indent = node.range.start.column - 1
        let lines = source[node.range.start.offset..<node.range.end.offset].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var out: [UInt8] = []
        for (n, line) in lines.enumerated() {
            if n > 0 && line.isEmpty { continue }
            let spaces = line.prefix { $0 == UInt8(ascii: " ") }.count
            out += n == 0 ? Array(line) : Array(line.dropFirst(min(spaces, indent)))
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    static func display(_ components: [PathComponent]) -> String {
        components.map { if case .key(let k) = $0 { "[\"\(k)\"]" } else if case .index(let i) = $0 { "[\(i)]" } else { "" } }.joined()
    }

    /// `a.b`, or sops's `["a"]["b"][0]`, where `[0]` is a list index.
    public static func parseExtractPath(_ text: String) throws -> [PathComponent] {
        guard text.hasPrefix("[") else { return try parseFieldPath(text).map { .key($0) } }
        var parts: [PathComponent] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.hasPrefix("[\""), let close = rest.firstRange(of: "\"]") {
                parts.append(.key(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound])))
                rest = rest[close.upperBound...]
            } else if rest.hasPrefix("["), let close = rest.firstIndex(of: "]"),
                let index = Int(rest[rest.index(after: rest.startIndex)..<close]), index >= 0
            {
                parts.append(.index(index))
                rest = rest[rest.index(after: close)...]
            } else {
                throw CredfileError(.usage, "field path must look like [\"a\"][\"b\"] or [\"a\"][0]")
            }
        }
        return parts
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
            guard rest.hasPrefix("[\""), let close = rest.firstRange(of: "\"]") else {
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
        // go-yaml's 'g' form, not the 'f' form sops encrypts (`6.02e+23`, not 6020…0).
        case .float(let d): GoFormat.formatFloatG(d) + "\n"
        default: canonicalText + "\n"
        }
    }
}
