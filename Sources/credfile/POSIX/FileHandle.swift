import CredfilePOSIX
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The few members of Foundation's `FileHandle` the commands use, over a plain descriptor.
///
/// FoundationEssentials has no `FileHandle`, and importing Foundation for it loads Foundation
/// and ICU at every start (most of a short command's time, issue 17). Declared in this module,
/// it takes precedence over Foundation's where that is imported too, so command code reads as
/// before. Writes go out unbuffered, whole (`DescriptorIO.writeAll`); a failed write to a
/// closed pipe is dropped, as the output has nowhere to go.
final class FileHandle: @unchecked Sendable {
    /// The descriptor.
    let fileDescriptor: Int32
    private let owned: Bool

    init(fileDescriptor: Int32, closeOnDealloc: Bool = false) {
        self.fileDescriptor = fileDescriptor
        owned = closeOnDealloc
    }

    /// Opens `path` for reading and writing (a terminal); nil when it cannot be opened.
    convenience init?(forUpdatingAtPath path: String) {
        let fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return nil }
        self.init(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// An opened file is closed when the last reference goes.
    deinit { if owned { _ = Glibc.close(fileDescriptor) } }

    static let standardInput = FileHandle(fileDescriptor: 0)
    static let standardOutput = FileHandle(fileDescriptor: 1)
    static let standardError = FileHandle(fileDescriptor: 2)

    func write(_ data: Data) { DescriptorIO.writeAll(fileDescriptor, [UInt8](data)) }

    func write(_ bytes: [UInt8]) { DescriptorIO.writeAll(fileDescriptor, bytes) }

    /// Everything up to end of file (empty when reading fails).
    func readDataToEndOfFile() -> Data { Data(DescriptorIO.readToEnd(fileDescriptor) ?? []) }

    /// One line without its line break; nil at end of input.
    func readLine() -> [UInt8]? { DescriptorIO.readLine(fileDescriptor) }

}
