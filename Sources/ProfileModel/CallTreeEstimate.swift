extension CallTree {
  /// The estimated top-down tree of a caller-graph profile (docs/estimates.md): the roots that cover the run under a synthetic top.
  public static func estimated(
    from graph: AttributionGraph, parameters: CallTreeParameters = CallTreeParameters()
  ) -> CallTree {
    var estimator = CallTreeEstimator(
      graph: graph, minimumTime: 0, maximumDepth: parameters.maximumDepth, inverted: false)
    // A root holds at least what its callees must take (children bound their parent).
    let roots = RootSelection(graph: graph).roots.map { root in
      var root = root
      root.lower = estimator.raisedLower(
        root.function, incoming: -1, lower: root.lower, upper: root.upper,
        pathLongest: graph.longestFrame(of: root.function, otherThan: -1))
      root.total = max(root.total, root.lower)
      return root
    }
    let sumRoots = roots.reduce(0) { $0 + $1.total }
    let topTotal = max(graph.totalSelfTime, sumRoots)
    estimator.minimumTime = parameters.minimumFraction * topTotal
    var tree = CallTree(names: graph.graph, expander: .graph(estimator))
    let top = tree.append(
      kind: .top, function: -1, parent: -1, depth: 0, total: topTotal, selfTime: 0)
    var small = 0.0
    for root in roots {
      if root.total < estimator.minimumTime {
        small += root.total
        continue
      }
      estimator.addNode(
        .root, function: root.function, total: root.total, edge: -1, lower: root.lower,
        upper: root.upper, depth: 1, parent: top, flags: root.reason, to: &tree)
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
    focused(
      on: f,
      estimator: CallTreeEstimator(
        graph: graph, minimumTime: 0, maximumDepth: parameters.maximumDepth, inverted: inverted),
      parameters: parameters)
  }

  /// `focused(on:in:inverted:parameters:)` grown by `estimator` (its direction, another
  /// display threshold), whose per-function preparation is then not done again.
  static func focused(
    on f: Int, estimator base: CallTreeEstimator, parameters: CallTreeParameters
  ) -> CallTree {
    let graph = base.graph
    let total = graph.ct[f]
    var estimator = base
    estimator.minimumTime = parameters.minimumFraction * total
    estimator.ownTimeRoots = false
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
    var lower: Double
    var upper: Double
    var reason: Flags
  }
}
