import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile exec NAME … -- CMD …`: the safest deploy path, nothing written anywhere.
    struct Exec: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exec",
            abstract: "Run a command with credentials in its environment; nothing is written anywhere.",
            discussion: """
                The command replaces credfile (execve): its exit status, signals and standard streams \
                pass through unchanged. Variables are named as in 'credfile export'; a variable no \
                credential may set (PATH, BASH_ENV, LD_*, … see docs/schemas.md) is refused.

                The variables that hold or lead to the age key (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, \
                SOPS_AGE_KEY_CMD, SOPS_AGE_SSH_PRIVATE_KEY_FILE: every SOPS_* name containing KEY) are \
                removed from the command's environment: the deployed program needs the credentials, \
                not the key to all of them. --keep-key-env passes them on (e.g. to run sops itself).

                A credential whose expiry date (secret_expires) has passed is refused unless \
                --allow-expired is given; then a warning says so.

                Examples:
                  credfile exec smtp-prod -- ./send-invoices
                  credfile exec smtp-prod msgraph-inbox --pristine -- env
                  credfile exec msgraph-inbox --allow-expired -- ./fetch-mail
                """)

        @OptionGroup var flags: ExecFlags
        @OptionGroup var selection: ExportSelection
        @OptionGroup var keys: KeyOptions
        @OptionGroup var output: OutputOptions

        // ArgumentParser allows no positional after an array of them, so the credential names,
        // any options among them, `--` and the command are captured together and split here.
        @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("NAME … -- CMD [ARG …]", valueName: "names-and-command"))
        var words: [String] = []

        /// The names (with options given among them) and the command.
        func split() throws -> (late: ExecLate, command: [String]) {
            guard let dash = words.firstIndex(of: "--"), dash + 1 < words.count else {
                throw ValidationError("give the credential names, then -- and the command to run")
            }
            let late = try ExecLate.parse(Array(words[..<dash]))
            guard !late.names.isEmpty else { throw ValidationError("give at least one credential name before --") }
            return (late, Array(words[(dash + 1)...]))
        }

        func validate() throws {
            // captureForPassthrough also swallows --help, so `credfile exec --help` would be a
            // usage error; a -h/--help before `--` (after it, it belongs to the command) is help.
            let ours = words.firstIndex(of: "--").map { words[..<$0] } ?? words[...]
            if ours.contains("--help") || ours.contains("-h") { throw CleanExit.helpRequest(self) }
            _ = try split()
        }

        func run() throws {
            let (late, command) = try split()
            var selection = self.selection
            selection.fields = late.selection.fields ?? selection.fields
            selection.prefix = late.selection.prefix ?? selection.prefix
            selection.noPrefix = selection.noPrefix || late.selection.noPrefix
            selection.allowExpired = selection.allowExpired || late.selection.allowExpired
            var keys = self.keys
            keys.identity += late.keys.identity
            let (variables, warnings) = try selection.plan(late.names, keys: keys).run()
            warnings.forEach(Printer.standardError.print)
            try EnvironmentNames.check(variables)
            let environment = Self.environment(
                for: variables, pristine: flags.pristine || late.flags.pristine,
                noClobber: flags.noClobber || late.flags.noClobber,
                keepKeyEnvironment: flags.keepKeyEnv || late.flags.keepKeyEnv)
            do {
                try POSIXExec.replaceProcess(program: command[0], arguments: Array(command.dropFirst()), environment: environment)
            } catch let failure as POSIXExec.ExecFailure {
                Printer.standardError.note("credfile: error: \(failure.message)")
                throw ExitCode(failure.status)
            }
        }

        /// The child's environment: ours (or only PATH with `pristine`) without the key
        /// variables (unless `keepKeyEnvironment`), plus the credentials' variables.
        static func environment(
            for variables: [ExportVariable], pristine: Bool, noClobber: Bool, keepKeyEnvironment: Bool
        ) -> [String: String] {
            let current = ProcessInfo.processInfo.environment
            var environment = pristine ? current.filter { $0.key == "PATH" } : current
            if !keepKeyEnvironment {
                environment = environment.filter { !IdentityDiscovery.isKeyVariable($0.key) }
            }
            for variable in variables where !(noClobber && current[variable.name] != nil) {
                environment[variable.name] = variable.value
            }
            return environment
        }
    }
}

/// `exec`'s own flags.
struct ExecFlags: ParsableArguments {
    @Flag(help: "Pass only the credential variables (and PATH), not credfile's environment.")
    var pristine = false

    @Flag(help: "Keep a variable the caller already set instead of overwriting it.")
    var noClobber = false

    @Flag(help: "Pass the age key variables (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD …) on to the command.")
    var keepKeyEnv = false
}

/// What may follow the first credential name: more names and the same options.
struct ExecLate: ParsableArguments {
    @Argument var names: [String] = []
    @OptionGroup var flags: ExecFlags
    @OptionGroup var selection: ExportSelection
    @OptionGroup var keys: KeyOptions
    @OptionGroup var output: OutputOptions
}
