import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// While alive, SIGINT and SIGTERM run `cleanup` and then end the process with 128 + the
/// signal number, as a shell reports it. Dispatch sources run on a queue, not inside the
/// signal handler, so the cleanup may do anything (remove files, restore the terminal).
final class SignalGuard: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []
    private let fired = DispatchSemaphore(value: 0)

    init(_ cleanup: @escaping @Sendable () -> Void) {
        for number in [SIGINT, SIGTERM] {
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
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
