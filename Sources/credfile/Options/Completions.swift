import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Shell completion candidates from the repository around the working directory (or the
/// command line's `-C DIR`): credential names from the file names in `credentials/`, types from
/// the schemas in effect, and a credential's fields from its type's schema.
///
/// The shells' scripts (`--generate-completion-script`) call `credfile ---completion …` for
/// these on every TAB, so nothing here needs a key or decrypts: names are file names, and a
/// credential's type is its plain `type:` value. Any failure completes nothing rather than
/// printing an error into the user's command line.
enum Completions {
    /// Credential names (`show NAME`, `export NAME …`).
    static let names = CompletionKind.custom { words, _, _ in credentialNames(words) }
    /// Credential types (`new --type T`, `schema show T`).
    static let types = CompletionKind.custom { words, _, _ in credentialTypes(words) }
    /// The fields of the credential named earlier on the line (`get NAME FIELD`).
    static let fields = CompletionKind.custom { words, index, _ in credentialFields(words, completing: index) }

    static func credentialNames(_ words: [String]) -> [String] {
        guard let repository = repository(words), let scan = try? repository.scanCredentials() else { return [] }
        return scan.credentials.compactMap { path in
            let file = path.lastPathComponent
            return file.hasSuffix(".yaml") ? String(file.dropLast(5)) : nil
        }.sorted()
    }

    static func credentialTypes(_ words: [String]) -> [String] {
        repository(words)?.schemas.types ?? []
    }

    static func credentialFields(_ words: [String], completing index: Int) -> [String] {
        guard let repository = repository(words), let name = credentialName(in: words, completing: index),
            let file = try? repository.credentialFile(named: name), let bytes = try? file.read(),
            let document = try? SOPSDocument(bytes: bytes, path: file.displayPath),
            let type = document.credentialType, let schema = repository.schemas.schema(for: type)
        else { return [] }
        return schema.fields.map(\.name)
    }

    /// The options before a credential's NAME that take a value (which is not the NAME).
    private static let valueOptions: Set<String> = [
        "-i", "--identity", "--prompt", "--value-file", "--type", "--description", "--format", "-o", "--output",
    ]

    /// The first positional word after the subcommand: the NAME of `get NAME FIELD`,
    /// `unset NAME FIELD …` and `set NAME … --prompt FIELD`.
    static func credentialName(in words: [String], completing index: Int) -> String? {
        var i = subcommandIndex(words) + 1
        while i < words.count {
            let word = unquoted(words[i])
            if i != index, !word.hasPrefix("-") { return word }
            i += valueOptions.contains(word) ? 2 : 1
        }
        return nil
    }

    /// Where the subcommand is: after the program name and any global `-C DIR` pairs.
    private static func subcommandIndex(_ words: [String]) -> Int {
        var i = 1
        while i + 1 < words.count, words[i] == "-C" { i += 2 }
        return i
    }

    /// The repository as the command being typed would find it: from the working directory,
    /// changed by each `-C DIR` on the line, as the command itself would be.
    private static func repository(_ words: [String]) -> Repository? {
        var directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        var i = 1
        while i + 1 < words.count, words[i] == "-C" {
            let path = unquoted(words[i + 1])
            if !path.isEmpty {
                directory = path.hasPrefix("/")
                    ? URL(fileURLWithPath: path, isDirectory: true) : directory.appendingPathComponent(path, isDirectory: true)
            }
            i += 2
        }
        return try? Repository.discover(from: directory)
    }

    /// A shell word without the quotes around it (words arrive as typed).
    private static func unquoted(_ word: String) -> String {
        guard word.count >= 2, let first = word.first, first == "'" || first == "\"", word.last == first else { return word }
        return String(word.dropFirst().dropLast())
    }
}
