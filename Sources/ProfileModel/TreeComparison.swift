/// The base run's call tree set beside the new run's, call path by call path: each path is
/// the sequence of matched functions (`FunctionMatching`) from the top, and holds the nodes
/// of each tree on it with their summed time. Siblings whose functions match are one path
/// (so `__init__.py:<module>` of many packages, compared by name and file, is one path).
/// The diff report, the differential SVG and the explorer's diff mode all match paths
/// here. Paths are found lazily, one caller's callees at a time, as the new tree grows:
/// `resolve(_:)` after the views expand it, `resolveAll(_:)` for the whole tree.
public struct TreeComparison: Sendable {
  /// One call path of either run.
  public struct Path: Sendable {
    /// One run's side of a path: its nodes and their summed times.
    public struct Side: Sendable {
      /// The run's tree nodes on this path.
      public var nodes: [Int32] = []
      public var total = 0.0
      public var selfTime = 0.0
      /// Bounds on the run's total on this path: the sums of its nodes' bounds (their totals
      /// where the tree is exact).
      public var bounds = (lower: 0.0, upper: 0.0)

      mutating func add(_ node: Int, of tree: CallTree) {
        nodes.append(Int32(node))
        total += tree.total[node]
        selfTime += tree.selfTime[node]
        let nodeBounds = TreeComparison.bounds(node, tree)
        bounds.lower += nodeBounds.lower
        bounds.upper += nodeBounds.upper
      }
    }

    /// The caller's path; -1 for the top.
    public var parent: Int32
    /// The function the path ends in (the new run's, else the base run's).
    public var function: FunctionName
    public var new = Side()
    public var base = Side()
    /// The callees' paths, once looked up (nil before).
    public var children: [Int32]?

    /// Whether only the base run has this path.
    public var isRemoved: Bool { new.nodes.isEmpty }

    /// Bounds on the change of the path's total (new − base), each run's amounts multiplied
    /// by its scale: where a run is a call graph its tree is an estimate, and the change
    /// carries both runs' uncertainties.
    public func changeBounds(baseScale: Double = 1, newScale: Double = 1) -> (
      lower: Double, upper: Double
    ) {
      (
        new.bounds.lower * newScale - base.bounds.upper * baseScale,
        new.bounds.upper * newScale - base.bounds.lower * baseScale
      )
    }
  }

  public let matching: FunctionMatching
  /// The base run's tree, grown as far as the comparison has looked.
  public private(set) var base: CallTree
  public private(set) var paths: [Path]
  /// The path of each node of the new tree; -1 where not yet looked up.
  private var pathOfNode: [Int32]
  /// Every node of the new tree below this index has its path (`resolveAll`).
  private var resolvedCount = 1

  /// The two runs' totals (their trees' tops).
  public var baseRunTotal: Double { base.total[base.top] }
  public let newRunTotal: Double

  public init(base: CallTree, new: CallTree, matching: FunctionMatching) {
    self.matching = matching
    self.base = base
    newRunTotal = new.total[new.top]
    var top = Path(parent: -1, function: new.stackFrame(new.top))
    top.new.add(new.top, of: new)
    top.base.add(base.top, of: base)
    paths = [top]
    pathOfNode = [Int32](repeating: -1, count: new.count)
    pathOfNode[new.top] = 0
  }

  /// The path of a node of the new tree, once `resolve` has looked it up.
  public func path(of node: Int) -> Int? {
    node < pathOfNode.count && pathOfNode[node] >= 0 ? Int(pathOfNode[node]) : nil
  }

  /// Looks up the path of `node` of `tree` (the new run's) and of its ancestors, growing
  /// the base tree beside them.
  public mutating func resolve(_ node: Int, _ tree: inout CallTree) {
    var chain: [Int] = []
    var n = node
    while path(of: n) == nil {
      chain.append(n)
      n = Int(tree.parent[n])
    }
    for m in chain.reversed() {
      resolveCallees(of: path(of: Int(tree.parent[m]))!, &tree)
    }
  }

  /// Looks up the path of every node of `tree` (the new run's) that has none yet.
  public mutating func resolveAll(_ tree: inout CallTree) {
    var node = resolvedCount
    while node < tree.count {
      if node >= pathOfNode.count {
        pathOfNode.append(contentsOf: repeatElement(-1, count: tree.count - pathOfNode.count))
      }
      if pathOfNode[node] < 0 {
        // Parents come before their children, so the parent's path is known.
        let parent = Int(tree.parent[node])
        resolveCallees(of: Int(pathOfNode[parent]), &tree)
      }
      node += 1
    }
    resolvedCount = node
  }

  /// The callees' paths of path `p`: every node of either tree on `p` expanded, their
  /// children grouped by matched function.
  @discardableResult
  public mutating func resolveCallees(of p: Int, _ tree: inout CallTree) -> [Int32] {
    if let known = paths[p].children { return known }
    var index: [FunctionName: Int32] = [:]
    var children: [Int32] = []
    func path(for name: FunctionName) -> Int {
      let key = matching.key(name)
      if let i = index[key] { return Int(i) }
      paths.append(Path(parent: Int32(p), function: name))
      index[key] = Int32(paths.count - 1)
      children.append(Int32(paths.count - 1))
      return paths.count - 1
    }
    for n in paths[p].new.nodes {
      for child in tree.expand(Int(n)) {
        let i = path(for: tree.stackFrame(child))
        paths[i].new.add(child, of: tree)
        if child >= pathOfNode.count {
          pathOfNode.append(contentsOf: repeatElement(-1, count: tree.count - pathOfNode.count))
        }
        pathOfNode[child] = Int32(i)
      }
    }
    for n in paths[p].base.nodes {
      for child in base.expand(Int(n)) {
        paths[path(for: base.stackFrame(child))].base.add(child, of: base)
      }
    }
    paths[p].children = children
    return children
  }

  /// A node's bounds, or its total twice where it has none (exact trees, pseudo-nodes).
  static func bounds(_ node: Int, _ tree: CallTree) -> (lower: Double, upper: Double) {
    tree.hasBounds(node)
      ? (min(tree.lower[node], tree.total[node]), max(tree.upper[node], tree.total[node]))
      : (tree.total[node], tree.total[node])
  }

  /// The callees' paths of `p` that only the base run has, largest first (empty until
  /// `resolveCallees(of:)` has run).
  public func removedCallees(of p: Int) -> [Int] {
    (paths[p].children ?? []).map(Int.init).filter { paths[$0].isRemoved }
      .sorted { paths[$0].base.total > paths[$1].base.total }
  }

  /// The functions of path `p`, from the top's callees down.
  public func functions(of p: Int) -> [FunctionName] {
    var result: [FunctionName] = []
    var i = p
    while i > 0 {
      result.append(paths[i].function)
      i = Int(paths[i].parent)
    }
    return result.reversed()
  }
}
