extension CallTree {
  /// The estimated top-down tree of a caller-graph profile (spec B.3): roots without
  /// callers, source cycles and entry remainders under a synthetic top.
  public static func estimated(
    from graph: AttributionGraph, parameters: CallTreeParameters = CallTreeParameters()
  ) -> CallTree {
    let roots = Self.roots(of: graph)
    let sumRoots = roots.reduce(0) { $0 + $1.total }
    let topTotal = max(graph.totalSelfTime, sumRoots)
    let estimator = CallTreeEstimator(
      graph: graph, minimumTime: parameters.minimumFraction * topTotal,
      maximumDepth: parameters.maximumDepth, inverted: false)
    var tree = CallTree(names: graph.graph, expander: .graph(estimator))
    let top = tree.append(
      kind: .top, function: -1, parent: -1, depth: 0, total: topTotal, selfTime: 0)
    var small = 0.0
    for root in roots {
      if root.total < estimator.minimumTime {
        small += root.total
        continue
      }
      let lower = root.reason == .sourceCycle ? 0 : root.total
      estimator.addNode(
        .root, function: root.function, total: root.total, edge: -1, lower: lower,
        upper: root.total, depth: 1, parent: top, flags: root.reason, to: &tree)
    }
    if small > 0 {
      tree.append(
        kind: .pruned, function: -1, parent: top, depth: 1, total: small, selfTime: small,
        flags: .smallRoots)
    }
    let missing = topTotal - sumRoots
    if missing > CallTreeEstimator.relativeEpsilon * max(1, topTotal) {
      tree.append(
        kind: .unattributed, function: -1, parent: top, depth: 1, total: missing,
        selfTime: missing, flags: .totalExceedsRoots)
    }
    tree.setChildren(of: top, from: 1)
    return tree
  }

  /// The tree re-rooted at function `f` ("focus"): the same expansion started at `f` with
  /// its whole cumulative time, or — inverted — the functions that called `f`, each with
  /// the share of `f`'s time that came through it (spec B.3.7).
  public static func focused(
    on f: Int, in graph: AttributionGraph, inverted: Bool = false,
    parameters: CallTreeParameters = CallTreeParameters()
  ) -> CallTree {
    let total = graph.ct[f]
    let estimator = CallTreeEstimator(
      graph: graph, minimumTime: parameters.minimumFraction * total,
      maximumDepth: parameters.maximumDepth, inverted: inverted)
    var tree = CallTree(names: graph.graph, expander: .graph(estimator))
    let top = tree.append(kind: .top, function: -1, parent: -1, depth: 0, total: total, selfTime: 0)
    estimator.addNode(
      .root, function: f, total: total, edge: -1, lower: total, upper: total, depth: 1,
      parent: top, to: &tree)
    tree.setChildren(of: top, from: 1)
    return tree
  }

  struct Root {
    var function: Int
    var total: Double
    var reason: Flags
  }

  /// Spec B.3.2: no-caller roots, source cycles, entry remainders; largest first.
  static func roots(of graph: AttributionGraph) -> [Root] {
    let n = graph.functionCount
    let callGraph = graph.graph
    var roots: [Root] = []
    var natural = [Bool](repeating: false, count: n)
    for f in 0..<n where callGraph.incoming(f).allSatisfy({ graph.caller($0) == f }) {
      natural[f] = true
      roots.append(Root(function: f, total: graph.ct[f], reason: .noCaller))
    }
    // Components that no edge enters from outside and that hold no natural root, taken in
    // the order of their first member; each contributes its member with the largest ct.
    let componentCount = Int(graph.component.max().map { $0 + 1 } ?? 0)
    var enteredFromOutside = [Bool](repeating: false, count: componentCount)
    var holdsNatural = [Bool](repeating: false, count: componentCount)
    var heaviest = [Int](repeating: -1, count: componentCount)
    var firstSeen: [Int] = []
    for f in 0..<n {
      let c = Int(graph.component[f])
      if heaviest[c] < 0 {
        firstSeen.append(c)
        heaviest[c] = f
      } else if graph.ct[f] > graph.ct[heaviest[c]] {
        heaviest[c] = f
      }
      if natural[f] { holdsNatural[c] = true }
      if callGraph.incoming(f).contains(where: { Int(graph.component[graph.caller($0)]) != c }) {
        enteredFromOutside[c] = true
      }
    }
    for c in firstSeen where !enteredFromOutside[c] && !holdsNatural[c] {
      let f = heaviest[c]
      roots.append(Root(function: f, total: graph.ct[f], reason: .sourceCycle))
    }
    let threshold = max(1e-12, 1e-6 * graph.totalSelfTime)
    let sampled = graph.profile.flavor == .sampled
    for f in 0..<n where !natural[f] && !graph.inCycle[f] && !graph.isPlaceholder[f] {
      if callGraph.incoming(f).contains(where: { graph.edgeCTEstimated[$0] }) { continue }
      if sampled && graph.selfLoop[f] { continue }
      var fromCallers = 0.0
      for e in callGraph.incoming(f) where graph.caller(e) != f { fromCallers += graph.edgeCT[e] }
      let remainder = graph.ct[f] - fromCallers
      if remainder > threshold {
        roots.append(Root(function: f, total: remainder, reason: .entryRemainder))
      }
    }
    roots.sort { a, b in a.total != b.total ? a.total > b.total : a.function < b.function }
    return roots
  }
}
