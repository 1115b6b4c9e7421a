import CredfileKit
import Foundation

/// The schema loader: any text gives a schema or diagnostics, never a trap; a broken schema
/// always has at least one error; an accepted schema exports a JSON Schema that is JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSchema(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let (schema, diagnostics) = SchemaSet.parse(bytes, path: "schemas/fuzz.yaml")
    guard let schema else {
        precondition(diagnostics.contains { $0.severity == .error }, "a rejected schema without an error")
        return 0
    }
    let json = Data(schema.jsonSchema().utf8)
    precondition((try? JSONSerialization.jsonObject(with: json)) != nil, "the exported JSON Schema is not JSON")
    return 0
}
