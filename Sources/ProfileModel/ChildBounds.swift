/// Certainty bounds on the children of one node of an estimated tree (docs/estimates.md
/// §3). For node N of function F with bounds [lo_N, hi_N] and a callee edge F→C
/// whose cumulative time lies in [eLo, eHi]:
///
/// * upper: the calls F→C inside N are outermost on that edge, so they take at most eHi, and
///   at most hi_N less what N's other children take at least;
/// * lower: outermost-on-edge F→C calls outside N's frames lie in F's other outermost frames
///   (at most ct_F − lo_N) or, when F's frames nest through other functions, in re-entries
///   of F inside N (at most Σ of the edges into F from its own component — less the edge
///   into N when that made one call, N's frame itself — each of which holds a whole
///   re-entry when N's frames were not called from inside one; and at most what N's other
///   calls into F's component can hold, since the edge's calls inside N's own call on it
///   are nested in that call, not outermost on the edge); N's time less its
///   own code, its unexplained part and what its other children take at most is also a
///   lower bound;
/// * one call: an edge of a single call of length d sits in exactly one frame of F; when
///   neither F's other frames nor a re-entry of F inside N can be that long, it is in N, all
///   of it (exact). Likewise when no frame off N's path can be that long (`pathLongest`):
///   the frames that hold the call form a chain of frames each at least d long, from one
///   entered from an unrecorded frame down to F; when along N's path every other way into
///   each function (another caller, an unrecorded entry; for the root, any recorded caller)
///   is shorter than d, that chain is N's path.
///
/// All or nothing: the call of a one-call edge is a child of one frame, so N's child on it
/// holds the whole call or none of it — an upper bound below its length is 0, a lower bound
/// above 0 is its length.
///
/// A re-entry of F inside N also lies inside one of N's own calls to a function of F's
/// component, as long as it (that call is outermost on its edge, unless the edge encloses
/// N): when none can be d long (the one-call edge itself aside), no re-entry holds the call.
///
/// When N is a re-entry (F's frames above it on the path hold N's), the path's edges out of
/// those frames (`enclosing`) are calls holding N, not in it: their calls inside N are
/// nested in them, so these edges get [0, hi_N] (none with one call). The other rules
/// stand: a call of F's not holding N lies outside N's time or inside a re-entry within it.
///
/// The two sibling rules feed each other; two rounds reach what they can on real profiles.
struct ChildBounds {
  var lower: [Double]
  var upper: [Double]
  /// Edges placed in N whole by the one-call rule.
  var singleCall: [Bool]
  /// What the sibling rules read: N's bounds, the most N's own code and unexplained part can
  /// take, whether F re-enters, and per edge what `EdgeFacts` holds.
  private let nodeLower: Double
  private let nodeUpper: Double
  private let unexplained: Double
  private let reentrant: Bool
  private let facts: [EdgeFacts]

  /// Per edge: the length of its one call (NaN unless it made one); the least time of its
  /// outermost calls outside N's other frames, for the rule that re-entries inside N lie in N's
  /// other calls into F's component (NaN when F does not re-enter or the edge encloses N); and
  /// whether its callee is in F's component.
  private struct EdgeFacts {
    let oneCall: Double
    let outsideOtherFrames: Double
    let holdsReentries: Bool
  }

  private static let siblingRounds = 2

