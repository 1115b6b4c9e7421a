internal import Dispatch

/// Counts strict YAML loads per distinct input, for the tests that hold every command to
/// "each file is parsed at most once per run" (issue 11): a parse is the most expensive step
/// of a command after process start, and a second parse of the same bytes is always a sign
/// that two layers re-derive what one could hand to the other.
///
/// Off unless a test binds `YAMLParseCount.current` for its task; the cost when off is one
/// task-local read per load.
public final class YAMLParseCount: @unchecked Sendable {
    /// The counter of the current task, if a test installed one.
    @TaskLocal public static var current: YAMLParseCount?

    private var counts: [[UInt8]: Int] = [:]
    private let lock = SerialLock()

    public init() {}

    /// How often each distinct input was loaded, most loaded first.
    public var loads: [Int] {
        lock.withLock { counts.values.sorted(by: >) }
    }

    /// The number of loads of exactly `bytes`.
    public func loads(of bytes: [UInt8]) -> Int { lock.withLock { counts[bytes] ?? 0 } }

    func record(_ bytes: [UInt8]) {
        lock.withLock { counts[bytes, default: 0] += 1 }
    }
}

/// Dispatch's semaphore as a lock: this module stays free of Foundation, and the counter is
/// for tests only.
private final class SerialLock: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 1)

    func withLock<T>(_ body: () -> T) -> T {
        semaphore.wait()
        defer { semaphore.signal() }
        return body()
    }
}
