/// Options of a call tree: the display threshold and the depth limit.
public struct CallTreeParameters: Sendable, Equatable {
  /// Nodes below this fraction of the top's time fold into one `(pruned)` node.
  public var minimumFraction: Double
  /// Paths deeper than this end in a `(pruned)` node.
  public var maximumDepth: Int

  public init(minimumFraction: Double = 0.001, maximumDepth: Int = 64) {
    self.minimumFraction = minimumFraction
    self.maximumDepth = maximumDepth
  }
}

/// Estimates a call tree from a caller graph: the proportional context tree with certainty
/// bounds of the baseline (`Tests/Fixtures/oracle/calltree_ref.py`), tightened and with its
/// estimates fitted into the bounds as `docs/estimates.md` explains. It grows
/// the tree lazily, one node's children at a time; a top-down tree splits each node's time
/// over its callees, an inverted tree (callers of a function) over its callers.
struct CallTreeEstimator: Sendable {
  static let relativeEpsilon = 1e-9

  let graph: AttributionGraph
  var minimumTime: Double
  let maximumDepth: Int
  var inverted: Bool
  /// Inverted trees of the whole profile: roots hold their function's own time, split over
  /// the callers by the caller edges' own times (`ownTimeSplit`).
  var ownTimeRoots = false
  /// Per function: Σ max(0, edge ct) over callees other than itself.
  private let weightSum: [Double]
  /// Per function: time recorded neither as its own nor in a callee (B.3.3 step 3).
  private let gap: [Double]
  /// Per function: the most time one of its nodes can hold in neither its own code nor a
  /// recorded callee (infinite for sampled files, whose totals need not add up).
  private let slack: [Double]

  init(graph: AttributionGraph, minimumTime: Double, maximumDepth: Int, inverted: Bool) {
    self.graph = graph
    self.minimumTime = minimumTime
    self.maximumDepth = maximumDepth
    self.inverted = inverted
    var weightSum = [Double](repeating: 0, count: graph.functionCount)
    var gap = [Double](repeating: 0, count: graph.functionCount)
    for f in 0..<graph.functionCount {
      var sum = 0.0
      for e in graph.graph.outgoing(f) where graph.callee(Int(e)) != f {
        sum += max(0, graph.edgeCT[Int(e)])
      }
      weightSum[f] = sum
      if !graph.inCycle[f] && !graph.selfLoop[f] && !graph.isPlaceholder[f] {
        var g = max(0, graph.ct[f] - graph.tt[f] - sum)
        if g <= Self.relativeEpsilon * max(1, graph.ct[f]) { g = 0 }
        gap[f] = g
      }
    }
    self.weightSum = weightSum
    self.gap = gap
    let sampled = graph.profile.isSampled
    slack = (0..<graph.functionCount).map { f in
      if sampled { return .infinity }
      let tolerance = Self.relativeEpsilon * max(1, graph.ct[f])
      guard !graph.reentrant[f] else { return tolerance }
      var calls = 0.0
      for e in graph.graph.outgoing(f) where graph.callee(Int(e)) != f {
        calls += graph.edgeCTLower[Int(e)]
      }
      let unexplained = graph.ct[f] - graph.tt[f] - calls
      return max(0, unexplained) + tolerance
    }
  }

  // MARK: - Nodes

  /// Adds a function node with its self time (spec B.3.3 steps 1–4).
  @discardableResult
  func addNode(
    _ kind: CallTree.Kind, function f: Int, total: Double, edge: Int, lower: Double,
    upper: Double, depth: Int, parent: Int, flags extra: CallTree.Flags = [],
    to tree: inout CallTree
  ) -> Int {
    var flags: CallTree.Flags = []
    if graph.isPlaceholder[f] { flags.insert(.placeholder) }
    if graph.inCycle[f] { flags.insert(.cycleMember) }
    if graph.selfLoop[f] { flags.insert(.selfRecursive) }
    if edge >= 0 && graph.isEstimated(edge) {
      flags.insert(graph.edgeCTEstimated[edge] ? .estimatedEdge : .estimatedSelf)
    }
    flags.formUnion(extra)
    var selfTime = inverted ? invertedSelf(f, total) : topDownSelf(f, total, edge)
    if ownTimeRoots && kind == .root, let split = ownTimeSplit(f) { selfTime = split.entry }
    return tree.append(
      kind: kind, function: f, parent: parent, depth: depth, total: total, selfTime: selfTime,
      lower: lower, upper: upper, flags: flags, edge: edge)
  }

