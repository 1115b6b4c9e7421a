import CredfileCrypto

extension AgeError {
    /// Runs `body`, turning an unexpected `CryptoError` into `.cryptoFailure`, so that this
    /// module throws only `AgeError`. Expected crypto failures (a tag that does not verify) are
    /// handled where they occur, because their meaning depends on the context.
    static func mapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CryptoError {
            throw AgeError(.cryptoFailure, "cryptographic operation failed: \(error.message)")
        }
    }
}
