#if canImport(Glibc)
import Glibc
#endif

/// No core file, no ptrace by another process of the same user (issue 12): credfile holds
/// data keys, identities and plaintext in memory, and a crash or a `gcore` must not write them
/// to disk. Called first thing in `main`, for every command, before any key is touched.
///
/// - `RLIMIT_CORE` 0, soft and hard: no core file, and nothing below can raise it again. The
///   child of `credfile exec` inherits it (a job that needs core files is started otherwise).
/// - `PR_SET_DUMPABLE` 0 (Linux): also no core through a `core_pattern` pipe, and no
///   `ptrace` attach or `/proc/PID/mem` read by the user's other processes. The kernel resets
///   it on `execve`, so `exec`'s child is dumpable as usual.
///
/// Both are best effort: a failure is ignored (the process still works, as before).
enum CoreDumps {
    /// From <linux/prctl.h>, which Glibc's module does not export.
    private static let PR_GET_DUMPABLE: Int32 = 3
    private static let PR_SET_DUMPABLE: Int32 = 4

    static func disable() {
        var limit = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &limit)
        #if os(Linux)
        // prctl is variadic in C, which Swift does not import; on Linux's ABIs (x86-64,
        // AArch64) a variadic callee reads integer arguments where a fixed-argument call puts them.
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        if let address = dlsym(nil, "prctl") {
            _ = unsafeBitCast(address, to: Prctl.self)(PR_SET_DUMPABLE, 0, 0, 0, 0)
        }
        #endif
    }

    /// Whether the process may dump core (`PR_GET_DUMPABLE`); nil where it cannot be asked.
    static func isDumpable() -> Bool? {
        #if os(Linux)
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        guard let address = dlsym(nil, "prctl") else { return nil }
        return unsafeBitCast(address, to: Prctl.self)(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0
        #else
        return nil
        #endif
    }
}
