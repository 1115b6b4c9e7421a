import CredfileTestSupport
import Foundation
import Testing

/// credfile holds data keys and plaintext in memory: a crash must not write them to a core
/// file (issue 12). The limit is set for the whole process, soft and hard, so the child of
/// `exec` inherits it, which is what can be observed from outside.
@Suite struct CoreDumpTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/limits"), "no /proc/self/limits: not Linux"))
    func execChildInheritsACoreLimitOfZero() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let result = try ws.credfile(["exec", "smtp-prod", "--", "cat", "/proc/self/limits"], timeout: 120)
        #expect(result.status == 0, "\(result.err)")
        let line = try #require(result.out.split(separator: "\n").first { $0.hasPrefix("Max core file size") })
        let fields = line.dropFirst("Max core file size".count).split(separator: " ")
        #expect(fields.count >= 2 && fields[0] == "0" && fields[1] == "0", "\(line)")
    }
}
