import CredfileKit
import CredfileYAML
import Testing

/// `FieldSpec.problem(with:)`: accept/reject tables per kind, go-yaml typing, and messages
/// that never contain the value.
@Suite struct SchemaCheckerTests {
    static func field(_ kind: FieldKind, min: Int64? = nil, max: Int64? = nil, pattern: String? = nil) -> FieldSpec {
        FieldSpec(name: "f", kind: kind, pattern: pattern, minimum: min, maximum: max)
    }

    /// Every rejection's message is value-free; returns whether the value was accepted.
    static func accepts(_ field: FieldSpec, _ value: SOPSValue) -> Bool {
        guard let message = field.problem(with: value) else { return true }
        if case .string(let s) = value, s.count >= 3 {
            #expect(!message.contains(s), "message '\(message)' contains the value")
        }
        #expect(message.first?.isUppercase != true && message.last != ".")
        return false
    }

    @Test(arguments: [
        (FieldKind.hostname, SchemaFormatCorpus.hostname.accept, SchemaFormatCorpus.hostname.reject),
        (.email, SchemaFormatCorpus.email.accept, SchemaFormatCorpus.email.reject),
        (.url, SchemaFormatCorpus.url.accept, SchemaFormatCorpus.url.reject),
        (.uuid, SchemaFormatCorpus.uuid.accept, SchemaFormatCorpus.uuid.reject),
        (.date, SchemaFormatCorpus.date.accept, SchemaFormatCorpus.date.reject),
    ])
    func formatTables(_ kind: FieldKind, _ accept: [String], _ reject: [String]) {
        let f = Self.field(kind)
        for s in accept { #expect(Self.accepts(f, .string(s)), "\(kind.name) should accept \(s.debugDescription)") }
        for s in reject { #expect(!Self.accepts(f, .string(s)), "\(kind.name) should reject \(s.debugDescription)") }
    }

    @Test func portRangeAndTyping() {
        let port = Self.field(.port)
        #expect(port.problem(with: .int(0)) == "must be a port number (1–65535)")
        #expect(port.problem(with: .int(1)) == nil)
        #expect(port.problem(with: .int(65535)) == nil)
        #expect(port.problem(with: .int(65536)) != nil)
        #expect(port.problem(with: .int(-25)) != nil)
        // A quoted "587" is a string to go-yaml, so it is the wrong type.
        #expect(port.problem(with: .string("587")) == "must be a port number (1–65535)")
        #expect(port.problem(with: .float(587)) != nil)
        #expect(port.problem(with: .bool(true)) != nil)
    }

    @Test func intBounds() {
        #expect(Self.field(.int).problem(with: .int(.min)) == nil)
        #expect(Self.field(.int).problem(with: .string("5")) == "must be an integer")
        let bounded = Self.field(.int, min: 1, max: 10)
        #expect(bounded.problem(with: .int(1)) == nil && bounded.problem(with: .int(10)) == nil)
        #expect(bounded.problem(with: .int(0)) == "must be an integer from 1 to 10")
        #expect(bounded.problem(with: .int(11)) == "must be an integer from 1 to 10")
        #expect(Self.field(.int, min: 1).problem(with: .int(0)) == "must be an integer of at least 1")
        #expect(Self.field(.int, max: 9).problem(with: .int(10)) == "must be an integer of at most 9")
    }

    @Test func boolStringEnumTyping() {
        #expect(Self.field(.bool).problem(with: .bool(false)) == nil)
        #expect(Self.field(.bool).problem(with: .string("true")) == "must be true or false")
        #expect(Self.field(.string).problem(with: .string("")) == nil)
        #expect(Self.field(.string).problem(with: .int(12345)) == "must be a string (quote it)")
        #expect(Self.field(.hostname).problem(with: .int(1)) == "must be a host name or an IP address")
        let mode = Self.field(.oneOf(["ssl", "starttls"]))
        #expect(mode.problem(with: .string("ssl")) == nil)
        #expect(mode.problem(with: .string("SSL")) == "must be one of: ssl, starttls")
        #expect(mode.problem(with: .bool(true)) == "must be one of: ssl, starttls")
    }

    @Test func datesAsStringsAndTimes() throws {
        let date = Self.field(.date)
        // An unquoted 2027-06-30 resolves to a time at midnight UTC.
        let midnight = try #require(GoTime(rfc3339: "2027-06-30T00:00:00Z"))
        #expect(date.problem(with: .time(midnight)) == nil)
        #expect(date.problem(with: .time(try #require(GoTime(rfc3339: "2027-06-30T00:00:01Z")))) == "must be a date (YYYY-MM-DD)")
        #expect(date.problem(with: .time(try #require(GoTime(rfc3339: "2027-06-30T00:00:00+02:00")))) != nil)
        #expect(date.problem(with: .int(20270630)) != nil)
        #expect(FieldSpec.parseDate(.string("2024-02-29"))! == (2024, 2, 29))
        #expect(FieldSpec.parseDate(.time(midnight))! == (2027, 6, 30))
        #expect(FieldSpec.parseDate(.string("2023-02-29")) == nil)
    }

    @Test func scalarsAreTypedAsGoYAMLTypesThem() {
        let port = Self.field(.port)
        #expect(port.problem(with: YAMLScalar("587")) == nil)
        #expect(port.problem(with: YAMLScalar("587", style: .doubleQuoted)) != nil)
        #expect(port.problem(with: YAMLScalar("0x24B")) == nil)
        #expect(port.problem(with: YAMLScalar("")) == "must have a value")
        #expect(port.problem(with: YAMLScalar("18446744073709551615")) == "must be a port number (1–65535)")
        let date = Self.field(.date)
        #expect(date.problem(with: YAMLScalar("2027-06-30")) == nil)
        #expect(date.problem(with: YAMLScalar("2027-06-30", style: .singleQuoted)) == nil)
        // go-yaml reads these as midnight too; the short form is refused (as the JSON Schema
        // refuses it), but the timestamp at midnight UTC is what sops writes back for an
        // unquoted date on every set/edit/encrypt, so it is that date (the validator adds a
        // `field.date-timestamp` warning; the exported JSON Schema stays strict).
        #expect(date.problem(with: YAMLScalar("2027-6-30")) == "must be a date (YYYY-MM-DD)")
        #expect(date.problem(with: YAMLScalar("2027-06-30T00:00:00Z")) == nil)
        #expect(date.problem(with: YAMLScalar("2027-06-30T00:00:01Z")) == "must be a date (YYYY-MM-DD)")
        #expect(date.problem(with: YAMLScalar("2027-06-30T00:00:00+01:00")) == "must be a date (YYYY-MM-DD)")
        #expect(date.problem(with: YAMLScalar("2027-02-29")) != nil)
        let text = Self.field(.string)
        #expect(text.problem(with: YAMLScalar("true")) == "must be a string (quote it)")
        #expect(text.problem(with: YAMLScalar("true", style: .doubleQuoted)) == nil)
        #expect(text.problem(with: YAMLScalar("123", tag: "tag:yaml.org,2002:str")) == nil)
    }

    @Test func ownPatternIsAnUnanchoredSearch() {
        let f = Self.field(.email, pattern: "@example\\.com$")
        #expect(f.problem(with: .string("a@example.com")) == nil)
        #expect(f.problem(with: .string("a@example.org")) == "must match the pattern '@example\\.com$'")
        // The kind is checked first: a non-email fails as an email whatever the pattern says.
        #expect(f.problem(with: .string("@example.com")) == "must be an email address")
        #expect(Self.field(.string, pattern: "b").problem(with: .string("abc")) == nil)
        var changed = Self.field(.string, pattern: "^x")
        changed.pattern = "^a"
        #expect(changed.problem(with: .string("abc")) == nil)
    }

    @Test func encryptedTypes() {
        #expect(Self.field(.string).problemWithEncryptedType("str") == nil)
        #expect(Self.field(.string).problemWithEncryptedType("int") == "must be encrypted with type 'str'")
        #expect(Self.field(.port).problemWithEncryptedType("int") == nil)
        #expect(Self.field(.port).problemWithEncryptedType("str") == "must be encrypted with type 'int'")
        #expect(Self.field(.bool).problemWithEncryptedType("bool") == nil)
        #expect(Self.field(.date).problemWithEncryptedType("time") == nil)
        #expect(Self.field(.date).problemWithEncryptedType("str") == nil)
        #expect(Self.field(.uuid).problemWithEncryptedType("float") != nil)
    }

    /// Many repeated checks of valid values stay valid (no state leaks between calls). Speed is
    /// measured by the benchmark in a release build, never asserted in a test.
    @Test func repeatedChecksStayValid() {
        let fields = [Self.field(.hostname), Self.field(.email), Self.field(.url), Self.field(.uuid), Self.field(.date), Self.field(.port)]
        let values: [SOPSValue] = [
            .string("smtp.office365.com"), .string("invoices@example.com"), .string("https://example.com:8443/a?b#c"),
            .string("123e4567-e89b-12d3-a456-426614174000"), .string("2027-06-30"), .int(587),
        ]
        var failures = 0
        for _ in 0..<10_000 {
            for (f, v) in zip(fields, values) where f.problem(with: v) != nil { failures += 1 }
        }
        #expect(failures == 0)
    }
}