  private func topDownSelf(_ f: Int, _ total: Double, _ edge: Int) -> Double {
    var sigma: Double
    if edge >= 0 && !graph.isEstimated(edge) && graph.edgeCT[edge] > 0 && !graph.selfLoop[f]
      && graph.edgeCC[edge] == graph.edgeNC[edge]
    {
      sigma = graph.edgeTT[edge] / graph.edgeCT[edge]
    } else if graph.ct[f] > 0 {
      sigma = graph.tt[f] / graph.ct[f]
    } else {
      let hasCallees = graph.graph.outgoing(f).contains { graph.callee(Int($0)) != f }
      sigma = hasCallees ? 0 : 1
    }
    sigma = min(1, max(0, sigma))
    return weightSum[f] + gap[f] <= 0 ? total : sigma * total
  }

  /// Inverted trees: the share of the node's time in calls of `f` that had no recorded caller.
  private func invertedSelf(_ f: Int, _ total: Double) -> Double {
    let (sum, entry) = callerWeights(f)
    if sum > 0 && graph.everyCallHasCaller(f) { return 0 }
    return sum + entry <= 0 ? total : total * entry / (sum + entry)
  }

  /// Σ ct of `f`'s callers (itself excluded) and the part of ct_f no caller accounts for.
  private func callerWeights(_ f: Int) -> (sum: Double, entry: Double) {
    var sum = 0.0
    for e in graph.graph.incoming(f) where graph.caller(e) != f { sum += max(0, graph.edgeCT[e]) }
    return (sum, max(0, graph.ct[f] - sum))
  }

  // MARK: - Expansion

  private struct Child {
    var kind: CallTree.Kind
    var function: Int
    var total: Double
    var edge = -1
    var lower = Double.nan
    var upper = Double.nan
    var flags: CallTree.Flags = []
  }

  /// Computes the children of `node` (spec B.3.3 steps 5–7, or B.3.7 for inverted trees).
  func expand(_ node: Int, in tree: inout CallTree) {
    let start = tree.count
    let f = Int(tree.function[node])
    guard f >= 0, tree.kind[node] == .root || tree.kind[node] == .call else {
      tree.setChildren(of: node, from: start)
      return
    }
    let total = tree.total[node]
    let rest = total - tree.selfTime[node]
    let depth = Int(tree.depth[node])
    if depth >= maximumDepth && rest > 0 {
      tree.append(
        kind: .pruned, function: -1, parent: node, depth: depth + 1, total: rest, selfTime: rest,
        flags: .maximumDepth)
      tree.setChildren(of: node, from: start)
      return
    }
    var children =
      inverted ? callerChildren(node, f, rest, tree) : calleeChildren(node, f, rest, &tree)
    children.sort { a, b in
      if a.total != b.total { return a.total > b.total }
      if a.kind.siblingOrder != b.kind.siblingOrder {
        return a.kind.siblingOrder < b.kind.siblingOrder
      }
      return (a.function < 0 ? Int.max : a.function) < (b.function < 0 ? Int.max : b.function)
    }
    for child in children {
      if child.kind == .call {
        addNode(
          .call, function: child.function, total: child.total, edge: child.edge,
          lower: child.lower, upper: child.upper, depth: depth + 1, parent: node,
          flags: child.flags, to: &tree)
      } else {
        tree.append(
          kind: child.kind, function: child.function, parent: node, depth: depth + 1,
          total: child.total, selfTime: child.total, lower: child.lower, upper: child.upper,
          flags: child.flags, edge: child.edge)
      }
    }
    tree.setChildren(of: node, from: start)
  }

  /// The functions on the path above `node` (the node's own function excluded).
  private func ancestors(of node: Int, _ tree: CallTree) -> Set<Int> {
    var result: Set<Int> = []
    var n = Int(tree.parent[node])
    while n >= 0 {
      if tree.function[n] >= 0 { result.insert(Int(tree.function[n])) }
      n = Int(tree.parent[n])
    }
    return result
  }

