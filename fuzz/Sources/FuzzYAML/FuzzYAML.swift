import CredfileYAML

/// The strict YAML loader on arbitrary bytes, then go-yaml scalar resolution of every leaf:
/// each must return or throw its own error type, never trap, and a loaded document's
/// ranges must lie inside the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let document = only(YAMLError.self, { try YAMLLoader.load(bytes) }) else { return 0 }
    precondition(document.root.range.end.offset <= bytes.count, "root range past the end of the input")
    document.forEachLeaf { _, leaf in
        guard let scalar = leaf.scalar else { return }
        precondition(leaf.range.start.offset <= leaf.range.end.offset && leaf.range.end.offset <= bytes.count)
        _ = YAMLResolver.resolve(scalar)
        _ = try? YAMLResolver.decode(scalar)
    }
    return 0
}

/// `body`'s value, or nil when it throws `E`; any other error breaks the target's contract
/// and is a finding (`try?` would have swallowed it). Only the type is reported: a fuzzed
/// input's error may quote the input.
func only<E: Error, T>(_: E.Type, _ body: () throws -> T) -> T? {
    do { return try body() } catch is E { return nil } catch { preconditionFailure("threw \(type(of: error)), not \(E.self)") }
}
