extension RegexProgram {
    /// Pike-style simulation: the set of live states advances one scalar at a time, each
    /// state at most once per position, so the work is O(states × scalars) with no
    /// backtracking. A new thread starts at every position, which makes the search unanchored.
    ///
    /// `budget` is the number of steps (a state followed in the closure or tested against a
    /// scalar) the search may still take; what it takes is subtracted. nil when the budget
    /// runs out before the answer is known (checked once per scalar, so the overshoot is at
    /// most twice the program size).
    func matches(_ text: String, budget: inout Int) -> Bool? {
        var closure = EpsilonClosure(code: code)
        var current: [Int] = []
        var next: [Int] = []
        var scalars = text.unicodeScalars.makeIterator()
        var upcoming = scalars.next()
        var position = 0
        defer { budget -= closure.steps }
        while true {
            if position == 0 || !anchoredAtStart {
                let at = EpsilonClosure.Position(index: position, atStart: position == 0, atEnd: upcoming == nil)
                if closure.add(0, to: &current, at: at) { return true }
            }
            guard let scalar = upcoming?.value else { return false }
            if current.isEmpty && anchoredAtStart { return false }
            upcoming = scalars.next()
            let after = EpsilonClosure.Position(index: position + 1, atStart: false, atEnd: upcoming == nil)
            next.removeAll(keepingCapacity: true)
            closure.steps += current.count
            for state in current where accepts(code[state], scalar) {
                if closure.add(state + 1, to: &next, at: after) { return true }
            }
            if closure.steps > budget { return nil }
            swap(&current, &next)
            position += 1
        }
    }

    private func accepts(_ instruction: RegexInstruction, _ scalar: UInt32) -> Bool {
        switch instruction {
        case .scalar(let value): value == scalar
        case .set(let set): set.contains(scalar)
        default: false
        }
    }
}

/// Follows the non-consuming states (splits, jumps, anchors) from one state and records the
/// consuming states reached. An explicit stack, not recursion: `a?{1000}` chains thousands of
/// splits and the validator runs on threads with small stacks.
private struct EpsilonClosure {
    /// Where in the text the states being added stand.
    struct Position {
        var index: Int
        var atStart: Bool
        var atEnd: Bool
    }

    let code: [RegexInstruction]
    /// The text position at which each state was last added: a state joins a list at most
    /// once per position, which is what bounds the work.
    private var addedAt: [Int]
    private var stack: [Int] = []
    /// States popped so far: the search's cost, which ``RegexProgram/matches(_:budget:)``
    /// charges to its budget.
    var steps = 0

    init(code: [RegexInstruction]) {
        self.code = code
        addedAt = Array(repeating: -1, count: code.count)
    }

    /// Adds the consuming states reachable from `state` to `list`; true when the match state
    /// is reachable, which is all a boolean search needs to know.
    mutating func add(_ state: Int, to list: inout [Int], at position: Position) -> Bool {
        stack.append(state)
        while let state = stack.popLast() {
            steps += 1
            guard addedAt[state] != position.index else { continue }
            addedAt[state] = position.index
            switch code[state] {
            case .match:
                stack.removeAll(keepingCapacity: true)
                return true
            case .jump(let target):
                stack.append(target)
            case .split(let first, let second):
                stack.append(second)
                stack.append(first)
            case .textStart:
                if position.atStart { stack.append(state + 1) }
            case .textEnd:
                if position.atEnd { stack.append(state + 1) }
            case .scalar, .set:
                list.append(state)
            }
        }
        return false
    }
}