  private func isOutside(_ t: Double, _ lower: Double, _ upper: Double) -> Bool {
    t < lower - Self.relativeEpsilon * max(1, lower)
      || t > upper + Self.relativeEpsilon * max(1, upper)
  }

  /// Splits `rest` over `partners` in proportion to their weights (edge cumtimes, `total`
  /// in all): partners already on the path become `↻` leaves, merged per function; shares
  /// below the display threshold fold into one `(pruned)` child; the others become call
  /// nodes with the bounds `bounds` gives for their edge.
  private func split(
    _ rest: Double, over partners: [(function: Int, edge: Int, weight: Double)], total: Double,
    excluding above: Set<Int>, bounds: (_ edge: Int, _ weight: Double) -> (Double, Double)
  ) -> [Child] {
    var children: [Child] = []
    var recursion: [Int: Int] = [:]
    var pruned = 0.0
    for (function, edge, weight) in partners {
      let share = rest * weight / total
      if above.contains(function) {
        if let i = recursion[function] {
          children[i].total += share
        } else {
          recursion[function] = children.count
          children.append(
            Child(kind: .recursion, function: function, total: share, flags: .cutAtAncestor))
        }
      } else if share < minimumTime {
        pruned += share
      } else {
        let (lower, upper) = bounds(edge, weight)
        children.append(
          Child(
            kind: .call, function: function, total: share, edge: edge, lower: lower,
            upper: upper, flags: isOutside(share, lower, upper) ? .outsideBounds : []))
      }
    }
    if pruned > 0 {
      children.append(Child(kind: .pruned, function: -1, total: pruned, flags: .belowMinimum))
    }
    return children
  }

  private func calleeChildren(
    _ node: Int, _ f: Int, _ rest: Double, _ tree: inout CallTree
  ) -> [Child] {
    let w = weightSum[f] + gap[f]
    guard w > 0 && rest > 0 else { return [] }
    let edges = calleeEdges(f)
    let weights = edges.map { max(0, graph.edgeCT[$0]) }
    var shares = weights.map { rest * $0 / w }
    var unattributed = rest * gap[f] / w
    let pathLongest = longestFrameOffPath(node, tree)
    var bounds = childBounds(
      f, edges, incoming: Int(tree.edge[node]), lower: tree.lower[node], upper: tree.upper[node],
      pathLongest: pathLongest, enclosing: enclosingEdges(of: node, tree))
    let above = ancestors(of: node, tree)
    var raised = false
    for (i, e) in edges.enumerated() where !above.contains(graph.callee(e)) {
      let callee = graph.callee(e)
      let lower = raisedLower(
        callee, incoming: e, lower: bounds.lower[i], upper: bounds.upper[i],
        pathLongest: max(pathLongest, graph.longestFrame(of: callee, otherThan: e)))
      if lower > bounds.lower[i] {
        bounds.lower[i] = lower
        raised = true
      }
    }
    // What the callees must hold bounds their siblings too.
    if raised { bounds.applySiblingRules() }
    var left = BoundedShares.fit(
      &shares, lower: bounds.lower, upper: bounds.upper, weights: weights,
      target: rest - unattributed)
    if left != 0 {
      // The callees cannot hold the rest: the node's own code (and its unexplained part,
      // when it has one) takes the difference.
      if gap[f] > 0 {
        let step = max(left, -unattributed)
        unattributed += step
        left -= step
      }
      let selfTime = tree.selfTime[node]
      let step = min(max(left, -selfTime), tree.total[node] - selfTime)
      tree.selfTime[node] = selfTime + step
      left -= step
    }
    if left != 0, let largest = shares.indices.max(by: { shares[$0] < shares[$1] }) {
      shares[largest] += left
    }
    var children: [Child] = []
    var pruned = 0.0
    for (i, e) in edges.enumerated() where shares[i] > 0 {
      let (lower, upper) = (bounds.lower[i], bounds.upper[i])
      let share = shares[i]
      let callee = graph.callee(e)
      var flags: CallTree.Flags = isOutside(share, lower, upper) ? .outsideBounds : []
      if bounds.singleCall[i] { flags.insert(.singleCall) }
      let isReentry = above.contains(callee)
      if isReentry
        && !(share >= minimumTime && lower > 0 && CallTree.isExact(lower: lower, upper: upper))
      {
        // Re-entries stay leaves unless their time is certain: an exact one (a module run
        // by `exec` under `runpy`) is grown like any call, so the run is not hidden behind it.
        flags.insert(.cutAtAncestor)
        children.append(
          Child(
            kind: .recursion, function: callee, total: share, edge: e, lower: lower,
            upper: upper, flags: flags))
      } else if share < minimumTime {
        pruned += share
      } else {
        if isReentry { flags.insert(.reentry) }
        children.append(
          Child(
            kind: .call, function: callee, total: share, edge: e, lower: lower, upper: upper,
            flags: flags))
      }
    }
    if pruned > 0 {
      children.append(Child(kind: .pruned, function: -1, total: pruned, flags: .belowMinimum))
    }
    if unattributed > 0 {
      children.append(
        Child(kind: .unattributed, function: -1, total: unattributed, flags: .noCalleeRecorded))
    }
    return children
  }

