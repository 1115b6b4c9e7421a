/// One NFA state of a compiled ``LinearRegex``. Consuming states (`scalar`, `set`) advance
/// to the next index; the others are followed without consuming text.
enum RegexInstruction: Sendable, Equatable {
    case scalar(UInt32)
    case set(ScalarSet)
    /// Continue at both targets.
    case split(Int, Int)
    case jump(Int)
    /// `^`: only at the start of the text.
    case textStart
    /// `$`: only at the end of the text (RE2's and ECMA-262's non-multiline meaning; unlike
    /// Python or PCRE, not before a final newline).
    case textEnd
    case match
}

/// A pattern compiled to a Thompson NFA: a flat list of instructions, state 0 the start.
struct RegexProgram: Sendable {
    let code: [RegexInstruction]
    /// Every path from the start begins with `^`, so once no thread is alive past the first
    /// scalar the search can stop.
    let anchoredAtStart: Bool

    init(_ tree: RegexNode, limit: Int) throws(LinearRegex.SyntaxError) {
        var compiler = RegexCompiler(limit: limit)
        try compiler.compile(tree)
        try compiler.emit(.match)
        code = compiler.code
        anchoredAtStart = code.first == .textStart
    }
}

/// Emits instructions for a tree, expanding counted repetition and refusing programs above
/// the state limit as soon as they cross it (so `(a{1000}){1000}` stops after `limit` states).
private struct RegexCompiler {
    let limit: Int
    var code: [RegexInstruction] = []

    init(limit: Int) {
        self.limit = limit
    }

    @discardableResult
    mutating func emit(_ instruction: RegexInstruction) throws(LinearRegex.SyntaxError) -> Int {
        guard code.count < limit else {
            throw LinearRegex.SyntaxError(
                message: "the pattern is too large once its repetitions are expanded (more than \(limit) states)", offset: 0)
        }
        code.append(instruction)
        return code.count - 1
    }

    mutating func compile(_ node: RegexNode) throws(LinearRegex.SyntaxError) {
        switch node {
        case .scalar(let value): try emit(.scalar(value))
        case .set(let set): try emit(.set(set))
        case .textStart: try emit(.textStart)
        case .textEnd: try emit(.textEnd)
        case .concatenation(let items): for item in items { try compile(item) }
        case .alternation(let branches): try alternation(branches)
        case .repetition(let item, let min, let max): try repetition(item, min: min, max: max)
        }
    }

    /// `a|b|c`: a chain of splits, each branch jumping to the common end.
    private mutating func alternation(_ branches: [RegexNode]) throws(LinearRegex.SyntaxError) {
        var jumps: [Int] = []
        for branch in branches.dropLast() {
            let split = try emit(.split(0, 0))
            try compile(branch)
            jumps.append(try emit(.jump(0)))
            code[split] = .split(split + 1, code.count)
        }
        try compile(branches[branches.count - 1])
        for jump in jumps { code[jump] = .jump(code.count) }
    }

    /// `x{min,max}` as `min` copies of x followed by `max - min` copies of `x?`, or by `x*`
    /// when unbounded (folded into the last copy as `x+` when there is one).
    private mutating func repetition(_ item: RegexNode, min: Int, max: Int?) throws(LinearRegex.SyntaxError) {
        guard let max else {
            for _ in 0..<Swift.max(min - 1, 0) { try compile(item) }
            return min == 0 ? try star(item) : try plus(item)
        }
        for _ in 0..<min { try compile(item) }
        for _ in min..<max { try optional(item) }
    }

    private mutating func optional(_ item: RegexNode) throws(LinearRegex.SyntaxError) {
        let split = try emit(.split(0, 0))
        try compile(item)
        code[split] = .split(split + 1, code.count)
    }

    private mutating func star(_ item: RegexNode) throws(LinearRegex.SyntaxError) {
        let split = try emit(.split(0, 0))
        try compile(item)
        try emit(.jump(split))
        code[split] = .split(split + 1, code.count)
    }

    private mutating func plus(_ item: RegexNode) throws(LinearRegex.SyntaxError) {
        let start = code.count
        try compile(item)
        try emit(.split(start, code.count + 1))
    }
}
