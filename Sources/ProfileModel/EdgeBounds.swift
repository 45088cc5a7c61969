/// Bounds on the edges' cumulative times and on the time each function was entered from
/// unrecorded frames (docs/estimates.md §1–2). Recorded edges are exact. Count-only edges (the
/// pure-Python `profile` module) get the interval their callers' and callees' totals allow,
/// and a point estimate inside it that makes those totals add up.
extension AttributionGraph {
  /// Rounds of tightening and of fitting the count-only edges; each is O(edges).
  private static let rounds = 4

  mutating func boundEdges() {
    edgeCTLower = edgeCT
    edgeCTUpper = edgeCT
    if edgeCTEstimated.contains(true) {
      for e in edgeCT.indices where edgeCTEstimated[e] {
        edgeCTLower[e] = 0
        edgeCTUpper[e] = caller(e) == callee(e) ? 0 : .infinity
      }
      for _ in 0..<Self.rounds { tightenCountEdges() }
      for e in edgeCT.indices where edgeCTEstimated[e] {
        edgeCT[e] = min(edgeCTUpper[e], max(edgeCTLower[e], edgeCT[e]))
      }
      for _ in 0..<Self.rounds { fitCountEdges() }
    }
    sumInflow()
    boundOutsideEntries()
  }

  /// Largest number of re-entrant functions entered from outside whose entries are bounded
  /// by a walk of the graph each (a crafted file could make every function one).
  private static let outsideEntryWalks = 64

  /// Outside entries, from cProfile's call counts. A call has no recorded caller only when
  /// no recorded frame encloses it (cProfile names the innermost recorded frame as the
  /// caller), so the functions whose counts exceed their callers' (`T`) are those of the
  /// top-level frames, and every other frame runs inside one of them. An outermost frame of
  /// F with a recorded caller C lies in a top-level frame of another function G, reached from
  /// G without passing through F: C is reachable from `T − {F}` in the graph without F. So
  /// F's outermost frames entered from outside take at least ct_F less the edges from such
  /// callers — for a cProfile run, whose only top-level function with callees is the first
  /// `exec`, all of ct_exec, though `exec` re-enters for every import.
  private mutating func boundOutsideEntries() {
    let graph = self.graph
    outsideEntryLower = [Double](repeating: 0, count: functionCount)
    guard profile.pstatsFlavor == .cprofile else {
      neverEnteredFromOutside = [Bool](repeating: false, count: functionCount)
      return
    }
    neverEnteredFromOutside = (0..<functionCount).map {
      !hasNoCaller($0) && everyCallHasCaller($0)
    }
    let topLevel = (0..<functionCount).filter { !neverEnteredFromOutside[$0] }
    var walks = 0
    for f in topLevel where reentrant[f] && !hasNoCaller(f) {
      guard walks < Self.outsideEntryWalks else { break }
      walks += 1
      var reached = [Bool](repeating: false, count: functionCount)
      for g in topLevel where g != f { markReachable(from: g, avoiding: f, into: &reached) }
      var outside = 0.0
      for e in graph.incoming(f) where caller(e) != f && reached[caller(e)] {
        outside += edgeCTUpper[e]
      }
      outsideEntryLower[f] = max(0, ct[f] - outside)
    }
  }

  /// Whether the calls a function makes add up to its cumulative time less its own: its
  /// frames nest only through direct self-calls, so every moment of them is its own code or
  /// one callee frame that no other callee frame of it holds.
  private func callsAddUp(_ p: Int) -> Bool { !reentrant[p] && !isPlaceholder[p] }

  /// Whether the calls into a function add up to its cumulative time: every frame of it had a
  /// recorded caller and no frame of it runs inside another through other functions.
  private func callersAddUp(_ f: Int) -> Bool {
    everyCallerRecorded && !hasNoCaller(f) && !reentrant[f]
  }

  /// One round of interval tightening for count-only edges. A call from P to F lasts no
  /// longer than P's or F's cumulative time; what F's other callers cannot hold must come
  /// from this one when every caller was recorded; and siblings bound each other when the
  /// totals add up.
  private mutating func tightenCountEdges() {
    let graph = self.graph
    for e in 0..<graph.edgeCount where edgeCTEstimated[e] {
      let (p, f) = (caller(e), callee(e))
      if p == f { continue }
      edgeCTUpper[e] = min(edgeCTUpper[e], max(0, min(ct[p], ct[f])))
    }
    for f in 0..<functionCount {
      var (lowerSum, upperSum) = (0.0, 0.0)
      for e in graph.incoming(f) where caller(e) != f {
        lowerSum += edgeCTLower[e]
        upperSum += edgeCTUpper[e]
      }
      for e in graph.incoming(f) where caller(e) != f && edgeCTEstimated[e] {
        if everyCallerRecorded && !hasNoCaller(f) {
          let need = ct[f] - (upperSum - edgeCTUpper[e])
          edgeCTLower[e] = max(edgeCTLower[e], need)
        }
        if callersAddUp(f) {
          edgeCTUpper[e] = min(edgeCTUpper[e], max(0, ct[f] - (lowerSum - edgeCTLower[e])))
        }
      }
    }
    for p in 0..<functionCount where callsAddUp(p) {
      let room = ct[p] - tt[p]
      var lowerSum = 0.0
      for e32 in graph.outgoing(p) where callee(Int(e32)) != p { lowerSum += edgeCTLower[Int(e32)] }
      for e32 in graph.outgoing(p) {
        let e = Int(e32)
        guard callee(e) != p && edgeCTEstimated[e] else { continue }
        edgeCTUpper[e] = min(edgeCTUpper[e], max(0, room - (lowerSum - edgeCTLower[e])))
      }
    }
    for e in 0..<graph.edgeCount where edgeCTLower[e] > edgeCTUpper[e] {
      // Inconsistent totals: keep an interval, around the upper end the caps proved.
      edgeCTLower[e] = edgeCTUpper[e]
    }
  }

