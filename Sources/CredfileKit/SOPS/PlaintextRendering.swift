internal import CredfileCrypto
internal import CredfileYAML

extension DecryptedDocument {
    /// The file with every value in plain text and the `sops` block removed: the original
    /// bytes with only the encrypted tokens replaced, so comments, order and layout survive.
    ///
    /// Encrypted comments (`#ENC[…,type:comment]` lines, and list items of type comment) are
    /// decrypted too; a comment that does not open is kept as it is, as sops does (§5.2).
    public func plaintextYAML() throws -> [UInt8] {
        let source = document.yaml.source
        var edits: [TextEdit] = []
        for leaf in leaves where leaf.encrypted != nil {
            if let comment = leaf.comment {
                if let edit = commentItemEdit(leaf.leaf, text: comment, source: source) { edits.append(edit) }
            } else if let value = leaf.value {
                let token = Self.token(for: value, inFlow: leaf.leaf.inFlow)
                edits.append(TextEdit(range: leaf.leaf.node.range.byteRange, replacement: Array(token.utf8)))
            }
        }
        edits += commentLineEdits(source: source)
        if let entry = document.sopsEntry { edits.append(SOPSDocument.lineRemoval(of: entry, in: source)) }
        return try TextEdit.apply(edits.sorted { $0.range.lowerBound < $1.range.lowerBound }, to: source)
    }

    /// A token for `value`; inside a flow collection anything with a flow indicator is quoted.
    static func token(for value: SOPSValue, inFlow: Bool) -> String {
        let token = value.yamlToken
        guard inFlow, case .string(let s) = value, !token.hasPrefix("\"") else { return token }
        return token.contains(where: { ",[]{}".contains($0) }) ? YAMLScalarWriter.doubleQuoted(s) : token
    }

    /// A sequence comment item `- ENC[…]` becomes the comment line `# text` (dash included).
    private func commentItemEdit(_ leaf: SOPSDocument.Leaf, text: String, source: [UInt8]) -> TextEdit? {
        guard !leaf.inFlow else { return nil }
        var dash = leaf.node.range.start.offset - 1
        while dash >= 0 && source[dash] == UInt8(ascii: " ") { dash -= 1 }
        guard dash >= 0, source[dash] == UInt8(ascii: "-") else { return nil }
        return TextEdit(range: dash..<leaf.node.range.end.offset, replacement: Array("#\(text)".utf8))
    }

    /// Full-line `#ENC[…]` comments, decrypted.
    private func commentLineEdits(source: [UInt8]) -> [TextEdit] {
        encryptedCommentLines().map { TextEdit(range: $0.line, replacement: Array("#".utf8) + $0.plaintext) }
    }

    /// Every full-line `#ENC[…,type:comment]` that opens with the data key, with its plaintext
    /// and AAD. The AAD is the path of the mapping or list that holds the comment (§2.1), which
    /// the text alone does not say, so each enclosing path is tried; GCM authentication tells
    /// which one is right. A line no candidate opens is skipped, as sops keeps it (§5.2).
    func encryptedCommentLines() -> [(line: Range<Int>, plaintext: [UInt8], aad: [UInt8])] {
        let source = document.yaml.source
        let candidates = [[]] + Self.containerPaths(document.yaml.root)
        var found: [(Range<Int>, [UInt8], [UInt8])] = []
        for line in Self.commentLines(source, excluding: leaves.map(\.leaf.node.range.byteRange)) {
            let text = String(decoding: source[line], as: UTF8.self)
            guard let token = try? EncryptedValue(parsing: String(text.dropFirst())), token.type == "comment" else { continue }
            for path in candidates {
                let aad = AdditionalData.forPath(path)
                if let plain = try? AESGCM.open(token.data, tag: token.tag, key: dataKey, iv: token.iv, aad: aad) {
                    found.append((line, plain, aad))
                    break
                }
            }
        }
        return found
    }

    /// Byte ranges of `#ENC[` comment tokens (from `#` to end of line) outside any scalar.
    static func commentLines(_ source: [UInt8], excluding scalars: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        while start < source.count {
            let end = source[start...].firstIndex(of: UInt8(ascii: "\n")) ?? source.count
            var i = start
            while i < end && source[i] == UInt8(ascii: " ") { i += 1 }
            if source[i..<end].starts(with: Array("#ENC[".utf8)), !scalars.contains(where: { $0.contains(i) }) {
                result.append(i..<end)
            }
            start = end + 1
        }
        return result
    }

    /// The key paths of every mapping and list in the document (comment AAD candidates).
    static func containerPaths(_ node: YAMLNode, path: [String] = []) -> [[String]] {
        switch node.content {
        case .scalar: return []
        case .sequence(let items): return [path] + items.flatMap { containerPaths($0, path: path) }
        case .mapping(let entries):
            let own = path.isEmpty ? [] : [path]
            return own + entries.flatMap { entry -> [[String]] in
                path.isEmpty && entry.key == "sops" ? [] : containerPaths(entry.value, path: path + [entry.key])
            }
        }
    }
}
