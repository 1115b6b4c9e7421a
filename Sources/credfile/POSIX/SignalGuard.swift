import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// While alive, SIGINT, SIGTERM, SIGHUP (the terminal closed, an SSH session dropped) and
/// SIGQUIT run `cleanup` and then end the process with 128 + the signal number, as a shell
/// reports it; SIGPIPE (a write to a terminal or pipe that is gone) is ignored, so the write
/// fails with EPIPE and the normal exit path cleans up. Each of them would otherwise end the
/// process at once and leave `edit`'s plaintext behind (issue 12). SIGKILL cannot be caught:
/// `EditScratch.removeStale` covers it. Dispatch sources run on a queue, not inside the
/// signal handler, so the cleanup may do anything (remove files, restore the terminal).
final class SignalGuard: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []
    private static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    private let fired = DispatchSemaphore(value: 0)
    private var previousPipeAction: sighandler_t?

    init(_ cleanup: @escaping @Sendable () -> Void) {
        // A dispatch source never sees an ignored SIGPIPE, and a default one kills the process
        // without cleanup: ignoring it is what lets the cleanup run.
        previousPipeAction = signal(SIGPIPE, SIG_IGN)
        for number in Self.signals {
            // Ignored first, so the default action (terminate at once) never runs.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [fired] in
                fired.signal()
                cleanup()
                exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// When the guard fires within `seconds`, never returns: the handler is cleaning up and
    /// will exit with 128 + n. For the main thread when an interruption also ended what it
    /// was waiting for (Ctrl-C reaches the editor too): its own error must not race the
    /// handler to exit() with a different status.
    func yieldIfInterrupted(within seconds: Double) {
        guard fired.wait(timeout: .now() + seconds) == .success else { return }
        while true { pause() }
    }

    /// Stops handling; the signals get their default action again.
    func cancel() {
        for source in sources { source.cancel() }
        sources = []
        for number in Self.signals { signal(number, SIG_DFL) }
        signal(SIGPIPE, previousPipeAction)
    }
}
