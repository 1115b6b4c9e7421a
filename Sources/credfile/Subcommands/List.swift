import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile list`: a table of all credentials.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the credentials: name, type, description, last modified, recipients, expiry, status.",
            discussion: """
                Sorted by name. Needs no key and prints no secret: it reads only the plain fields \
                and the sops metadata. EXPIRES is the earliest expiry field of the type (e.g. \
                secret_expires; in JSON also expires_in_days, negative once passed). STATUS is what \
                'credfile validate' (without a key) makes of the file, the most pressing first: \
                plaintext-secret (a sensitive field stored in plain text), unknown-type, \
                name-mismatch (name differs from the file name), invalid (any other error), expired, \
                expiring (within 30 days), ok. A file that cannot be read is listed by its file \
                name as invalid and reported on standard error.

                Examples:
                  credfile list
                  credfile list --format json
                """)

        @Option(help: "Output format: table or json.")
        var format: ListFormat = .table

        @OptionGroup var output: OutputOptions

        func run() throws {
            let (entries, problems) = try ListCredentials(repository: CurrentRepository.discover()).run()
            DiagnosticLimit.apply(problems).forEach(Printer.standardError.print)
            // JSON Lines: one object per credential, as they are listed.
            guard format == .table else { return JSONLines.write(entries.map(Self.json)) }
            FileHandle.standardOutput.write(Data(Self.table(entries).utf8))
        }

        /// One credential in `list --format json`: keys sorted, unknown values left out.
        static func json(_ entry: ListCredentials.Entry) -> JSONText {
            var members: [(String, JSONText)] = [
                ("name", .string(entry.name)), ("path", .string(entry.path)), ("recipients", .array(entry.recipients.map(JSONText.string))),
            ]
            let optional = [
                ("type", entry.type), ("description", entry.description), ("lastmodified", entry.lastModified),
                ("expires", entry.expires),
            ]
            for case (let key, let value?) in optional { members.append((key, .string(value))) }
            if let expiry = entry.expiry { members.append(("expires_in_days", .int(Int64(expiry.daysLeft)))) }
            members.append(("status", .string(entry.status.rawValue)))
            return JSONText.sortedObject(members)
        }

        static let header = ["NAME", "TYPE", "DESCRIPTION", "MODIFIED", "RECIPIENTS", "EXPIRES", "STATUS"]

        static func table(_ entries: [ListCredentials.Entry]) -> String {
            // The last column is a status word, maybe with days: it never ends with a space, so
            // TextTable's trimming removes only padding here.
            TextTable.render(header, entries.map { entry in
                [
                    entry.name, entry.type ?? "?", TerminalText.safe(shortened(entry.description ?? "", to: 40)),
                    entry.lastModified ?? "-", recipients(entry.recipients), entry.expires ?? "-", statusText(entry),
                ].map(TerminalText.safe)
            })
        }

        /// The status word; `expired`/`expiring` say by how much (`expiring in 14 days`).
        static func statusText(_ entry: ListCredentials.Entry) -> String {
            guard let expiry = entry.expiry, entry.status == .expired || entry.status == .expiring else { return entry.status.rawValue }
            if expiry.isExpired { return "expired \(CredfileCommand.days(-expiry.daysLeft)) ago" }
            return expiry.daysLeft == 0 ? "expiring today" : "expiring in \(CredfileCommand.days(expiry.daysLeft))"
        }

        /// `age1abc…wxyz` for one, `3 (age1abc…wxyz, …)` for more: enough to recognise a key.
        static func recipients(_ list: [String]) -> String {
            guard let first = list.first else { return "-" }
            let short = first.count > 12 ? "\(first.prefix(7))…\(first.suffix(4))" : first
            return list.count == 1 ? short : "\(list.count) (\(short), …)"
        }

        private static func shortened(_ text: String, to length: Int) -> String {
            text.count > length ? String(text.prefix(length - 1)) + "…" : text
        }
    }
}

extension CredfileCommand {
    /// `1 day`, `12 days`.
    static func days(_ count: Int) -> String { count == 1 ? "1 day" : "\(count) days" }
}

/// The output formats of `list`.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}
