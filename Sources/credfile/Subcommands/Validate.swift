import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile validate`: the two-tier check (pre-commit hook without a key, CI with one).
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check credential files against their type's schema (no key needed); with --decrypt also decrypt and verify.",
            discussion: """
                Without PATH, validates the repository's credentials/ (found from here upwards). All \
                problems of all files are reported, as path:line:col: severity: message [code]; no \
                value is ever printed; a summary line ends the report (`0 errors, 0 warnings in 12 \
                files`, on standard error; --quiet drops it). --format json prints JSON Lines: one \
                object per diagnostic, then {"summary":{"errors":N,"files":N,"warnings":N}}. Exit 0 when clean (warnings allowed unless --strict), 1 on \
                errors, 2 on usage errors. The diagnostic codes are listed in docs/validation.md. \
                With --staged, a file whose working-tree copy differs from the staged one (fixed \
                after 'git add') says so: 'git add' it again.

                Examples:
                  credfile validate
                  credfile validate --decrypt --format github
                  credfile validate --staged                       # the pre-commit hook
                  credfile validate --against origin/main          # CI on a pull request
                  credfile validate credentials/smtp-prod.yaml --format json
                  credfile validate smtp-prod                      # a NAME stands for its file
                """)

        @Argument(help: "Credential files, directories or credential NAMEs (default: the repository's credentials/).")
        var paths: [String] = []

        @Flag(help: "Also decrypt every value, check it, and verify the MAC (needs an identity).")
        var decrypt = false

        @Flag(help: "Validate the staged content (the index), and check name immutability against HEAD (the pre-commit hook).")
        var staged = false

        @Option(help: ArgumentHelp("Check name immutability against this ref (e.g. origin/main in CI).", valueName: "ref"))
        var against: String?

        @Option(help: ArgumentHelp("human, json or github (default: github under GitHub Actions, else human).", valueName: "format"))
        var format: String?

        @Flag(help: "Treat warnings (such as a secret expiring soon) as errors.")
        var strict = false

        @Option(help: ArgumentHelp("Warn when a secret expires within this many days.", valueName: "days"))
        var expiryWarningDays = 30

        @Option(help: .hidden)
        var today: String?

        @OptionGroup var keys: KeyOptions

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let format, DiagnosticFormat(rawValue: format) == nil {
                throw ValidationError("unknown format '\(format)'; use human, json or github")
            }
            if let today, Self.days(today) == nil { throw ValidationError("--today must be YYYY-MM-DD") }
            if expiryWarningDays < 0 { throw ValidationError("--expiry-warning-days must be 0 or more") }
            if (staged || against != nil) && !paths.isEmpty {
                throw ValidationError("--staged and --against validate the repository's credentials/; give no PATH")
            }
        }

        func run() throws {
            // The staged credentials are judged by the staged schemas (the same source).
            let repository = try CurrentRepository.discover(source: staged ? .index : .workingTree)
            let (files, found) = staged || against != nil ? ([], []) : try repository.credentialFiles(paths: paths.map { try CredentialArgument.path($0) })
            var options = ValidationOptions()
            options.decrypt = decrypt
            if decrypt { options.keys = keys.keyRing }
            options.expiryWarningDays = expiryWarningDays
            if let today { options.today = Self.days(today)! }
            let validator = RepositoryValidator(schemas: repository.schemas, options: options)
            var report = try (staged || against != nil)
                ? GitValidation(repository: repository, against: against, staged: staged).run(validator)
                : validator.validate(files)
            // Links, FIFOs and misplaced files first (the git tiers add their own to the report).
            report.diagnostics = found + report.diagnostics
            let diagnostics = repository.schemaDiagnostics + report.diagnostics
            let rendering = format.flatMap(DiagnosticFormat.init(rawValue:)) ?? .automatic
            // At most 100 per file are shown; the counts below and the exit status are of all.
            let summary = ValidationSummary(
                files: report.fileCount, errors: diagnostics.count { $0.severity == .error },
                warnings: diagnostics.count { $0.severity == .warning })
            rendering.render(DiagnosticLimit.apply(diagnostics), summary: summary)
            // The human summary is the one line --quiet silences; JSON's is data, always there.
            if rendering == .human { output.note(summary.text) }
            if summary.errors > 0 || (strict && summary.warnings > 0) { throw ExitCode(ExitStatus.failure) }
        }

        /// `YYYY-MM-DD` → days since 1970-01-01.
        static func days(_ text: String) -> Int? {
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, text.count == 10 else { return nil }
            return CredentialCalendar.days(year: parts[0], month: parts[1], day: parts[2])
        }
    }
}
