import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where field values come from besides FIELD=VALUE arguments, the same for `new` and `set`
/// (issue 16): `--stdin` with one FIELD given alone (before or after the flag, so both
/// `--stdin FIELD` and `FIELD --stdin` work), `--prompt FIELD` on the terminal,
/// `--value-file FIELD=FILE`.
struct FieldInputs: ParsableArguments {
    @Flag(help: "Read the value of the one FIELD given alone (without =VALUE) from standard input; one final line break is dropped.")
    var stdin = false

    @Option(
        help: ArgumentHelp("Ask for this field's value on the terminal, without echo, typed twice (repeatable).", valueName: "field"),
        completion: Completions.fields)
    var prompt: [String] = []

    @Option(help: ArgumentHelp("Take FIELD's value from FILE, without one final line break (repeatable).", valueName: "field=file"))
    var valueFile: [String] = []

    /// Whether anything besides the arguments gives a value.
    var isEmpty: Bool { prompt.isEmpty && valueFile.isEmpty }

    /// The arguments must be FIELD=VALUE, except exactly one FIELD alone with --stdin.
    func check(_ assignments: [String]) throws {
        let bare = assignments.filter { !$0.contains("=") }
        if stdin && bare.count != 1 {
            throw ValidationError("--stdin reads one value: give exactly one FIELD without =VALUE (FIELD=VALUE pairs may go with it)")
        }
        if !stdin, let index = assignments.firstIndex(where: { !$0.contains("=") }) {
            // The argument is not echoed: it may be a secret typed without its field name.
            throw ValidationError(
                "argument #\(index + 1) after NAME has no value: write FIELD=VALUE, or use --stdin FIELD, --prompt FIELD or --value-file FIELD=FILE")
        }
    }

    /// Every assignment: the arguments (the bare FIELD from standard input), the files, then
    /// the prompts, so a mistake elsewhere is reported before anyone types a secret.
    func collect(_ assignments: [String]) throws -> [FieldAssignment] {
        var result = try assignments.map { argument in
            argument.contains("=") ? try FieldAssignment(parsing: argument)
                : FieldAssignment(field: argument, text: try CredfileCommand.SetCommand.readStandardInput())
        }
        for spec in valueFile {
            let pair = try FieldAssignment(parsing: spec)
            // The one reading of value files, so `new` and `set` treat their bytes alike.
            result.append(FieldAssignment(field: pair.field, text: try CredfileCommand.SetCommand.readValueFile(pair.text, field: pair.field)))
        }
        if !prompt.isEmpty && !Prompt.isAvailable {
            throw CredfileError(.usage, "--prompt needs a terminal; without one use --stdin FIELD or --value-file FIELD=FILE")
        }
        for field in prompt {
            let value = try Prompt().secret(field)
            guard !value.isEmpty else { throw CredfileError(.usage, "nothing typed for '\(field)'; nothing written") }
            result.append(FieldAssignment(field: field, text: value))
        }
        return result
    }

    /// The fields given as FIELD=VALUE on the command line, where shell history keeps them.
    static func onCommandLine(_ assignments: [String]) -> [String] {
        assignments.compactMap { try? FieldAssignment(parsing: $0) }.map(\.field)
    }

    /// The note for a sensitive field given on the command line (`new` and `set` alike).
    static func historyNote(_ field: String) -> String {
        "note: '\(field)' was given on the command line, where shell history keeps it; "
            + "next time use --stdin \(field) or --prompt \(field)"
    }
}

/// A credential named on the command line: `NAME`, or its file `credentials/NAME.yaml`
/// (issue 16: `show`, `set`, `export` and `get` took only a name; `validate`, `encrypt` and
/// `decrypt` only a path). A path is accepted when it is a file directly in the repository's
/// `credentials/`; any other path is refused, saying which is wanted.
enum CredentialArgument {
    static func name(_ argument: String, in repository: Repository) throws -> String {
        guard argument.contains("/") || argument.hasSuffix(".yaml") else { return argument }
        let url = URL(fileURLWithPath: argument, relativeTo: CurrentRepository.workingDirectory).standardizedFileURL
        let file = url.lastPathComponent
        if let directory = repository.credentialsDirectory, file.hasSuffix(".yaml"),
            url.deletingLastPathComponent().resolvingSymlinksInPath().path == directory.standardizedFileURL.resolvingSymlinksInPath().path
        {
            return String(file.dropLast(5))
        }
        throw CredfileError(
            .usage, "'\(argument.prefix(200))' is not a credential file in credentials/",
            hints: ["give the credential's NAME (e.g. smtp-prod) or its file credentials/NAME.yaml"])
    }

    /// `PATH` as given when it exists; otherwise, for a credential NAME, its file. A NAME that
    /// is neither, but near a credential's name (`smtp-prdo`), is an error with the nearest.
    static func path(_ argument: String) throws -> String {
        guard !FileManager.default.fileExists(atPath: argument), CredentialName.isValid(argument),
            let repository = try? CurrentRepository.discover(), let file = try? repository.fileURL(named: argument)
        else { return argument }
        if FileManager.default.fileExists(atPath: file.path) { return repository.display(file) }
        guard let nearest = Suggestion.hint(for: argument, among: repository.credentialNames()) else { return argument }
        throw CredfileError(
            .io, "no such file, and no credential '\(argument)'", path: argument, hints: [nearest, "see 'credfile list'"])
    }
}
