import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The one writer of credfile's `--format json` output (`list`, `show`, `validate`, `schema
/// list`, `schema show`; `export --format json` writes its object the same way): JSON Lines —
/// one compact JSON value per line, `"key":value` without spaces, keys sorted (UTF-8 order) at
/// every level. One rule for every command, and one that streams: `validate` over 10,000 files
/// and `list` of 10,000 credentials print each record as a line that `jq`, `grep` or a line
/// reader takes as it comes (`jq -s` gathers them into an array). The README's "JSON output"
/// section shows each command's shape.
enum JSONLines {
    /// `value` as one line: sorted keys, no spaces, a final line break.
    static func line(_ value: JSONText) -> String { value.sortingKeys().compact() + "\n" }

    /// Writes each value as one line on standard output.
    static func write(_ values: JSONText...) { write(values) }

    static func write(_ values: [JSONText]) {
        FileHandle.standardOutput.write(Data(values.map(line).joined().utf8))
    }
}
