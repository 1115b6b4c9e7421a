import CredfileTestSupport
import Foundation
import Testing

/// The two ways libcurl can be missing, through the real Sources/CCurl/ccurl.c compiled on its
/// own with the toolchain's clang: built without `<curl/curl.h>` (a fresh machine without
/// libcurl4-openssl-dev must still build credfile), and built with it but the shared library
/// absent at run time.
@Suite(.enabled(if: PeerTool.runnable("clang")))
struct CCurlShimTests {
    private static let main = """
        #include <stdio.h>
        #include "ccurl.h"
        int main(void) {
            char reason[512] = "";
            int rc = credfile_curl_load(reason, sizeof reason);
            printf("rc=%d reason=%s\\n", rc, reason);
            return 0;
        }
        """

    /// Compiles `source` (ccurl.c's text) with the probe above and returns what it prints.
    private func probe(_ source: String, flags: [String] = []) throws -> String {
        let clang = try PeerTool.require("clang")
        let directory = try TemporaryDirectory("credfile-ccurl")
        let root = PeerTool.packageRoot.appendingPathComponent("Sources/CCurl")
        try directory.write("shim.c", source)
        try directory.write("main.c", Self.main)
        let program = directory.file("probe").path
        let build = try Subprocess.run(
            clang,
            ["-Wall", "-Werror", "-I", root.appendingPathComponent("include").path, directory.file("shim.c").path,
             directory.file("main.c").path, "-o", program, "-ldl"] + flags,
            timeout: 120)
        try #require(build.status == 0, "clang failed: \(build.err)")
        return try Subprocess.run(program, [], timeout: 30).out
    }

    private var shim: String {
        get throws { try String(contentsOf: PeerTool.packageRoot.appendingPathComponent("Sources/CCurl/ccurl.c"), encoding: .utf8) }
    }

    @Test func withoutHeadersItBuildsAndSaysWhatToInstall() throws {
        let guardLine = "__has_include(<curl/curl.h>)"
        let source = try shim
        try #require(source.contains(guardLine))
        let output = try probe(source.replacingOccurrences(of: guardLine, with: "__has_include(<curl/credfile-absent.h>)"))
        #expect(output == "rc=-1 reason=credfile was built without libcurl headers (install libcurl4-openssl-dev and rebuild)\n")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/include/x86_64-linux-gnu/curl/curl.h") || FileManager.default.fileExists(atPath: "/usr/include/curl/curl.h")))
    func missingSharedLibraryIsNamed() throws {
        let output = try probe(try shim, flags: ["-DCREDFILE_CURL_LIBRARY=\"libcurl.so.99\""])
        #expect(output.hasPrefix("rc=-1 reason=cannot load libcurl.so.99 (install libcurl, e.g. the libcurl4 package): "))
        #expect(try probe(try shim) == "rc=0 reason=\n")
    }
}