  /// The bounds of every callee edge (`edges`) of a node of function `f` reached through
  /// `incoming` (-1 for roots) with bounds `lower...upper` (spec B.6), from the most the
  /// node's own code can take and the time its function records for no callee.
  private func childBounds(
    _ f: Int, _ edges: [Int], incoming: Int, lower: Double, upper: Double, pathLongest: Double,
    enclosing: Set<Int> = []
  ) -> ChildBounds {
    var selfUpper = graph.tt[f]
    if incoming >= 0 && !graph.isEstimated(incoming) {
      var inline = graph.edgeTT[incoming]
      for e in graph.graph.outgoing(f) where graph.callee(Int(e)) == f {
        inline += graph.edgeTT[Int(e)]
      }
      selfUpper = min(selfUpper, inline)
    }
    selfUpper = max(0, min(selfUpper, upper))
    return ChildBounds(
      graph: graph, function: f, edges: edges, lower: lower, upper: upper, incoming: incoming,
      selfUpper: selfUpper, slack: slack[f], pathLongest: pathLongest, enclosing: enclosing)
  }

  /// The edges by which frames of `node`'s function on the path above it called the next
  /// frame of the path: calls that hold `node`'s frames (a re-entry's) rather than sit in
  /// them. Empty unless the path passes through `node`'s function before `node`.
  private func enclosingEdges(of node: Int, _ tree: CallTree) -> Set<Int> {
    let f = tree.function[node]
    var edges: Set<Int> = []
    var child = node
    var n = Int(tree.parent[node])
    while n >= 0 {
      if tree.function[n] == f && tree.edge[child] >= 0 { edges.insert(Int(tree.edge[child])) }
      child = n
      n = Int(tree.parent[n])
    }
    return edges
  }

  /// The longest a frame can last that holds a call inside `node`'s frames without running
  /// along `node`'s path: the largest, over the path's functions, of the other ways into
  /// each (`AttributionGraph.longestFrame`). A single call longer than this is in `node`.
  /// A path through a re-entry holds a function twice, and the chain of frames could end at
  /// either of its frames (or go round the cycle again): there the rule does not apply
  /// (infinity).
  func longestFrameOffPath(_ node: Int, _ tree: CallTree) -> Double {
    var longest = 0.0
    var n = node
    while n >= 0, tree.kind[n] == .root || tree.kind[n] == .call {
      if tree.flags[n].contains(.reentry) { return .infinity }
      longest = max(
        longest, graph.longestFrame(of: Int(tree.function[n]), otherThan: Int(tree.edge[n])))
      n = Int(tree.parent[n])
    }
    return longest
  }

  /// The callee edges of `f` that make children (every callee but itself).
  private func calleeEdges(_ f: Int) -> [Int] {
    graph.graph.outgoing(f).map(Int.init).filter { graph.callee($0) != f }
  }

