#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole writes and reads on a file descriptor with plain `write(2)`/`read(2)`: what the CLI
/// and FileIO used Foundation's `FileHandle` for, which FoundationEssentials does not have.
public enum DescriptorIO {
    /// Writes all of `bytes`, retrying partial writes and EINTR; false on any other failure
    /// (EPIPE, ENOSPC, EBADF …), with `errno` left as the failing call set it.
    @discardableResult
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
    }

    /// Reads until end of file; nil when a read fails.
    public static func readToEnd(_ fd: Int32) -> [UInt8]? {
        BoundedRead.read(fd, limit: Int.max, sizeHint: 0)
    }

    /// Reads one line (without its `\n`) byte by byte, so that nothing after it is consumed
    /// from a terminal or pipe another reader shares; nil at end of file before any byte.
    public static func readLine(_ fd: Int32) -> [UInt8]? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return line.isEmpty ? nil : line }
            if byte == UInt8(ascii: "\n") { return line }
            line.append(byte)
        }
    }
}
