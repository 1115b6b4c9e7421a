#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

extension MergeCredential {
    /// The errors `validate --decrypt` reports for `merged` but not for ours. Two changes that
    /// are each valid can break a rule across fields once merged (`one_of: [password, token,
    /// key]`: one side swaps the password for a token, the other for a key); such a result is
    /// refused as `set` refuses one. Problems ours already has are not the merge's doing.
    func newProblems(in merged: [UInt8], schemas: SchemaSet) -> [Diagnostic] {
        var options = ValidationOptions()
        options.decrypt = true
        let validator = RepositoryValidator(schemas: schemas, options: options)
        let url = URL(fileURLWithPath: path)
        let errors = { (bytes: [UInt8]) in
            validator.validateFile(CredentialFile(url: url, displayPath: path, contents: bytes), keys: keys)
                .diagnostics.filter { $0.severity == .error }
        }
        let before = Set(errors(ours).map { "\($0.code) \($0.message)" })
        return errors(merged).filter { !before.contains("\($0.code) \($0.message)") }
    }
}