  /// A node's lower bound raised to what its own callees must take at least (children
  /// bound their parent), so that its estimate leaves them room; two rounds, as each raise
  /// can tighten the callees' bounds again.
  func raisedLower(
    _ f: Int, incoming: Int, lower: Double, upper: Double, pathLongest: Double
  ) -> Double {
    var lower = lower
    let edges = calleeEdges(f)
    guard !edges.isEmpty else { return lower }
    for _ in 0..<2 {
      let bounds = childBounds(
        f, edges, incoming: incoming, lower: lower, upper: upper, pathLongest: pathLongest)
      let needed = bounds.lower.reduce(0, +)
      guard needed > lower + Self.relativeEpsilon * max(1, lower) else { break }
      lower = min(upper, needed)
    }
    return lower
  }

  /// A function's own time over its callers, when every caller edge records the callee's
  /// own time under it (cProfile, yappi): each caller's part with its bounds, and the part
  /// with no recorded caller. A function's own time in calls of itself goes, as the
  /// top-down tree folds direct recursion, to the caller of the outermost of those calls —
  /// split in proportion, each caller's part then bounded by its recorded time below and that
  /// plus the recursive time above. Nil when an edge's own time is estimated or the edges hold
  /// more than the function's own time.
  func ownTimeSplit(
    _ f: Int
  ) -> (entry: Double, callers: [(function: Int, edge: Int, time: Double, upper: Double)])? {
    guard graph.graph.edgeValues == .timed else { return nil }
    var callers: [(function: Int, edge: Int, time: Double, upper: Double)] = []
    var recursive = 0.0
    var sum = 0.0
    for e in graph.graph.incoming(f) {
      guard !graph.edgeTTEstimated[e] else { return nil }
      let time = max(0, graph.edgeTT[e])
      if graph.caller(e) == f {
        recursive += time
      } else {
        callers.append((graph.caller(e), e, time, time))
        sum += time
      }
    }
    let own = graph.tt[f]
    guard sum + recursive <= own + Self.relativeEpsilon * max(1, own) else { return nil }
    var entry = max(0, own - sum - recursive)
    if recursive > 0 {
      let weight = sum + entry
      for i in callers.indices {
        callers[i].upper += recursive
        callers[i].time += weight > 0 ? recursive * callers[i].time / weight : 0
      }
      entry += weight > 0 ? recursive * entry / weight : recursive
    }
    return (entry, callers)
  }

  /// The children of a root of an inverted tree of own time whose split is recorded.
  private func ownTimeChildren(_ f: Int) -> [Child]? {
    guard let split = ownTimeSplit(f) else { return nil }
    var children: [Child] = []
    var pruned = 0.0
    for caller in split.callers where caller.time > 0 {
      if caller.time < minimumTime {
        pruned += caller.time
        continue
      }
      let lower = graph.edgeTT[caller.edge]
      children.append(
        Child(
          kind: .call, function: caller.function, total: caller.time, edge: caller.edge,
          lower: max(0, lower), upper: caller.upper))
    }
    if pruned > 0 {
      children.append(Child(kind: .pruned, function: -1, total: pruned, flags: .belowMinimum))
    }
    return children
  }

  private func callerChildren(_ node: Int, _ f: Int, _ rest: Double, _ tree: CallTree) -> [Child] {
    if ownTimeRoots && tree.kind[node] == .root, let children = ownTimeChildren(f) {
      return children
    }
    let (sum, _) = callerWeights(f)
    guard sum > 0 && rest > 0 else { return [] }
    let (nodeLower, nodeUpper) = (tree.lower[node], tree.upper[node])
    let callers = graph.graph.incoming(f).compactMap { e -> (Int, Int, Double)? in
      let weight = max(0, graph.edgeCT[e])
      return graph.caller(e) != f && weight > 0 ? (graph.caller(e), e, weight) : nil
    }
    // With one caller (itself aside) that made every call, all of the node ran under it.
    let soleCaller = callers.count == 1 && graph.everyCallHasCaller(f)
    return split(rest, over: callers, total: sum, excluding: ancestors(of: node, tree)) {
      e, weight in
      let lower =
        soleCaller
        ? nodeLower
        : graph.edgeCTEstimated[e] || graph.inCycle[f]
          ? 0 : max(0, nodeLower - (graph.ct[f] - weight))
      // The edge's recorded time, or for count-only callers the most its bounds allow.
      return (lower, min(nodeUpper, graph.edgeCTUpper[e]))
    }
  }
}
