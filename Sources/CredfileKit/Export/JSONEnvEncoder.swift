#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// `json`: one object `{"NAME":"value",…}` on one line, keys sorted, RFC 8259 escaping — the
/// style of all of credfile's JSON output (a one-line JSON Lines file; README "JSON output").
enum JSONEnvEncoder: ExportEncoder {
    static let name = "json"
    static let summary = "one JSON object {\"NAME\":\"value\"} on one line, keys sorted"

    static func encode(
        _ variables: [ExportVariable], options: ExportOptions, random: inout some RandomNumberGenerator
    ) throws -> ExportOutput {
        let sorted = variables.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        let text = JSONText.object(sorted.map { ($0.name, .string($0.value)) }).compact() + "\n"
        let read = parse(text)
        for variable in sorted where !(read?[variable.name]?.utf8.elementsEqual(variable.value.utf8) ?? false) {
            throw ExportRules.noRoundTrip(variable, "a JSON parser")
        }
        return ExportOutput(text: text)
    }

    /// Foundation's decoder, as a stand-in for any RFC 8259 consumer.
    static func parse(_ text: String) -> [String: String]? {
        try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }
}
