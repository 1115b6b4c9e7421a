import CredfileKit

/// The aligned tables of `list` and `schema list/show`: columns padded to their widest cell,
/// two spaces apart, trailing white space removed from each line, a final line break.
enum TextTable {
    /// `header` then `rows`; every row has as many cells as the header.
    static func render(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            // `\s+$` rather than trimming spaces: a last cell ending in other white space (a
            // schema description) was always trimmed too, and the output must stay the same.
            String(
                row.enumerated().map { $0.element.padded(to: widths[$0.offset]) }
                    .joined(separator: "  ").reversed().drop(while: \.isWhitespace).reversed())
        }.joined(separator: "\n") + "\n"
    }
}
