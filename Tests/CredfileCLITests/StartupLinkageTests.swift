import CredfileTestSupport
import Foundation
import Testing

/// libcurl is loaded with dlopen when a network call is first made (Sources/CCurl), so the
/// binary does not depend on it: commands without network pay nothing for it at start-up.
struct StartupLinkageTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ldd")))
    func binaryDoesNotLinkLibcurl() throws {
        let result = try Subprocess.run("/usr/bin/ldd", [CLI.binary], timeout: 60)
        #expect(result.status == 0)
        #expect(result.out.contains("libc.so"))  // ldd did list the libraries
        #expect(!result.out.contains("libcurl"), "\(result.out)")
    }
}
