import Foundation
import Testing

/// Foundation's `Process` crashed intermittently on this toolchain (SIGSEGV in `run`); every
/// child now goes through `ChildProcess`. This keeps it from coming back in Sources/ or Tests/.
@Suite struct NoFoundationProcessTests {
    /// The package root, three levels above this file (Tests/CredfilePOSIXTests/<file>).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func noProcessInSourcesOrTests() throws {
        // Spelled in two parts so that this file does not find itself.
        let word = try Regex("\\b" + "Pro" + "cess" + "\\b")
        var found: [String] = []
        var scanned = 0
        for folder in ["Sources", "Tests"] {
            let base = Self.root.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(atPath: base.path)?.allObjects as? [String] ?? []
            for file in files where file.hasSuffix(".swift") {
                scanned += 1
                let text = try String(contentsOf: base.appendingPathComponent(file), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    // Code only: comments may say why Process is not used.
                    let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
                    if code.contains(word) { found.append("\(folder)/\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))") }
                }
            }
        }
        #expect(scanned > 50, "the scan found the sources under \(Self.root.path)")
        #expect(found.isEmpty, "start children with ChildProcess (CredfilePOSIX):\n\(found.joined(separator: "\n"))")
    }
}
