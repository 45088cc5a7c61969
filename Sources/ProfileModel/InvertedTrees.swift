/// The bottom-up trees: the inverted tree of a whole profile (each function's own time,
/// then who called it, and who called them) and the sandwich of one function (the tree of
/// its callers above, the tree of its callees below, over all its call sites). From stacks
/// they are exact — the stacks reversed, or cut at the function; from a caller graph they
/// are estimated with bounds, like the top-down tree (docs/estimates.md).
extension CallTreeBuilder {
  /// The inverted tree: one root per function with own time (its total is that own time),
  /// under each the callers it ran under, then their callers. A node's self time is the
  /// part of its time whose stacks go no further up (the function was the outermost frame).
  /// An estimated tree of the same profile (`tree`) lends its prepared caller graph.
  public static func inverted(
    for profile: Profile, reusing tree: CallTree? = nil,
    parameters: CallTreeParameters = CallTreeParameters()
  ) -> CallTree {
    if let stacks = profile.stacks {
      return StackExpander.tree(
        samples: stacks.reversingEachStack(), names: profile.graph,
        minimumFraction: parameters.minimumFraction)
    }
    return CallTree.invertedEstimate(
      estimator: estimator(for: profile, reusing: tree, parameters: parameters),
      parameters: parameters)
  }

  /// The estimator of `tree` when it has one, else one prepared for `profile`.
  static func estimator(
    for profile: Profile, reusing tree: CallTree?, parameters: CallTreeParameters
  ) -> CallTreeEstimator {
    tree?.estimator
      ?? CallTreeEstimator(
        graph: AttributionGraph(profile: profile), minimumTime: 0,
        maximumDepth: parameters.maximumDepth, inverted: false)
  }

  /// The sandwich of function `f`: its callers' tree and its callees' tree, each rooted at
  /// `f` with `f`'s cumulative time. An estimated tree of the same profile (`tree`) lends its
  /// prepared caller graph.
  public static func sandwich(
    of f: Int, in profile: Profile, reusing tree: CallTree? = nil,
    parameters: CallTreeParameters = CallTreeParameters()
  ) -> Sandwich {
    if let stacks = profile.stacks {
      let (callers, callees) = stacks.split(at: Int32(f))
      return Sandwich(
        function: f,
        callers: StackExpander.tree(
          samples: callers, names: profile.graph, minimumFraction: parameters.minimumFraction),
        callees: StackExpander.tree(
          samples: callees, names: profile.graph, minimumFraction: parameters.minimumFraction))
    }
    var estimator = estimator(for: profile, reusing: tree, parameters: parameters)
    estimator.inverted = true
    let callers = CallTree.focused(on: f, estimator: estimator, parameters: parameters)
    estimator.inverted = false
    let callees = CallTree.focused(on: f, estimator: estimator, parameters: parameters)
    return Sandwich(function: f, callers: callers, callees: callees)
  }
}

/// One function's callers and callees, each a tree rooted at the function (speedscope's
/// sandwich view): above, who called it, their callers below them; beneath, what it called.
public struct Sandwich: Sendable {
  /// The function in the middle.
  public let function: Int
  /// The function at the root, its callers as children, their callers below them.
  public var callers: CallTree
  /// The function at the root, merged over every call site, with its callees' tree.
  public var callees: CallTree

  public init(function: Int, callers: CallTree, callees: CallTree) {
    self.function = function
    self.callers = callers
    self.callees = callees
  }
}

extension StackSamples {
  /// The stacks that run `frame`, cut at its outermost frame (recursion counted once): the
  /// part from it up to the root, it first (its callers), and the part from it down (its
  /// callees), it first too.
  func split(at frame: Int32) -> (callers: StackSamples, callees: StackSamples) {
    var callers = emptyCopy(mergingIdenticalStacks: true)
    var callees = emptyCopy(mergingIdenticalStacks: true)
    var buffer: [Int32] = []
    for s in 0..<stackCount {
      let frames = stack(s)
      guard let at = frames.firstIndex(of: frame) else { continue }
      buffer.removeAll(keepingCapacity: true)
      buffer.append(contentsOf: frames[...at].reversed())
      buffer.withUnsafeBufferPointer { callers.add(weight: weights[s], stack: $0) }
      buffer.removeAll(keepingCapacity: true)
      buffer.append(contentsOf: frames[at...])
      buffer.withUnsafeBufferPointer { callees.add(weight: weights[s], stack: $0) }
    }
    return (callers, callees)
  }
}

extension CallTree {
  /// The inverted tree of a caller graph: a root per function with own time, exact; its
  /// children split it over its callers — exactly by each caller edge's own time where the
  /// file records it (cProfile, yappi) and the function does not call itself, else in
  /// proportion to the edges' cumulative times with bounds; deeper levels as the focused
  /// inverted tree splits (spec B.3.7).
  static func invertedEstimate(
    estimator base: CallTreeEstimator, parameters: CallTreeParameters
  ) -> CallTree {
    var estimator = base
    let graph = estimator.graph
    estimator.inverted = true
    estimator.ownTimeRoots = true
    let total = graph.totalSelfTime
    estimator.minimumTime = parameters.minimumFraction * total
    var tree = CallTree(names: graph.graph, expander: .graph(estimator))
    let top = tree.append(kind: .top, function: -1, parent: -1, depth: 0, total: total, selfTime: 0)
    let roots = (0..<graph.graph.entryCount).filter { !graph.isPlaceholder[$0] && graph.tt[$0] > 0 }
      .sorted { graph.tt[$0] != graph.tt[$1] ? graph.tt[$0] > graph.tt[$1] : $0 < $1 }
    var small = 0.0
    for f in roots {
      let own = graph.tt[f]
      guard own >= estimator.minimumTime else {
        small += own
        continue
      }
      estimator.addNode(
        .root, function: f, total: own, edge: -1, lower: own, upper: own, depth: 1, parent: top,
        to: &tree)
    }
    if small > 0 {
      tree.append(
        kind: .pruned, function: -1, parent: top, depth: 1, total: small, selfTime: small,
        flags: .smallRoots)
    }
    tree.setChildren(of: top, from: 1)
    return tree
  }
}
