/// A node named by its path from the top — one (kind, function) step per level — so that
/// another tree of the same profile (grown with other parameters, without the display's
/// pruning) finds the same node.
extension CallTree {
  /// The function `node` stands for in written stacks and diffs: its own, or a frame named
  /// `(unattributed)`, `(pruned)` or `(library)` for those pseudo-nodes (the top, which no stack holds,
  /// is `(profile)`).
  public func stackFrame(_ node: Int) -> FunctionName {
    switch kind[node] {
    case .root, .call, .recursion: name(node) ?? FunctionName(file: "", line: 0, name: "?")
    case .unattributed: FunctionName(file: "", line: 0, name: "(unattributed)")
    case .pruned: FunctionName(file: "", line: 0, name: "(pruned)")
    case .library: FunctionName(file: "", line: 0, name: "(library)")
    case .top: FunctionName(file: "", line: 0, name: "(profile)")
    }
  }

  /// The (kind, function) steps from the top to `node`, the top left out.
  public func steps(to node: Int) -> (kinds: [Kind], functions: [Int32]) {
    let path = self.path(to: node).dropFirst()
    return (path.map { kind[$0] }, path.map { function[$0] })
  }

  /// The node the steps lead to from the top, expanding on the way; nil when a step is not
  /// there.
  public mutating func node(following kinds: [Kind], _ functions: [Int32]) -> Int? {
    var node = top
    for (kind, function) in zip(kinds, functions) {
      guard
        let next = expand(node).first(where: {
          self.kind[$0] == kind && self.function[$0] == function
        })
      else { return nil }
      node = next
    }
    return node
  }
}
