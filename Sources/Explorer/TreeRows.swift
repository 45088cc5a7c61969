import ProfileModel

/// One row of the tree view: a node, or the `self (unexplained)` line under an expanded gap.
public struct TreeRow: Sendable, Equatable {
  public var node: Int
  public var depth: Int
  public var isNode: Bool
}

extension ExplorerState {
  /// The visible rows of the tree view: the zoom root and, below every expanded node, its
  /// children in the chosen order (and a `self (unexplained)` row for gaps).
  public func treeRows() -> [TreeRow] {
    var rows: [TreeRow] = []
    var stack: [(Int, Int)] = []
    let root = zoomRoot
    if tree.kind[root] == .top {
      for child in ordered(tree.children(root)).reversed() { stack.append((child, 0)) }
    } else {
      stack.append((root, 0))
    }
    while let (node, depth) = stack.popLast() {
      if depth < 0 {
        // The `self (unexplained)` row of a gap, after its children.
        rows.append(TreeRow(node: node, depth: -depth, isNode: false))
        continue
      }
      rows.append(TreeRow(node: node, depth: depth, isNode: true))
      guard expanded.contains(node), tree.isExpanded(node) else { continue }
      if isGapNode(node) {
        stack.append((node, -(depth + 1)))
      }
      for child in ordered(tree.children(node)).reversed() { stack.append((child, depth + 1)) }
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
    }
  }

  /// Self plus unattributed children, for nodes whose children are known.
  public func unexplained(_ node: Int) -> Double { tree.unexplainedTime(node) }

  /// Whether `node` passes the gap thresholds (`CallTree.isGapOnceExpanded`; the views
  /// expand every node they show, `prepareView`).
  public func isGapNode(_ node: Int) -> Bool {
    tree.isGapOnceExpanded(node, thresholds: gapThresholds)
  }
}
