import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Questions on the terminal: the prompt goes to standard error, the answer comes from
/// standard input. Used only when standard input is a terminal (`isAvailable`); scripts give
/// everything through flags instead.
struct Prompt {
    /// How many times a secret may be mistyped before giving up.
    static let secretAttempts = 3

    /// Whether there is someone to ask: standard input is a terminal.
    static var isAvailable: Bool { Terminal.isTerminal(.standardInput) }

    /// One line of input, echoed as typed, after `label: `.
    func line(_ label: String) throws -> String {
        say("\(label): ")
        return try readAnswer()
    }

    /// A secret: not echoed, typed twice, and asked again when the two differ.
    func secret(_ label: String) throws -> String {
        for _ in 0..<Self.secretAttempts {
            let first = try quietLine(label)
            if first.isEmpty { return first }
            let second = try quietLine("\(label) (again)")
            if first == second { return first }
            say("the two entries differ; try again\n")
        }
        throw CredfileError(.usage, "the secret was not typed the same twice")
    }

    /// A yes/no question; anything but `y`/`yes` is no, so Enter keeps the safe answer.
    func confirm(_ question: String) throws -> Bool {
        say("\(question) [y/N] ")
        return ["y", "yes"].contains(try readAnswer().lowercased())
    }

    /// Writes to the terminal (standard error), without a newline.
    func say(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    private func quietLine(_ label: String) throws -> String {
        // Echo goes off before the prompt appears: whatever is typed after seeing it is hidden.
        let answer = try TerminalEcho.withoutEcho(fd: FileHandle.standardInput.fileDescriptor) {
            say("\(label): ")
            return try readAnswer()
        }
        // The user's Enter was not echoed either.
        say("\n")
        return answer
    }

    private func readAnswer() throws -> String {
        guard let answer = readLine(strippingNewline: true) else {
            throw CredfileError(.usage, "no answer: standard input ended")
        }
        return answer
    }
}
