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

    init(_ cleanup: @escaping @Sendable () -> Void) {
        for number in [SIGINT, SIGTERM] {
            // Ignored first, so the default action (terminate at once) never runs.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                cleanup()
                exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops handling; the signals get their default action again.
    func cancel() {
        for source in sources { source.cancel() }
        sources = []
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
