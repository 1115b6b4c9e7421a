#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Reads the rest of an open file descriptor, at most `limit` bytes, with plain `read(2)`.
///
/// Why not `FileHandle.read(upToCount:)`: Foundation stats the descriptor again to size its
/// buffer. `validate` reads every credential through a descriptor it has already `fstat`ed (to
/// refuse anything but a regular file), and at 10,000 files the extra system call per file
/// was a tenth of the run's system time.
public enum BoundedRead {
    /// The bytes read, or nil when `read` fails (the descriptor is not closed here).
    public static func read(_ fd: Int32, limit: Int, sizeHint: Int) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(min(limit, max(sizeHint, 0) + 1))
        // A chunk the size of the file (and room to see its end), not always 64 KiB: zeroing
        // 64 KiB for every 1 KiB credential was 7 % of validating 10,000 of them (issue 17).
        var chunk = [UInt8](repeating: 0, count: min(64 * 1024, max(4096, max(sizeHint, 0) + 1)))
        while result.count < limit {
            let wanted = min(chunk.count, limit - result.count)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }
}
