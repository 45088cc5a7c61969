/// The caller graph prepared for estimating a call tree (spec B.3.1): semantic call counts
/// (yappi's order undone), non-finite times as 0, per-edge times for count-only callers
/// (pure-Python `profile`, 3.15 sampler) estimated and flagged as such, entry points' cumtime
/// raised to cover their callees, and the recursion classes of every function.
public struct AttributionGraph: Sendable {
  public let profile: Profile
  public let functionCount: Int
  /// Primitive calls, total calls, own time and cumulative time per function.
  public private(set) var cc: [Double]
  public private(set) var nc: [Double]
  public private(set) var tt: [Double]
  public private(set) var ct: [Double]
  public let isPlaceholder: [Bool]

  /// Per edge (indices as in `profile.graph`): counts and times, estimated or not.
  public private(set) var edgeNC: [Double]
  public private(set) var edgeCC: [Double]
  public private(set) var edgeTT: [Double]
  public internal(set) var edgeCT: [Double]
  public private(set) var edgeTTEstimated: [Bool]
  public private(set) var edgeCTEstimated: [Bool]
  /// Per edge: bounds on its true cumulative time (equal to `edgeCT` where it was recorded;
  /// for count-only callers the interval the callers' and callees' totals allow, docs/estimates.md §2).
  public internal(set) var edgeCTLower: [Double] = []
  public internal(set) var edgeCTUpper: [Double] = []

  /// Member of a strongly connected component of more than one function (mutual recursion).
  public private(set) var inCycle: [Bool] = []
  /// Calls itself directly.
  public private(set) var selfLoop: [Bool] = []
  /// Strongly connected component of each function.
  public private(set) var component: [Int32] = []
  /// Frames of the function may run inside another frame of it through other functions:
  /// it is in a cycle and recorded recursive calls (or its counts are samples). Functions in
  /// a cycle whose calls were all primitive never nest (docs/estimates.md, Terms).
  public private(set) var reentrant: [Bool] = []
  /// Every frame except those of functions without callers was called by a recorded frame
  /// (the pure-Python `profile` module runs everything under its own `profiler` frame).
  public let everyCallerRecorded: Bool
  /// Per function: Σ of the incoming edges' bounds (callers other than itself).
  public internal(set) var inflowLower: [Double] = []
  public internal(set) var inflowUpper: [Double] = []
  /// Per function: Σ and largest of the upper bounds of the edges from callers in its own
  /// strongly connected component — the only callers that can run inside its frames, so
  /// every re-entry of it came through one of them (docs/estimates.md §3).
  public internal(set) var reentryUpper: [Double] = []
  public internal(set) var largestReentryUpper: [Double] = []
  /// Per function, in cProfile files: its callers' call counts add up to its own, so every
  /// call of it had a recorded caller — none began outside the recorded frames
  /// (`everyCallHasCaller`). False where that is not known.
  public internal(set) var neverEnteredFromOutside: [Bool] = []
  /// Per re-entrant function entered from outside: the least time of its outermost frames
  /// that no recorded frame called (docs/estimates.md §1, top-level frames).
  public internal(set) var outsideEntryLower: [Double] = []
  /// Per function: the largest and second largest upper bound of its incoming edges
  /// (callers other than itself), and the edge with the largest.
  public internal(set) var largestInflowUpper: [Double] = []
  var largestInflowEdge: [Int32] = []
  public internal(set) var secondInflowUpper: [Double] = []
  /// Σ tt over real entries (pstats' `total_tt` with non-finite times as 0).
  public let totalSelfTime: Double
  public private(set) var warnings: [String] = []

  public var graph: CallGraph { profile.graph }

  public init(profile: Profile) {
    self.profile = profile
    let graph = profile.graph
    let n = graph.functionCount
    functionCount = n
    func finite(_ x: Double) -> Double { x.isFinite ? x : 0 }
    let swapped = profile.pstatsFlavor == .yappi
    cc = (0..<n).map { Double(swapped ? graph.nc[$0] : graph.cc[$0]) }
    nc = (0..<n).map { Double(swapped ? graph.cc[$0] : graph.nc[$0]) }
    tt = graph.tt.map(finite)
    ct = graph.ct.map(finite)
    isPlaceholder = (0..<n).map { $0 >= graph.entryCount }
    var total = 0.0
    for f in 0..<graph.entryCount { total += tt[f] }
    totalSelfTime = total

    let m = graph.edgeCount
    edgeNC = graph.edgeNC.map { Double($0) }
    edgeCC = graph.edgeCC.map { Double($0) }
    edgeTT = graph.edgeTT.map(finite)
    edgeCT = graph.edgeCT.map(finite)
    edgeTTEstimated = [Bool](repeating: false, count: m)
    edgeCTEstimated = [Bool](repeating: false, count: m)
    everyCallerRecorded = profile.pstatsFlavor == .profile
    if graph.edgeValues == .counts { estimateCountEdges() }
    if graph.edgeValues == .inclusive { estimateEdgeSelfTimes() }
    raiseEntryPoints()
    classifyRecursion()
    boundEdges()
  }

