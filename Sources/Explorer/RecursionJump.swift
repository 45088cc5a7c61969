import ProfileModel

/// Following a `↻` leaf: `Enter` on it selects the frame on its own path that it re-enters,
/// and `Esc` comes back to the leaf. The status line says how much of that frame's time comes
/// back through the leaf.
extension ExplorerState {
  /// The ancestor of a `↻` leaf that runs the same function: the frame it re-enters.
  public func reentered(by leaf: Int) -> Int? {
    guard tree.kind[leaf] == .recursion else { return nil }
    let function = tree.function[leaf]
    var node = Int(tree.parent[leaf])
    while node >= 0 {
      if tree.function[node] == function && isFunctionNode(node) { return node }
      node = Int(tree.parent[node])
    }
    return nil
  }

  /// Jumps from the selected `↻` leaf to the frame it re-enters; false when the selection
  /// is not such a leaf.
  mutating func followRecursion() -> Bool {
    guard let target = reentered(by: selection) else { return false }
    recursionReturns.append(selection)
    select(target, reveal: true)
    message = "at the frame the ↻ leaf re-enters — Esc goes back to the leaf"
    return true
  }

  /// Goes back to the `↻` leaf the last jump came from; false when there is none.
  mutating func returnFromRecursion() -> Bool {
    guard let leaf = recursionReturns.popLast(), leaf < tree.count else { return false }
    select(leaf, reveal: true)
    return true
  }
}