  /// One round of fitting the point estimates of count-only edges into their intervals so
  /// that a function's callers carry its cumulative time and a caller's callees its time
  /// less its own, where those totals add up (iterative proportional fitting, clamped).
  private mutating func fitCountEdges() {
    let graph = self.graph
    for f in 0..<functionCount where everyCallerRecorded && !hasNoCaller(f) {
      let edges = graph.incoming(f).filter { caller($0) != f }
      fit(edges, to: ct[f], onlyUpward: reentrant[f])
    }
    for p in 0..<functionCount where everyCallerRecorded && callsAddUp(p) {
      let edges = graph.outgoing(p).map(Int.init).filter { callee($0) != p }
      fit(edges, to: max(0, ct[p] - tt[p]), onlyUpward: false)
    }
  }

  /// Scales the estimated edges among `edges` so that all of them sum to `target`, each kept
  /// inside its interval.
  private mutating func fit<Edges: Sequence<Int>>(
    _ edges: Edges, to target: Double, onlyUpward: Bool
  ) {
    var (fixed, free) = (0.0, 0.0)
    for e in edges {
      if edgeCTEstimated[e] { free += edgeCT[e] } else { fixed += edgeCT[e] }
    }
    let want = target - fixed
    guard free > 0, want > 0, !(onlyUpward && free >= want) else { return }
    let factor = want / free
    for e in edges where edgeCTEstimated[e] {
      edgeCT[e] = min(edgeCTUpper[e], max(edgeCTLower[e], edgeCT[e] * factor))
    }
  }

  private mutating func sumInflow() {
    let graph = self.graph
    inflowLower = [Double](repeating: 0, count: functionCount)
    inflowUpper = [Double](repeating: 0, count: functionCount)
    reentryUpper = [Double](repeating: 0, count: functionCount)
    largestReentryUpper = [Double](repeating: 0, count: functionCount)
    largestInflowUpper = [Double](repeating: 0, count: functionCount)
    largestInflowEdge = [Int32](repeating: -1, count: functionCount)
    secondInflowUpper = [Double](repeating: 0, count: functionCount)
    for f in 0..<functionCount {
      for e in graph.incoming(f) where caller(e) != f {
        inflowLower[f] += edgeCTLower[e]
        inflowUpper[f] += edgeCTUpper[e]
        if edgeCTUpper[e] > largestInflowUpper[f] {
          secondInflowUpper[f] = largestInflowUpper[f]
          largestInflowUpper[f] = edgeCTUpper[e]
          largestInflowEdge[f] = Int32(e)
        } else {
          secondInflowUpper[f] = max(secondInflowUpper[f], edgeCTUpper[e])
        }
        guard staysInComponent(e) else { continue }
        reentryUpper[f] += edgeCTUpper[e]
        largestReentryUpper[f] = max(largestReentryUpper[f], edgeCTUpper[e])
      }
    }
  }

  /// The longest a frame of `f` can last other than those entered through edge `e`: any
  /// recorded call of `f` lasts at most its edge's cumulative time, a frame entered from an
  /// unrecorded one at most the entry bound. With `e` = -1 (a root, the unrecorded entries
  /// themselves): the longest recorded call. Direct self-calls are left out, since they run
  /// inside a frame of `f` that was entered otherwise (docs/estimates.md §3, one call).
  func longestFrame(of f: Int, otherThan e: Int) -> Double {
    if e < 0 { return largestInflowUpper[f] }
    let recorded = Int(largestInflowEdge[f]) == e ? secondInflowUpper[f] : largestInflowUpper[f]
    return max(recorded, entryBounds(f).upper)
  }

  /// Bounds on the time of `f`'s outermost frames that no recorded frame called (docs/estimates.md §1):
  /// every outermost frame of `f` with a recorded caller P is outermost on the edge P→f, so
  /// at least ct − Σ ct(P→f) was entered from outside (more when cProfile's counts show
  /// which callers can run outside `f`: `boundOutsideEntries`); at most ct, or exactly that
  /// much when no frame of `f` runs inside another through other functions; none when every
  /// call of `f` had a recorded caller.
  public func entryBounds(_ f: Int) -> (lower: Double, upper: Double) {
    if hasNoCaller(f) { return (ct[f], ct[f]) }
    if everyCallerRecorded || (profile.isSampled && selfLoop[f]) || neverEnteredFromOutside[f] {
      return (0, 0)
    }
    let lower = max(0, ct[f] - inflowUpper[f], outsideEntryLower[f])
    let upper = reentrant[f] ? ct[f] : max(lower, ct[f] - inflowLower[f])
    return (lower, upper)
  }
}
