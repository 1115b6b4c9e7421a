public import Foundation

/// Runs a child process to completion, feeding stdin and collecting stdout and stderr.
///
/// Waits with a termination handler and a semaphore, not `Process.waitUntilExit()`: on Linux
/// that polls its run loop and costs ~50 ms per call after the first, which made the
/// pre-commit hook (three git calls) spend most of its time asleep.
enum ChildProcess {
    struct Output {
        var status: Int32
        var stdout: Data
        var stderr: Data
    }

    static func run(_ executable: String, _ arguments: [String], directory: URL? = nil, stdin: Data? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        if let stdin {
            // From another thread: the child may fill its output pipe before reading all input.
            let writer = input.fileHandleForWriting
            DispatchQueue.global().async {
                try? writer.write(contentsOf: stdin)
                try? writer.close()
            }
        }
        nonisolated(unsafe) var errors = Data()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errors = err.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        exited.wait()
        return Output(status: process.terminationStatus, stdout: output, stderr: errors)
    }
}