  /// Count-only callers: share the callee's times by calls (pure profile) or by samples
  /// (sampled files, whose edge cumtime is then exact).
  private mutating func estimateCountEdges() {
    let graph = self.graph
    let sampled = profile.isSampled
    for f in 0..<functionCount {
      var other = 0.0
      for e in graph.incoming(f) where Int(graph.edgeCaller[e]) != f { other += edgeNC[e] }
      for e in graph.incoming(f) {
        let v = edgeNC[e]
        let fromOther = Int(graph.edgeCaller[e]) != f
        if sampled {
          let perSample = nc[f] > 0 ? ct[f] / nc[f] : 0
          let share = nc[f] > 0 ? v / nc[f] : 0
          let only = fromOther && v == other && v == nc[f]
          edgeTT[e] = tt[f] * share
          edgeCT[e] = v * perSample
          edgeTTEstimated[e] = !only
        } else {
          let share = fromOther && other > 0 ? v / other : 0
          let only = fromOther && v == other
          edgeTT[e] = tt[f] * share
          edgeCT[e] = ct[f] * share
          edgeTTEstimated[e] = !only
          edgeCTEstimated[e] = !only
        }
      }
    }
  }

  /// Edges that record an inclusive cost but no self time (callgrind): the callee's own
  /// time is shared among its callers by their inclusive costs — exactly when it has one
  /// caller and does not call itself.
  private mutating func estimateEdgeSelfTimes() {
    let graph = self.graph
    for f in 0..<functionCount {
      var sum = 0.0
      var others = 0
      var callsItself = false
      for e in graph.incoming(f) {
        if caller(e) == f {
          callsItself = true
        } else {
          sum += edgeCT[e]
          others += 1
        }
      }
      for e in graph.incoming(f) {
        let fromOther = caller(e) != f
        edgeTT[e] = fromOther && sum > 0 ? min(edgeCT[e], tt[f] * (edgeCT[e] / sum)) : 0
        edgeTTEstimated[e] = !(fromOther && others == 1 && !callsItself)
      }
    }
  }

  /// Functions with no caller but themselves (and placeholders) must cover their own time
  /// plus their measured callees: the pure profile's `('profile', 0, 'profiler')` records
  /// ct = 0.
  private mutating func raiseEntryPoints() {
    let graph = self.graph
    for f in 0..<functionCount {
      guard hasNoCaller(f) else { continue }
      var callees = 0.0
      for e in graph.outgoing(f) where Int(graph.edgeCallee[Int(e)]) != f {
        // Count-only edges carry shares, not measurements: they prove nothing here.
        if !edgeCTEstimated[Int(e)] { callees += edgeCT[Int(e)] }
      }
      let need = tt[f] + callees
      if ct[f] < need - 1e-9 * max(1, need) {
        if !isPlaceholder[f] {
          warnings.append(
            "cumtime of entry point \(graph.name(of: f).standardString) raised from \(ct[f]) "
              + "to \(need) (its own time plus its callees)")
        }
        ct[f] = need
      }
    }
  }

  private mutating func classifyRecursion() {
    let graph = self.graph
    component = StronglyConnectedComponents.components(
      count: functionCount, offsets: graph.outgoingStart,
      targets: graph.outgoingEdges.map { graph.edgeCallee[Int($0)] })
    var size = [Int](repeating: 0, count: functionCount)
    for c in component { size[Int(c)] += 1 }
    inCycle = component.map { size[Int($0)] > 1 }
    selfLoop = (0..<functionCount).map { f in
      graph.outgoing(f).contains { Int(graph.edgeCallee[Int($0)]) == f }
    }
    let sampled = profile.isSampled
    reentrant = (0..<functionCount).map { f in inCycle[f] && (sampled || nc[f] != cc[f]) }
  }

  /// Marks in `reached` every function reachable along edges from `start` (itself included)
  /// without entering `avoiding`; functions already marked are not walked again.
  func markReachable(from start: Int, avoiding: Int = -1, into reached: inout [Bool]) {
    guard !reached[start] else { return }
    reached[start] = true
    var stack = [start]
    while let f = stack.popLast() {
      for e in graph.outgoing(f) {
        let g = callee(Int(e))
        if g != avoiding && !reached[g] {
          reached[g] = true
          stack.append(g)
        }
      }
    }
  }

  /// Whether the edge made exactly one call and records its time: that call's length is the
  /// edge's cumulative time.
  func madeOneCall(_ e: Int) -> Bool { edgeNC[e] == 1 && !edgeCTEstimated[e] }

  /// Whether the edge's caller and callee lie in one strongly connected component: a call
  /// on it can lead back to its caller (a re-entry's way in, or a call that can hold one).
  func staysInComponent(_ e: Int) -> Bool { component[caller(e)] == component[callee(e)] }

  /// Whether the file records a caller for every call of `f` (its callers' call counts add
  /// up to its own): then no frame of `f` began with no recorded caller. Never for sampled
  /// files, whose counts are samples.
  public func everyCallHasCaller(_ f: Int) -> Bool {
    guard !profile.isSampled, !isPlaceholder[f], nc[f] > 0 else { return false }
    var calls = 0.0
    for e in graph.incoming(f) { calls += edgeNC[e] }
    return calls >= nc[f]
  }

  /// Whether the function has no caller but itself (or is a placeholder): all its time was
  /// entered from outside the recorded frames.
  public func hasNoCaller(_ f: Int) -> Bool {
    isPlaceholder[f] || graph.incoming(f).allSatisfy { caller($0) == f }
  }

  public func caller(_ e: Int) -> Int { Int(graph.edgeCaller[e]) }
  public func callee(_ e: Int) -> Int { Int(graph.edgeCallee[e]) }
  public func isEstimated(_ e: Int) -> Bool { edgeTTEstimated[e] || edgeCTEstimated[e] }
}
