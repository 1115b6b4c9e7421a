import ArgumentParser
import CredfileKit
import CredfilePOSIX
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile edit NAME`: the decrypted credential in the user's editor.
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Edit a credential decrypted in $VISUAL or $EDITOR; validated before it is written back.",
            discussion: """
                The decrypted copy lives in a private temporary file (a 0700 directory under \
                /dev/shm when it exists), removed when the edit ends, also on Ctrl-C, SIGTERM, SIGHUP (terminal closed) or SIGQUIT; SIGPIPE is ignored; after a SIGKILL the next credfile command removes it. \
                On save the credential is validated; if it is not valid the editor opens again with \
                the problems as comments at the top (quit without saving to abandon; the problems are \
                then printed). An editor that exits non-zero (vi's :cq) abandons the edit. Only changed \
                values are written (unchanged ones keep their ciphertext); comments and key order \
                in the editor are not saved. A changed 'name' is refused; a changed 'type' \
                re-selects the sensitive fields. Without changes nothing is written.

                Examples:
                  credfile edit smtp-prod
                  EDITOR="code --wait" credfile edit smtp-prod
                  VISUAL=nano credfile edit smtp-prod
                """)

        @Argument(help: "The credential's name.", completion: Completions.names)
        var name: String

        @OptionGroup var keys: KeyOptions

        @OptionGroup var output: OutputOptions

        func run() throws {
            let update = try CurrentRepository.update(keys: keys)
            let editor = EditorProcess()
            let command = EditorProcess.command()
            let state = ScratchState()
            let guardian = SignalGuard {
                editor.terminate()
                state.remove()
            }
            defer { guardian.cancel() }
            let outcome: EditCredential.Outcome
            do {
                outcome = try EditCredential(name: name, update: update).run(scratch: state.set) { file in
                    try editor.edit(file, command: command)
                }
            } catch {
                // Ctrl-C reaches the editor too (and the guard's SIGTERM ends it): its failure
                // must not beat the guard's exit (130 or 143) with this error's exit code.
                guardian.yieldIfInterrupted(within: editor.endedBySignal ? 2 : 0)
                throw error
            }
            let file = update.location.display(try update.location.file(named: name))
            switch outcome {
            case .written: output.done("updated \(file)")
            case .noChanges: output.done("no changes to \(file)")
            case .layoutOnly: output.done("no changes to the values of \(file) (comments and key order are not saved by edit)")
            }
        }
    }
}

/// The scratch directory, shared with the signal handler that removes it.
final class ScratchState: @unchecked Sendable {
    private let lock = Lock()
    private var scratch: EditScratch?

    func set(_ scratch: EditScratch) { lock.withLock { self.scratch = scratch } }

    func remove() { lock.withLock { scratch?.remove() } }
}
