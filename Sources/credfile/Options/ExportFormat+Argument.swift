// Public imports: a conformance of a public type is public, so its protocol and type must be
// imported publicly (InternalImportsByDefault); CredfileKit itself stays free of ArgumentParser.
public import ArgumentParser
public import CredfileKit

/// `--format`'s values and their help come from the registry, `ExportFormat.allCases`.
extension ExportFormat: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }

    /// The summary, which argument-parser prints next to each value in `--help`.
    public var defaultValueDescription: String { summary }

    /// The format named `argument`, or an error listing them all.
    static func parse(_ argument: String) throws -> ExportFormat {
        guard let format = ExportFormat(rawValue: argument) else {
            throw ValidationError("unknown format '\(argument)'; formats: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return format
    }
}
