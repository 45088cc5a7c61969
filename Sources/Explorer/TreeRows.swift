import ProfileModel

/// One row of the tree view: a node, the `self (unexplained)` line under an expanded gap,
/// or (diff mode) a callee of `node` that only the base run has.
public struct TreeRow: Sendable, Equatable {
  public var node: Int
  public var depth: Int
  public var isNode: Bool
  /// The comparison path of a callee only the base run has; -1 on other rows.
  public var removedPath = -1

  public init(node: Int, depth: Int, isNode: Bool, removedPath: Int = -1) {
    self.node = node
    self.depth = depth
    self.isNode = isNode
    self.removedPath = removedPath
  }
}

extension ExplorerState {
  /// The visible rows of the tree view: the zoom root and, below every expanded node, its
  /// children in the chosen order (and a `self (unexplained)` row for gaps).
  public func treeRows() -> [TreeRow] {
    var rows: [TreeRow] = []
    // Rows still to emit, the next one last.
    var stack: [TreeRow] = []
    let root = zoomRoot
    if tree.kind[root] == .top {
      for child in ordered(tree.children(root)).reversed() {
        stack.append(TreeRow(node: child, depth: 0, isNode: true))
      }
    } else {
      stack.append(TreeRow(node: root, depth: 0, isNode: true))
    }
    while let row = stack.popLast() {
      rows.append(row)
      let node = row.node
      guard row.isNode, expanded.contains(node), tree.isExpanded(node) else { continue }
      // After the children: diff mode's callees only the base run has, then a gap's
      // `self (unexplained)` row.
      if isGapNode(node) {
        stack.append(TreeRow(node: node, depth: row.depth + 1, isNode: false))
      }
      if let comparison, let path = comparison.paths.path(of: node) {
        for removed in comparison.paths.removedCallees(of: path).reversed() {
          stack.append(
            TreeRow(node: node, depth: row.depth + 1, isNode: false, removedPath: removed))
        }
      }
      for child in ordered(tree.children(node)).reversed() {
        stack.append(TreeRow(node: child, depth: row.depth + 1, isNode: true))
      }
    }
    return rows
  }

  func ordered(_ children: Range<Int>) -> [Int] {
    switch treeSort {
    case .total: return Array(children)
    case .selfTime:
      return children.sorted { tree.selfTime[$0] > tree.selfTime[$1] }
    case .unexplained:
      return children.sorted { unexplained($0) > unexplained($1) }
    case .name:
      return children.sorted {
        (tree.name($0)?.displayName ?? "~") < (tree.name($1)?.displayName ?? "~")
      }
    case .change:
      let change = children.map { node -> Double in
        guard let c = comparison, let p = c.paths.path(of: node) else { return 0 }
        let t = c.totals(p)
        return t.new - t.base
      }
      let first = children.lowerBound
      return children.sorted { change[$0 - first] > change[$1 - first] }
    }
  }

  /// Self plus unattributed children, for nodes whose children are known.
  public func unexplained(_ node: Int) -> Double { tree.unexplainedTime(node) }

  /// Whether `node` passes the gap thresholds (`CallTree.isGapOnceExpanded`; the views
  /// expand every node they show, `prepareView`).
  public func isGapNode(_ node: Int) -> Bool {
    // Unexplained time is a top-down notion: the inverted tree has none.
    !invertedShown
      && tree.isGapOnceExpanded(node, thresholds: gapThresholds)
  }
}
