public import Foundation
import Testing

/// Runs the built `credfile` binary, as a user would (swift-argument-parser's
/// AssertExecuteCommand approach): the test runner and the executable share a build folder.
public enum CLI {
    /// `.build/<triple>/debug/credfile`, next to the running test binary.
    public static var binary: String {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = runner.deletingLastPathComponent()
        // On Linux the runner is `…/debug/credfilePackageTests.xctest`; elsewhere it can be
        // inside a bundle, so walk up until the executable is found.
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("credfile").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return runner.deletingLastPathComponent().appendingPathComponent("credfile").path
    }

    /// Runs `credfile ARGS` in `directory` with a controlled environment
    /// (`TestEnvironment.forCredfile`: nothing of the runner's but `PATH` and the like, so
    /// neither the developer's keys nor a CI runner's `GITHUB_ACTIONS` reach it) plus `environment`.
    /// A run longer than `timeout` seconds is killed and fails the test (`Subprocess.TimedOut`);
    /// a run ended by a signal (a crash) is recorded as a failure of the calling test, unless
    /// the test `expectSignal`s one (`exec` passing its command's signal on).
    public static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], stdin: Data? = nil,
        timeout: Double = 900, expectSignal: Bool = false
    ) throws -> Subprocess.Result {
        var env = TestEnvironment.forCredfile(
            inherited: ProcessInfo.processInfo.environment,
            home: directory?.path ?? FileManager.default.temporaryDirectory.path)
        for (k, v) in environment { env[k] = v }
        let result = try Subprocess.run(
            binary, arguments, stdin: stdin, environment: env, replaceEnvironment: true, currentDirectory: directory,
            timeout: timeout)
        // A crash is never a refusal: without this, `status != 0` passed on a SIGSEGV.
        if result.signaled, !expectSignal {
            Issue.record("credfile \(arguments.prefix(2).joined(separator: " ")) was ended by signal \(result.status)")
        }
        return result
    }
}
