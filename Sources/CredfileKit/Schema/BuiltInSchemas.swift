/// The built-in types' schema files (`Schema/BuiltIn/*.yaml`, compiled in by SwiftPM's
/// `embedInCode`), byte for byte as in the repository's `schemas/` (a test compares them).
/// `credfile init` writes these; `SchemaSet.builtIn` parses them. A new built-in type is one
/// YAML file there plus its line in Package.swift and here.
enum BuiltInSchemas {
    /// File name and text, by file name.
    static let files: [(name: String, text: String)] = [
        ("generic.yaml", String(decoding: PackageResources.generic_yaml, as: UTF8.self)),
        ("msgraph.yaml", String(decoding: PackageResources.msgraph_yaml, as: UTF8.self)),
        ("smtp.yaml", String(decoding: PackageResources.smtp_yaml, as: UTF8.self)),
    ]
}
