/// The roots of an estimated tree, chosen so that they cover the run (docs/estimates.md §1).
///
/// 1. Functions without callers: all their time was entered from outside, exactly.
/// 2. Every other function whose time entered from unrecorded frames is provably above the
///    threshold (`AttributionGraph.entryBounds`), recursive or not, with that interval.
/// 3. Any part of the graph no root reaches: its heaviest function, heaviest part first.
/// 4. While the roots hold less than the run's own time (Σ tt: every moment of the run lies
///    in exactly one outermost frame), roots are raised toward the upper ends of their
///    intervals, heaviest function first, then other functions that may have been entered
///    from outside.
/// Roots are ordered by time, largest first (ties: file order).
struct RootSelection {
  private(set) var roots: [CallTree.Root] = []

  init(graph: AttributionGraph) {
    let n = graph.functionCount
    let threshold = max(1e-12, 1e-6 * graph.totalSelfTime)
    var isRoot = [Bool](repeating: false, count: n)
    func add(
      _ f: Int, total: Double, _ bounds: (lower: Double, upper: Double), _ why: CallTree.Flags
    ) {
      isRoot[f] = true
      roots.append(
        CallTree.Root(
          function: f, total: total, lower: bounds.lower, upper: bounds.upper, reason: why))
    }
    for f in 0..<n where graph.hasNoCaller(f) {
      add(f, total: graph.ct[f], (graph.ct[f], graph.ct[f]), .noCaller)
    }
    for f in 0..<n where !isRoot[f] && !graph.isPlaceholder[f] {
      let bounds = graph.entryBounds(f)
      if bounds.lower > threshold { add(f, total: bounds.lower, bounds, .entryRemainder) }
    }
    let heaviestFirst = (0..<n).sorted { a, b in
      graph.ct[a] != graph.ct[b] ? graph.ct[a] > graph.ct[b] : a < b
    }
    var reached = Self.reachable(from: roots.map(\.function), in: graph)
    for f in heaviestFirst where !reached[f] && !isRoot[f] && graph.ct[f] > threshold {
      let bounds = graph.entryBounds(f)
      guard bounds.upper > threshold else { continue }
      add(f, total: bounds.lower, bounds, .unreachedPart)
      graph.markReachable(from: f, into: &reached)
    }
    raise(toCover: graph.totalSelfTime, graph, heaviestFirst, threshold, &isRoot)
    roots.sort { a, b in a.total != b.total ? a.total > b.total : a.function < b.function }
  }

  private mutating func raise(
    toCover total: Double, _ graph: AttributionGraph, _ heaviestFirst: [Int],
    _ threshold: Double, _ isRoot: inout [Bool]
  ) {
    var missing = total - roots.reduce(0) { $0 + $1.total }
    guard missing > threshold else { return }
    let order = roots.indices.sorted { a, b in
      let (f, g) = (roots[a].function, roots[b].function)
      return graph.ct[f] != graph.ct[g] ? graph.ct[f] > graph.ct[g] : f < g
    }
    for i in order where missing > threshold {
      let step = min(missing, roots[i].upper - roots[i].total)
      guard step > 0 else { continue }
      roots[i].total += step
      roots[i].reason.insert(.raisedToCoverRun)
      missing -= step
    }
    for f in heaviestFirst where missing > threshold && !isRoot[f] && !graph.isPlaceholder[f] {
      let bounds = graph.entryBounds(f)
      let step = min(missing, bounds.upper - bounds.lower)
      guard step > threshold else { continue }
      isRoot[f] = true
      roots.append(
        CallTree.Root(
          function: f, total: bounds.lower + step, lower: bounds.lower, upper: bounds.upper,
          reason: .raisedToCoverRun))
      missing -= step
    }
  }

  /// The functions reachable along edges from `starts`.
  static func reachable(from starts: [Int], in graph: AttributionGraph) -> [Bool] {
    var reached = [Bool](repeating: false, count: graph.functionCount)
    for f in starts { graph.markReachable(from: f, into: &reached) }
    return reached
  }
}
