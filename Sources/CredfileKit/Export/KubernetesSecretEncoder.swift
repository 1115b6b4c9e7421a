internal import CredfileYAML

/// `k8s`: one `v1/Secret` per credential, values base64 in `data:` (never `stringData:`, whose
/// plaintext `kubectl apply` would copy into an annotation), documents separated by `---`.
/// Every scalar is quoted: a name like `true` or a base64 text like `1234` would otherwise
/// change type.
enum KubernetesSecretEncoder: ExportEncoder {
    static let name = "k8s"
    static let summary = "a Kubernetes v1/Secret manifest per credential, values base64 in data:"
    static let consumer = "a Kubernetes Secret"
    /// The API server's limit on a Secret's data.
    static let maxDataBytes = 1 << 20

    static func encode(
        _ variables: [ExportVariable], options: ExportOptions, random: inout some RandomNumberGenerator
    ) throws -> ExportOutput {
        if let namespace = options.namespace, !isDNSLabel(namespace) {
            throw CredfileError(.usage, "the namespace \(String(reflecting: namespace)) is not a DNS-1123 label")
        }
        var documents: [String] = []
        for (credential, group) in grouped(variables) {
            documents.append(try document(credential, group, namespace: options.namespace))
        }
        return ExportOutput(text: documents.joined(separator: "---\n"))
    }

    /// Credentials in order of first appearance, each with its variables.
    private static func grouped(_ variables: [ExportVariable]) -> [(String, [ExportVariable])] {
        var order: [String] = []
        var groups: [String: [ExportVariable]] = [:]
        for variable in variables {
            if groups[variable.credential] == nil { order.append(variable.credential) }
            groups[variable.credential, default: []].append(variable)
        }
        return order.map { ($0, groups[$0]!) }
    }

    private static func document(_ credential: String, _ variables: [ExportVariable], namespace: String?) throws -> String {
        guard isDNSSubdomain(credential) else {
            throw CredfileError(
                .cannotExport, "credential name '\(credential)' is not a DNS-1123 subdomain, as a Secret's name must be")
        }
        let size = variables.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count }
        if size > maxDataBytes {
            throw CredfileError(.cannotExport, "the Secret for '\(credential)' would hold more than 1 MiB of data")
        }
        var text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: \(YAMLEnvEncoder.quoted(credential))\n"
        if let namespace { text += "  namespace: \(YAMLEnvEncoder.quoted(namespace))\n" }
        text += "type: Opaque\ndata:\n"
        for variable in variables {
            text += "  \(YAMLEnvEncoder.quoted(variable.name)): \"\(Base64.encode(Array(variable.value.utf8)))\"\n"
        }
        try check(text, credential: credential, variables)
        return text
    }

    /// Loads the document with libyaml and checks the name and that each `data` entry decodes
    /// to its value's bytes.
    private static func check(_ text: String, credential: String, _ variables: [ExportVariable]) throws {
        var limits = YAMLLoadLimits()
        limits.maxBytes = max(limits.maxBytes, text.utf8.count)
        let root = (try? YAMLLoader.load(Array(text.utf8), limits: limits))?.root
        let data = root?["data"]?.mapping ?? []
        guard root?["metadata"]?["name"]?.scalar?.value == credential, data.count == variables.count else {
            throw CredfileError(.cannotExport, "the Secret for '\(credential)' would not read back unchanged")
        }
        for (entry, variable) in zip(data, variables) {
            guard entry.key == variable.name, let encoded = entry.value.scalar?.value,
                Base64.decode(encoded) == Array(variable.value.utf8)
            else { throw ExportRules.noRoundTrip(variable, consumer) }
        }
    }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`, at most 253 characters.
    static func isDNSSubdomain(_ name: String) -> Bool {
        name.utf8.count <= 253 && name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isLabel($0) }
    }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters.
    static func isDNSLabel(_ name: String) -> Bool { name.utf8.count <= 63 && isLabel(Substring(name)) }

    private static func isLabel(_ label: Substring) -> Bool {
        let bytes = Array(label.utf8)
        func alnum(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) }
        guard let first = bytes.first, let last = bytes.last, alnum(first), alnum(last) else { return false }
        return bytes.allSatisfy { alnum($0) || $0 == UInt8(ascii: "-") }
    }
}
