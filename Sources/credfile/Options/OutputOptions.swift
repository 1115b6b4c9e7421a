import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `-q/--quiet`, on every command (one option group, so every command spells and documents it
/// the same way), and the one place a command says what it did (issue 16).
///
/// What a command did is one line per file (or setting) it wrote, `<verb> <path> …`, on
/// standard output, where `new`, `rm`, `rotate`, `init` and `recipients` always printed it: it
/// is the command's result, as `cp -v` and `git rm` print theirs, while standard error carries
/// only what needs attention (errors, warnings, hints, notes). `--quiet` silences these lines,
/// `validate`'s summary and the next steps; never an error or a warning, nor data asked for (a
/// value from `get`, `--format json` output, `keygen`'s recipient).
struct OutputOptions: ParsableArguments {
    @Flag(
        name: [.short, .long],
        help: "Print no line saying what was done and no summary; errors and warnings are still printed.")
    var quiet = false

    /// One line saying what was done, on standard output (controls escaped: paths are chosen
    /// by branch authors); nothing with --quiet. Never a value: names, paths and field names.
    func done(_ line: String) {
        guard !quiet else { return }
        FileHandle.standardOutput.write(Data((TerminalText.escaped(line) + "\n").utf8))
    }

    /// A note for the person at the terminal (next steps, "no changes") on standard error;
    /// nothing with --quiet.
    func note(_ line: String) {
        guard !quiet else { return }
        Printer.standardError.note(line)
    }
}
