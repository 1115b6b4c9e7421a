import LinearRegex

/// The linear-time regex engine on patterns from untrusted files (a credential's
/// `encrypted_regex`, `.sops.yaml`'s `path_regex`, a schema's `pattern`). Input: the first
/// byte picks the dialect, then the pattern up to a NUL, then the text to search. Compiling
/// throws `SyntaxError` or succeeds within the engine's limits; matching never traps, and
/// whatever the pattern, it is linear in the text (a slow input shows as a libFuzzer timeout).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRegex(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = bytes.first else { return 0 }
    let rest = bytes.dropFirst()
    let split = rest.firstIndex(of: 0) ?? rest.endIndex
    let pattern = String(decoding: rest[..<split], as: UTF8.self)
    let text = split < rest.endIndex ? String(decoding: rest[(split + 1)...], as: UTF8.self) : ""
    let dialect: LinearRegex.Dialect = first & 1 == 0 ? .re2 : .ecma
    guard let regex = try? LinearRegex(pattern, dialect: dialect) else { return 0 }
    _ = regex.matches(text)
    _ = regex.matches(String(repeating: text, count: 8))
    return 0
}
