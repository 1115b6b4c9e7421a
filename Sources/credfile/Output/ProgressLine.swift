import CredfileKit
import CredfilePOSIX
import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `rotating 1234/10000` on standard error, rewritten in place with `\r`, for a command over
/// many files — only when standard error is a terminal (a log or a pipe gets nothing). Cleared
/// at the end, so what remains on the screen is what the command printed. Redrawn at most
/// every 50 ms: 10,000 writes to a slow terminal would cost more than the work.
final class ProgressLine: @unchecked Sendable {
    private let verb: String
    private let handle: FileHandle
    private var lastDraw: UInt64 = 0
    private var drawn = false
    private let lock = Lock()

    private init(verb: String, handle: FileHandle) {
        self.verb = verb
        self.handle = handle
    }

    /// A line for `verb` ("rotating"), or nil when standard error is not a terminal.
    static func onTerminal(_ verb: String) -> ProgressLine? {
        Terminal.isTerminal(.standardError) ? ProgressLine(verb: verb, handle: .standardError) : nil
    }

    /// The library's callback.
    var report: FileProgress { { [self] done, total in update(done, total) } }

    func update(_ done: Int, _ total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        guard done == total || now - lastDraw >= 50_000_000 else { return }
        lastDraw = now
        drawn = true
        handle.write(Data("\r\(verb) \(done)/\(total)".utf8))
    }

    /// Erases the line (carriage return, then erase to the end of the line).
    func clear() {
        lock.lock()
        defer { lock.unlock() }
        guard drawn else { return }
        handle.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
