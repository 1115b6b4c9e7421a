import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How the commands that hints and next steps suggest name credfile when it runs as the
/// pre-commit framework's hook: by this binary's absolute path (shell-quoted when it needs it),
/// unless another `credfile` is on `PATH`.
///
/// The framework runs a `language: swift` hook from a build in its own cache, which it puts on
/// the hook's `PATH` only (and marks the hook's environment with `PRE_COMMIT=1`); a hint saying
/// `credfile set …` there names a command the user's shell does not have (issue 17). Elsewhere
/// `credfile …` stays: run by hand, credfile is what the user typed. Suggestions are rewritten
/// where they are printed, so the library's messages stay plain `credfile …`.
enum SelfCommand {
    /// `credfile`, or this binary's path.
    static let invocation: String = invocation(environment: ProcessInfo.processInfo.environment)

    static func invocation(environment: [String: String]) -> String {
        guard environment["PRE_COMMIT"] == "1" else { return "credfile" }
        let own = CredfileCommand.Hook.Install.executablePath()
        // Another binary, not this one under another name (the framework's PATH entry).
        let elsewhere = (environment["PATH"] ?? "").split(separator: ":").contains { directory in
            let candidate = "\(directory)/credfile"
            return FileManager.default.isExecutableFile(atPath: candidate)
                && URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path != own
        }
        return elsewhere ? "credfile" : quoted(own)
    }

    /// The first words a suggested command can have after `credfile`: a subcommand, or `-C`.
    private static let subcommands: Set<String> = Set(
        CredfileCommand.configuration.subcommands.compactMap { $0.configuration.commandName } + ["-C"])

    /// `text` with every suggested `credfile SUBCOMMAND` naming `invocation`; prose that
    /// mentions credfile ("credfile never follows links") is left alone.
    static func rewrite(_ text: String) -> String {
        rewrite(text, invocation: invocation)
    }

    static func rewrite(_ text: String, invocation: String) -> String {
        guard invocation != "credfile", text.contains("credfile ") else { return text }
        var out = ""
        var rest = text[...]
        while let found = rest.firstRange(of: "credfile ") {
            let before = rest[..<found.lowerBound]
            out += before
            // A word of its own: at the start, or after a space, a quote or a parenthesis.
            let precededByWordEnd = out.last.map { " '`\"(:".contains($0) } ?? true
            let nextWord = rest[found.upperBound...].prefix { $0 != " " && $0 != "'" && $0 != "`" && $0 != ")" }
            out += precededByWordEnd && subcommands.contains(String(nextWord)) ? invocation + " " : "credfile "
            rest = rest[found.upperBound...]
        }
        return out + rest
    }

    /// Single-quoted for a POSIX shell when it holds anything but plain path characters.
    static func quoted(_ path: String) -> String {
        let plain = path.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+".contains($0)) }
        return plain ? path : "'" + path.replacing("'", with: "'\\''") + "'"
    }
}
