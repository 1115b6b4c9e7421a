/// The single gate every mapping key passes through (after it is known to be a scalar).
///
/// sops walks the document with go-yaml v3 and rejects any key that does not resolve to a
/// string ("Tree contains a non-string key", sops-format.md §1.3). This function is where
/// that resolution is applied to keys, and nowhere else: plain `true`, `1`, `1.5`,
/// `2024-01-02` and the spellings of null are not strings.
///
/// Keys are not secret, so messages may name them (through `YAMLError.display(key:)`).
func checkKey(_ scalar: YAMLScalar, at position: SourcePosition) throws {
    // Quoted, block and `!!str`-tagged keys are strings whatever they spell.
    guard scalar.style == .plain, scalar.tag == nil else { return }
    if scalar.value == "<<" {
        throw YAMLError(.mergeKey, "merge keys ('<<') are not supported", at: position,
                        hint: "write the merged entries out, or quote the key to mean the string '<<'")
    }
    if nullSpellings.contains(scalar.value) {
        let what = scalar.value.isEmpty ? "mapping key is empty" : "mapping key \(YAMLError.display(key: scalar.value))"
        throw YAMLError(.nonStringKey, "\(what) resolves to null, not a string", at: position,
                        hint: "quote the key to use it as a string")
    }
    if startsAsPlainString(scalar.value) { return }
    if !YAMLResolver.isStringKey(scalar) {
        let type = YAMLResolver.resolve(scalar).sopsType ?? "non-string value"
        throw YAMLError(.nonStringKey, "mapping key \(YAMLError.display(key: scalar.value)) resolves to \(type), not a string",
                        at: position, hint: "quote the key to use it as a string")
    }
}

/// go-yaml's resolve table sends a plain scalar starting with any ASCII letter but y, n, t, f
/// and o (either case) straight to "string": most keys (`name`, `host`, `password`) need no
/// further resolution, and every key of every validated file passes here.
private func startsAsPlainString(_ value: String) -> Bool {
    guard let first = value.utf8.first else { return false }
    let lower = first | 0x20
    guard lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z") else { return false }
    return !"ntfoy".utf8.contains(lower)
}

/// The plain scalars that YAML (1.1 and 1.2 core, go-yaml v3) resolves to null.
private let nullSpellings: Set<String> = ["", "~", "null", "Null", "NULL"]
