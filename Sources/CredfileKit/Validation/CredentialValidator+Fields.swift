internal import CredfileYAML

extension CredentialValidator {
    /// Checks each top-level field against the schema; returns the fields present in the file
    /// (a key with no value is present and wrong, as JSON Schema also sees it).
    mutating func checkFields(_ schema: CredentialSchema) -> [String: YAMLMappingEntry] {
        var present: [String: YAMLMappingEntry] = [:]
        for entry in entries where !CredentialSchema.commonFields.contains(entry.key) && entry.key != "sops" {
            guard let field = schema.field(entry.key) else {
                if !schema.allowsExtraFields {
                    report(
                        .fieldUnknown, "unknown field \(DisplayText.key(entry.key)) for type '\(schema.type)'", at: entry.keyRange.start,
                        hints: ["fields of '\(schema.type)': \(schema.fields.map(\.name).joined(separator: ", "))"])
                }
                continue
            }
            guard let scalar = entry.value.scalar else {
                // Present, though wrong: one diagnostic, not a second "missing" one.
                present[entry.key] = entry
                report(.fieldNotAScalar, "'\(field.name)' must be a single value, not a list or mapping", at: entry.value.range.start)
                continue
            }
            present[entry.key] = entry
            if field.sensitive && !decryptedView {
                checkSecret(field, YAMLResolver.resolve(scalar), at: entry.value.range.start)
            } else {
                checkPlain(field, scalar, at: entry.value.range.start)
            }
        }
        return present
    }

    /// A sensitive value must be a well-formed `ENC[…]` of the field's sops type.
    private mutating func checkSecret(_ field: FieldSpec, _ resolved: ResolvedScalar, at: SourcePosition) {
        if resolved == .null {
            report(.fieldInvalid, "'\(field.name)' must have a value", at: at)
            return
        }
        guard case .string(let text) = resolved, EncryptedValue.looksEncrypted(text) else {
            report(
                .secretNotEncrypted, "'\(field.name)' is sensitive but stored in plain text", at: at,
                hints: ["run 'credfile encrypt \(document.path)' before committing"])
            return
        }
        let token: EncryptedValue
        do {
            token = try EncryptedValue(parsing: text)
        } catch let error as CredfileError {
            report(.secretMalformed, "'\(field.name)': \(error.message)", at: at)
            return
        } catch {
            return
        }
        if let problem = field.problemWithEncryptedType(token.type) {
            report(.secretWrongType, "'\(field.name)' \(problem)", at: at)
        }
    }

    /// Checks the scalar as written (go-yaml typing, and the text of dates), so the verdict is
    /// the exported JSON Schema's wherever JSON Schema can express it.
    private mutating func checkPlain(_ field: FieldSpec, _ scalar: YAMLScalar, at: SourcePosition) {
        let resolved = YAMLResolver.resolve(scalar)
        if case .string(let text) = resolved, EncryptedValue.looksEncrypted(text) {
            report(
                .fieldEncrypted, "'\(field.name)' is encrypted but its type does not mark it sensitive", at: at, hints: ["decrypt it and store it in plain text, or mark the field sensitive in the schema"])
            return
        }
        if let problem = field.problem(with: scalar) {
            report(.fieldInvalid, "'\(field.name)' \(problem)", at: at)
        } else if let value = try? SOPSValue(resolved) {
            if field.kind == .date, case .timestamp = resolved, FieldSpec.isMidnightTimestampText(scalar.value) {
                report(
                    .fieldDateTimestamp, "'\(field.name)' is a timestamp at midnight UTC; read as that date", at: at,
                    severity: .warning,
                    hints: ["sops writes an unquoted date this way; quote the date (\"YYYY-MM-DD\") so sops leaves it alone: "
                        + "'credfile set \(expectedName) \(field.name)=YYYY-MM-DD' writes it quoted"])
            }
            checkValue(field, value, at: at)
        }
    }

    /// The field's type check, and for an expiry date the comparison with today.
    mutating func checkValue(_ field: FieldSpec, _ value: SOPSValue, at: SourcePosition) {
        if let problem = field.problem(with: value) {
            report(.fieldInvalid, "'\(field.name)' \(problem)", at: at)
            return
        }
        if field.isExpiry, let date = FieldSpec.parseDate(value) {
            checkExpiry(field, days: CredentialCalendar.civilDays(year: date.year, month: date.month, day: date.day), at: at)
        }
    }

    private mutating func checkExpiry(_ field: FieldSpec, days: Int, at: SourcePosition) {
        let left = days - options.today
        if left < 0 {
            // An error where the credential is used (validate, export, exec); a warning where
            // it is recorded (new, set): a date that has passed is still the truth (issue 16).
            report(
                .secretExpired, "the secret expired \(-left) day\(-left == 1 ? "" : "s") ago ('\(field.name)')", at: at,
                severity: options.expiredIsError ? .error : .warning, hints: [renewalHint(field)])
        } else if left <= options.expiryWarningDays {
            report(
                .secretExpiresSoon, "the secret expires in \(left) day\(left == 1 ? "" : "s") ('\(field.name)')", at: at,
                severity: .warning, hints: [renewalHint(field)])
        }
    }

    /// One command that stores the new secret and its new date, the secret off the command line.
    private func renewalHint(_ field: FieldSpec) -> String {
        let type = document.credentialType.flatMap { schemas.schema(for: $0) }
        let secrets = type?.fields.filter(\.sensitive).map(\.name) ?? []
        let secret = secrets.count == 1 ? secrets[0] : "SECRET_FIELD"
        return "issue a new secret, then store it with its expiry: "
            + "credfile set \(expectedName) \(secret) --stdin \(field.name)=YYYY-MM-DD (or --prompt \(secret))"
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
public enum CredentialCalendar {
    /// nil when the date does not exist (2027-02-30).
    public static func days(year: Int, month: Int, day: Int) -> Int? {
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return civilDays(year: year, month: month, day: day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// The date `days` after 1970-01-01 (H. Hinnant's civil_from_days), as YYYY-MM-DD.
    public static func isoDate(days: Int) -> String {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let pad = { (n: Int, width: Int) in String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    static func civilDays(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
