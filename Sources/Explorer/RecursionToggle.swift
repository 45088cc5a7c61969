import ProfileModel

/// `r`: recursion collapsed or not, for trees of exact stacks. The collapsed tree is built
/// once, on the first toggle, and both trees are kept, so toggling back is instant. The
/// selection, zoom, expanded rows and search carry over by call path.
extension ExplorerState {
  /// Switches between the tree as recorded and the tree with recursion collapsed.
  mutating func toggleRecursionCollapse() {
    guard !librariesHidden else {
      message =
        "r: press i first to show library frames — recursion collapses the stacks as recorded"
      return
    }
    guard !tree.isEstimated else {
      message = "estimated trees already end each recursion at a ↻ leaf — Enter follows it"
      return
    }
    if alternateTree == nil {
      guard tree.hasRecursion else {
        message = "no recursion to collapse: no stack runs a function twice"
        return
      }
      alternateTree = tree.collapsingRecursion()
    }
    guard let next = alternateTree else { return }
    let collapsing = !recursionCollapsed
    alternateTree = tree
    var collapser = RecursionCollapse(frames: tree.names.functions)
    showTree(next) { path in
      guard collapsing else { return path }
      collapser.collapse(path)
      return collapser.stack
    }
    recursionCollapsed = collapsing
    message =
      collapsing
      ? "recursion collapsed: a function re-entered further down merges into its outer frame — r restores"
      : "recursion as recorded — r collapses it"
  }

  /// Shows `next` in place of the tree: the selection, the zoom and the expanded rows move
  /// to the nodes of `next` along their call paths (each rewritten by `place` first), the
  /// state tied to the old tree's nodes (gaps, `↻` returns, search matches) is found anew.
  mutating func showTree(_ next: CallTree, place: (_ path: [Int32]) -> [Int32]) {
    var next = next
    let newSelection = next.deepestNode(along: place(functionPath(to: selection)))
    var zoom: [Int] = []
    for path in zoomStack.map(functionPath(to:)) {
      let node = next.deepestNode(along: place(path))
      if node != next.top && node != zoom.last && next.isFunctionFrame(node) { zoom.append(node) }
    }
    var open: Set<Int> = [next.top]
    for path in expanded.sorted().map(functionPath(to:)) {
      open.insert(next.deepestNode(along: place(path)))
    }
    tree = next
    zoomStack = zoom
    expanded = open
    recursionReturns.removeAll()
    gapRanking = nil
    gapIndex = -1
    if tree.isEstimated { unplaced = tree.unplacedTime(limit: 200_000) }
    if let pattern = search?.pattern {
      runSearch(pattern)
      zoomStack = zoom
    }
    select(
      newSelection == tree.top ? (tree.expand(tree.top).first ?? tree.top) : newSelection,
      reveal: true)
  }

  /// The functions on the path from the top to `node` (pseudo-nodes end the path).
  func functionPath(to node: Int) -> [Int32] {
    var path: [Int32] = []
    for n in tree.path(to: node) where tree.isFunctionFrame(n) {
      path.append(tree.function[n])
    }
    return path
  }
}

extension CallTree {
  /// The deepest node reached by following `functions` down from the top, expanding as it
  /// goes; the top when not even the first function is a root.
  public mutating func deepestNode(along functions: [Int32]) -> Int {
    var node = top
    for f in functions {
      guard let child = expand(node).first(where: { function[$0] == f && isFunctionFrame($0) })
      else { break }
      node = child
    }
    return node
  }
}
