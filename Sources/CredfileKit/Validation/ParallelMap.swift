internal import Dispatch
#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
internal import CredfilePOSIX
internal import CredfileYAML

/// Maps a function over an array on every core, keeping the order. Validation of thousands
/// of independent files is embarrassingly parallel; the pre-commit hook must stay fast.
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let chunks = max(1, min(items.count, ProcessInfo.processInfo.activeProcessorCount * 4))
        let results = ResultSlots<R>(count: chunks)
        // Task-locals do not follow work onto Dispatch's threads: the parse counter of the
        // parse-once tests is carried over by hand (nil, and so free, outside those tests).
        let counter = YAMLParseCount.current
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = bounds(of: chunk, of: chunks, count: items.count)
            YAMLParseCount.$current.withValue(counter) {
                results.set(chunk, items[range].map(transform))
            }
        }
        return results.joined()
    }

    private static func bounds(of chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
        (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
    }
}

/// One slot per chunk, filled from concurrent threads under a lock.
private final class ResultSlots<R: Sendable>: @unchecked Sendable {
    private var slots: [[R]]
    private let lock = Lock()

    init(count: Int) { slots = Array(repeating: [], count: count) }

    func set(_ index: Int, _ values: [R]) {
        lock.lock()
        slots[index] = values
        lock.unlock()
    }

    /// Every chunk's results in order, in one allocation of the final size, each chunk freed
    /// once copied: at 100,000 files, growing the result by doubling while every chunk was
    /// still held took three copies of the results at the peak (issue 17).
    func joined() -> [R] {
        lock.lock()
        defer { lock.unlock() }
        var all: [R] = []
        all.reserveCapacity(slots.reduce(0) { $0 + $1.count })
        for index in slots.indices {
            all += slots[index]
            slots[index] = []
        }
        return all
    }
}
