public import Foundation

/// The environments the tests start programs with, so that the runner's own cannot change a
/// result: a suite run on a GitHub runner (`GITHUB_ACTIONS`, `GITHUB_ENV`), by a developer
/// with `SOPS_AGE_KEY_FILE` set or a `~/.gitconfig` that signs commits or sets a hooks path,
/// or from inside a git hook (`GIT_DIR`) gives the same results as on a clean machine.
public enum TestEnvironment {
    /// What credfile itself may inherit from the test runner: where programs are, where
    /// temporary files go, the sanitizers' and the backtracer's settings, and faketime's (so
    /// a suite run under `faketime` — the check that no test depends on today's date — runs
    /// credfile at the faked date too). Everything else is dropped.
    static let passedToCredfile: Set<String> = [
        "PATH", "TMPDIR", "ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS", "SWIFT_BACKTRACE", "LLVM_PROFILE_FILE",
        "LD_PRELOAD",
    ]

    /// Variable families no child of a test inherits: sops's key settings, CI runners' switches
    /// and files, and git's repository and configuration overrides.
    static let droppedPrefixes = ["SOPS_", "GITHUB_", "GIT_", "RUNNER_"]
    static let droppedNames: Set<String> = ["XDG_CONFIG_HOME", "EDITOR", "VISUAL"]

    /// git without the user's or the system's configuration (`commit.gpgsign`,
    /// `core.hooksPath`, `init.defaultBranch` …), with a fixed identity for test commits.
    public static let isolatedGit: [String: String] = [
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_AUTHOR_NAME": "credfile test",
        "GIT_AUTHOR_EMAIL": "test@credfile.invalid",
        "GIT_COMMITTER_NAME": "credfile test",
        "GIT_COMMITTER_EMAIL": "test@credfile.invalid",
        "GIT_TERMINAL_PROMPT": "0",
    ]

    /// The environment `CLI.run` gives credfile: only `passedToCredfile` (and faketime's
    /// `FAKETIME…` settings) from `inherited`, `HOME` set to `home` (so no `~/.gitconfig`
    /// or `~/.config/sops` of the developer is read), no colour, git isolated.
    public static func forCredfile(inherited: [String: String], home: String) -> [String: String] {
        var env = inherited.filter { passedToCredfile.contains($0.key) || $0.key.hasPrefix("FAKETIME") }
        env["HOME"] = home
        env["NO_COLOR"] = "1"
        for (key, value) in isolatedGit { env[key] = value }
        return env
    }

    /// The environment a peer tool (git, sops, python …) starts with: `inherited` less the
    /// dropped families, git isolated, sops's version check off (there is no network here).
    public static func forPeer(inherited: [String: String]) -> [String: String] {
        var env = inherited.filter { entry in
            !droppedNames.contains(entry.key) && !droppedPrefixes.contains { entry.key.hasPrefix($0) }
        }
        for (key, value) in isolatedGit { env[key] = value }
        env["SOPS_DISABLE_VERSION_CHECK"] = "1"
        return env
    }
}
