import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile check NAME… | --all`: does each credential still work (SMTP login, Graph token)?
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check live that credentials still work (SMTP login, Microsoft Graph token); nothing is sent.",
            discussion: """
                smtp: connects (implicit TLS on port 465 or with tls_mode: implicit, STARTTLS when tls \
                is true — a server that does not offer it fails, never a fall-back to plain text), \
                verifies the certificate chain and host name (SSL_CERT_FILE / SSL_CERT_DIR for a \
                private CA), says EHLO, logs in with PLAIN or LOGIN, and QUITs; no mail is sent. A \
                password over an unencrypted connection (tls: false, not port 465) is refused unless \
                --allow-plaintext-auth. msgraph: the client-credentials token request and its roles. \
                Other types are reported as not checkable (not a failure).

                Exit status: 0 when every checked credential works, 1 when one does not, 128 when one \
                could not be decrypted (and the others were still checked). Secrets, tokens and a \
                server's echo of them are never printed. Checks run side by side (at most 4), \
                reported in the order given.

                Examples:
                  credfile check smtp-prod
                  credfile check --all --format github         # a scheduled CI job
                  credfile check graph-inbox --authority https://login.microsoftonline.us
                """)

        @Argument(help: "The credentials' names (or files credentials/NAME.yaml).")
        var names: [String] = []

        @Flag(help: "Check every credential in credentials/.")
        var all = false

        @Option(help: "Output format: human, json (one object a line, then a summary) or github (workflow annotations).")
        var format: CheckFormat = .human

        @Option(help: "Seconds for each credential's whole check.")
        var timeout: Double = 20

        @Option(help: "The OAuth authority for msgraph (default: CREDFILE_MSGRAPH_AUTHORITY, else https://login.microsoftonline.com).")
        var authority: String?

        @Flag(help: "Allow an SMTP password over an unencrypted connection.")
        var allowPlaintextAuth = false

        @OptionGroup var keys: KeyOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard all != !names.isEmpty else { throw ValidationError("give credential names or --all (not both)") }
            guard timeout > 0, timeout <= 600 else { throw ValidationError("--timeout must be between 0 and 600 seconds") }
        }

        func run() throws {
            let repository = try CurrentRepository.discover()
            let selected = try all ? CheckRun.allNames(in: repository) : names.map { try CredentialArgument.name($0, in: repository) }
            let environment = ProcessInfo.processInfo.environment
            let options = CheckOptions(
                timeoutSeconds: timeout, authority: authority ?? environment["CREDFILE_MSGRAPH_AUTHORITY"].flatMap { $0.isEmpty ? nil : $0 },
                allowPlaintextAuth: allowPlaintextAuth, today: CheckRun.today())
            let entries = CheckRun(repository: repository, keys: keys.keyRing, options: options).run(selected)
            let printer = CheckOutput(format: format, quiet: output.quiet)
            for entry in entries { printer.emit(entry) }
            printer.summary(entries)
            if let error = entries.compactMap(\.error).first { throw ExitCode(ExitStatus(error.kind)) }
            if entries.contains(where: { $0.report?.outcome == .fails }) { throw ExitCode(.failure) }
        }
    }
}

/// The output formats of `check`.
enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case human, json, github
}
