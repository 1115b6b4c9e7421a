/// Every exit code credfile uses, in one place (the README's table mirrors this). Where the
/// meaning matches sops, the number is sops's (`cmd/sops/codes/codes.go`).
enum ExitCodes {
    static let success: Int32 = 0
    /// Findings (validation errors) or a generic failure.
    static let failure: Int32 = 1
    /// Bad arguments.
    static let usage: Int32 = 2
}
