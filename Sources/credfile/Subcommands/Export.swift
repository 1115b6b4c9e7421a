import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile export NAME … --format F`: credentials into a job's environment format.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write credentials as environment variables in a job-environment format.",
            discussion: """
                Each field becomes <PREFIX>_<FIELD> (smtp-prod → SMTP_PROD_HOST), defaults applied. Every \
                format checks that its output parses back to the same values under the consumer's rules; \
                a value a format cannot carry is an error naming the variable, and nothing is written. \
                With -o the file is created 0600, atomically. Prefer 'credfile exec', which writes nothing. \
                A credential whose expiry date (secret_expires) has passed is refused unless \
                --allow-expired is given.

                flux is the k8s Secret encrypted with sops (encrypted_regex ^(data|stringData)$), which \
                Flux's kustomize-controller and ksops decrypt in the cluster; no plaintext Secret is \
                written. It goes to the --age recipients, else to .sops.yaml's creation rule for -o FILE.

                Examples:
                  eval "$(credfile export smtp-prod --format shell)"
                  credfile export smtp-prod --format github          # masks, then appends to $GITHUB_ENV
                  credfile export smtp-prod --format k8s --namespace mail -o secret.yaml
                  credfile export msgraph-inbox --format dotenv --allow-expired   # past its recorded date
                  credfile export smtp-prod --format flux --namespace mail -o clusters/prod/smtp.sops.yaml
                """)

        @Argument(help: "Credential names (or their files, credentials/NAME.yaml).", completion: Completions.names)
        var names: [String]

        // `argumentType` lists every format with its summary under --format; the transform (rather
        // than plain `ExpressibleByArgument` parsing) keeps the one-line "formats: …" error.
        @Option(
            help: ArgumentHelp("The output format.", valueName: "format", argumentType: ExportFormat.self),
            completion: .list(ExportFormat.allValueStrings), transform: ExportFormat.parse)
        var format: ExportFormat

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (mode 0600) instead of standard output.", valueName: "file"))
        var output: String?

        @OptionGroup var selection: ExportSelection

        @Option(help: ArgumentHelp("k8s, flux: the Secret's namespace.", valueName: "namespace"))
        var namespace: String?

        @Flag(help: "gitlab: allow sensitive fields in the (downloadable) dotenv report.")
        var allowSensitive = false

        @OptionGroup var recipients: RecipientOptions

        @OptionGroup var keys: KeyOptions

        @OptionGroup var outputOptions: OutputOptions

        func run() throws {
            let options = try exportOptions()
            let (variables, warnings) = try selection.plan(names, keys: keys).run()
            warnings.forEach(Printer.standardError.print)
            let result = try Exporter.encode(variables, as: format, options: options)
            if let appendix = result.githubEnv {
                // Where the values go is settled before the masks (which hold the secrets) are
                // printed: without GITHUB_ENV, outside Actions, nothing would hide them.
                let file = try Self.gitHubEnvFile(output)
                // Masks first: the runner must know the secrets before anything could print them.
                FileHandle.standardOutput.write(Data(result.text.utf8))
                try FileIO.append(Array(appendix.utf8), to: file)
                outputOptions.done("appended \(Self.count(variables)) to \(output ?? "$GITHUB_ENV")")
                return
            }
            if let output {
                let url = URL(fileURLWithPath: output)
                try CurrentRepository.refuseLinkedDirectory(on: url)
                try FileIO.writeAtomically(Array(result.text.utf8), to: url, forceMode: 0o600)
                outputOptions.done("wrote \(output) (\(Self.count(variables)), mode 0600)")
            } else {
                FileHandle.standardOutput.write(Data(result.text.utf8))
            }
        }

        /// The format's settings; flux's recipients are resolved before anything is decrypted.
        func exportOptions() throws -> ExportOptions {
            var options = ExportOptions()
            options.namespace = namespace
            options.allowSensitive = allowSensitive
            guard format == .flux else {
                if !recipients.isEmpty { throw CredfileError(.usage, "recipient options apply to --format flux only") }
                return options
            }
            options.encryption = try recipients.recipients(output: output).settings(repository: try CurrentRepository.discover())
            options.encryptionPath = output
            return options
        }

        /// "3 variables".
        static func count(_ variables: [ExportVariable]) -> String {
            "\(variables.count) variable\(variables.count == 1 ? "" : "s")"
        }

        /// `$GITHUB_ENV` (or `-o FILE`), which is appended to, never replacing what earlier steps wrote.
        static func gitHubEnvFile(_ file: String?) throws -> URL {
            guard let path = file ?? ProcessInfo.processInfo.environment["GITHUB_ENV"], !path.isEmpty else {
                throw CredfileError(.usage, "GITHUB_ENV is not set; run inside GitHub Actions or pass -o FILE")
            }
            return URL(fileURLWithPath: path)
        }
    }
}

/// Which credentials and fields, and how variables are named (shared by export and exec).
struct ExportSelection: ParsableArguments {
    @Option(help: ArgumentHelp("Only these fields, comma-separated (name, type, description only when listed).", valueName: "a,b"))
    var fields: String?

    @Option(help: ArgumentHelp("Use this prefix instead of the one derived from the name (one credential).", valueName: "prefix"))
    var prefix: String?

    @Flag(help: "Bare field names without a prefix (one credential).")
    var noPrefix = false

    @Flag(help: "Hand over a credential whose expiry date has passed (with a warning) instead of refusing it.")
    var allowExpired = false

    func plan(_ names: [String], keys: KeyOptions) throws -> ExportPlan {
        let repository = try CurrentRepository.discover()
        let names = try names.map { try CredentialArgument.name($0, in: repository) }
        var plan = ExportPlan(credentials: names, keys: keys.keyRing, repository: repository)
        plan.fields = fields?.split(separator: ",").map { $0.trimming { $0 == " " || $0 == "\t" } }
        plan.prefix = prefix
        plan.noPrefix = noPrefix
        plan.allowExpired = allowExpired
        return plan
    }
}
