import ArgumentParser
import CredfileKit
import Foundation

extension CredfileCommand {
    /// `credfile list`: a table of all credentials.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the credentials: name, type, description, last modified, recipients, expiry.",
            discussion: """
                Sorted by name. Needs no key and prints no secret: it reads only the plain fields \
                and the sops metadata. EXPIRES is the earliest expiry field of the type (e.g. \
                secret_expires), marked "expired" once it has passed and "in N days" within 30 \
                days (in JSON: expires_in_days, negative once passed). A file that cannot be read \
                is listed by its file name and reported on standard error.

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
            return JSONText.sortedObject(members)
        }

        static let header = ["NAME", "TYPE", "DESCRIPTION", "MODIFIED", "RECIPIENTS", "EXPIRES"]

        static func table(_ entries: [ListCredentials.Entry]) -> String {
            // The last column is a date, maybe with its status, or "-": it never ends with a
            // space, so TextTable's trimming removes only padding here.
            TextTable.render(header, entries.map { entry in
                [
                    entry.name, entry.type ?? "?", TerminalText.safe(shortened(entry.description ?? "", to: 40)),
                    entry.lastModified ?? "-", recipients(entry.recipients), entry.expiry.map(expiryText) ?? entry.expires ?? "-",
                ].map(TerminalText.safe)
            })
        }

        /// `2026-01-01 expired`, `2026-01-20 in 14 days`; a date further away stands alone.
        static func expiryText(_ expiry: CredentialExpiry) -> String {
            if expiry.isExpired { return "\(expiry.date) expired" }
            if expiry.daysLeft == 0 { return "\(expiry.date) today" }
            return expiry.isNear() ? "\(expiry.date) in \(expiry.daysLeft) day\(expiry.daysLeft == 1 ? "" : "s")" : expiry.date
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

/// The output formats of `list`.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}
