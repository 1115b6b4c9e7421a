import CredfilePOSIX
import Foundation
import Testing

/// Regression for the crash that retired Foundation's `Process`: many short children started
/// at once from many threads. Each run must end normally with its own output.
@Suite struct SpawnStressTests {
    @Test func manyConcurrentShortChildren() throws {
        let threads = 8, runs = 50
        let failures = Failures()
        let group = DispatchGroup()
        for thread in 0..<threads {
            group.enter()
            // Threads, not tasks: the cooperative pool has only as many threads as cores.
            Thread.detachNewThread {
                defer { group.leave() }
                for run in 0..<runs {
                    do {
                        let result = try ChildProcess(run % 2 == 0 ? "/bin/true" : "/bin/echo", ["\(thread)-\(run)"]).run()
                        let expected = run % 2 == 0 ? "" : "\(thread)-\(run)\n"
                        if result.termination != .exited(0) || String(decoding: result.stdout, as: UTF8.self) != expected {
                            failures.add("\(thread)-\(run): \(result.termination)")
                        }
                    } catch {
                        failures.add("\(thread)-\(run): \(error)")
                    }
                }
            }
        }
        #expect(group.wait(timeout: .now() + 300) == .success)
        #expect(failures.all.isEmpty, "\(failures.all.prefix(5))")
    }
}

final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ failure: String) { lock.withLock { list.append(failure) } }
    var all: [String] { lock.withLock { list } }
}