  init(
    graph: AttributionGraph, function f: Int, edges: [Int], lower nodeLower: Double,
    upper nodeUpper: Double, incoming: Int, selfUpper: Double, slack: Double,
    pathLongest: Double, enclosing: Set<Int> = []
  ) {
    let other = max(0, graph.ct[f] - nodeLower)
    var reentries = graph.reentryUpper[f]
    if incoming >= 0 && graph.madeOneCall(incoming) && graph.staysInComponent(incoming) {
      // The edge into N made one call, N's own frame, so no re-entry inside N came through it.
      reentries = max(0, reentries - graph.edgeCTUpper[incoming])
    }
    let nested = graph.reentrant[f] ? min(nodeUpper, reentries) : 0
    let reentryPerEdge =
      incoming < 0
      || !graph.staysInComponent(incoming)
      || !graph.reentrant[graph.caller(incoming)]
    let holders = ReentryHolders(graph: graph, function: f, edges: edges, enclosing: enclosing)
    lower = []
    upper = []
    singleCall = []
    var facts: [EdgeFacts] = []
    lower.reserveCapacity(edges.count)
    upper.reserveCapacity(edges.count)
    facts.reserveCapacity(edges.count)
    for e in edges {
      let encloses = enclosing.contains(e)
      facts.append(
        EdgeFacts(
          // A one-call edge's call is a child of one frame: N holds all of it or none of it.
          oneCall: graph.madeOneCall(e) && !encloses ? graph.edgeCT[e] : .nan,
          outsideOtherFrames: graph.reentrant[f] && !encloses
            ? graph.edgeCTLower[e] - other : .nan,
          holdsReentries: graph.staysInComponent(e)))
      if encloses {
        // A call on this edge holds N (N is a re-entry of F below it): calls of the edge
        // inside N nest in that one, so the edge's time neither places nor caps them; with one
        // call there is none inside N.
        lower.append(0)
        upper.append(graph.madeOneCall(e) ? 0 : max(0, nodeUpper))
        singleCall.append(false)
        continue
      }
      var lo = max(0, graph.edgeCTLower[e] - other - nested)
      var single = false
      if graph.madeOneCall(e) && graph.edgeCC[e] == 1 {
        let length = graph.edgeCT[e]
        let below = length - CallTreeEstimator.relativeEpsilon * max(1, length)
        let notElsewhere = other < below
        let holder = holders.longest(otherThan: e)
        let notNested =
          nested < below || (reentryPerEdge && graph.largestReentryUpper[f] < below)
          || holder < below
        if ((notElsewhere && notNested) || pathLongest < below) && length > lo {
          lo = length
          single = true
        }
      }
      lower.append(lo)
      upper.append(max(0, min(graph.edgeCTUpper[e], nodeUpper)))
      singleCall.append(single)
    }
    self.nodeLower = nodeLower
    self.nodeUpper = nodeUpper
    unexplained = selfUpper + slack
    reentrant = graph.reentrant[f]
    self.facts = facts
    applySiblingRules()
  }

  /// The sibling rules, two rounds (each can tighten the other), and the one-call rule's
  /// all or nothing; again after a caller raises some lower bounds.
  mutating func applySiblingRules() {
    for _ in 0..<Self.siblingRounds {
      let lowerSum = lower.reduce(0, +)
      for i in upper.indices { upper[i] = min(upper[i], max(0, nodeUpper - (lowerSum - lower[i]))) }
      let upperSum = upper.reduce(0, +)
      var holderSum = 0.0
      if reentrant {
        for i in upper.indices where facts[i].holdsReentries { holderSum += upper[i] }
      }
      for i in lower.indices {
        lower[i] = max(lower[i], nodeLower - unexplained - (upperSum - upper[i]))
        // The edge's calls outside N's other frames and outside N's own call on it lie in
        // re-entries of F inside N's other calls into F's component (the ones inside N's call
        // on this edge are nested in it, not outermost on the edge).
        let need = facts[i].outsideOtherFrames
        if !need.isNaN {
          let holders = holderSum - (facts[i].holdsReentries ? upper[i] : 0)
          lower[i] = max(lower[i], need - holders)
        }
      }
      for i in facts.indices where !facts[i].oneCall.isNaN {
        let length = facts[i].oneCall
        let tolerance = CallTreeEstimator.relativeEpsilon * max(1, length)
        if upper[i] < length - tolerance && lower[i] <= tolerance {
          (lower[i], upper[i]) = (0, 0)
        } else if lower[i] > tolerance && upper[i] >= length - tolerance {
          lower[i] = max(lower[i], min(length, upper[i]))
        }
      }
    }
    for i in lower.indices where lower[i] > upper[i] {
      // Only inconsistent input gets here; keep a valid interval at the proven upper end.
      lower[i] = upper[i]
    }
  }
}
