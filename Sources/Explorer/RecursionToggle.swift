import ProfileModel

/// `r`: recursion collapsed or not, for trees of exact stacks. The collapsed tree is built
/// once, on the first toggle, and both trees are kept, so toggling back is instant. The
/// selection, zoom, expanded rows and search carry over by call path.
extension ExplorerState {
  /// Switches between the tree as recorded and the tree with recursion collapsed.
  mutating func toggleRecursionCollapse() {
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
    guard var next = alternateTree else { return }
    let collapsing = !recursionCollapsed
    let paths = (
      selection: functionPath(to: selection),
      zoom: zoomStack.map(functionPath(to:)),
      expanded: expanded.sorted().map(functionPath(to:))
    )
    alternateTree = tree
    var collapser = RecursionCollapse(frames: tree.names.functions)
    func place(_ path: [Int32]) -> Int {
      if collapsing {
        collapser.collapse(path)
        return next.deepestNode(along: collapser.stack)
      }
      return next.deepestNode(along: path)
    }
    let newSelection = place(paths.selection)
    var zoom: [Int] = []
    for path in paths.zoom {
      let node = place(path)
      if node != next.top && node != zoom.last && next.isFunctionFrame(node) { zoom.append(node) }
    }
    var open: Set<Int> = [next.top]
    for path in paths.expanded { open.insert(place(path)) }
    tree = next
    recursionCollapsed = collapsing
    zoomStack = zoom
    expanded = open
    recursionReturns.removeAll()
    gapRanking = nil
    gapIndex = -1
    functionOrder = nil
    if let pattern = search?.pattern {
      runSearch(pattern)
      zoomStack = zoom
    }
    select(
      newSelection == next.top ? (tree.expand(tree.top).first ?? tree.top) : newSelection,
      reveal: true)
    message =
      collapsing
      ? "recursion collapsed: a function re-entered further down merges into its outer frame — r restores"
      : "recursion as recorded — r collapses it"
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
