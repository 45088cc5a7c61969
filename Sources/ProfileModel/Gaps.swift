/// When a node counts as a gap: its unexplained time (own code plus `(unattributed)`) is at
/// least `share` of the node and at least `minimum` of the top (spec: design "Unexplained").
public struct GapThresholds: Sendable, Equatable {
  public var share: Double
  public var minimum: Double

  public init(share: Double = 0.30, minimum: Double = 0.01) {
    self.share = share
    self.minimum = minimum
  }

  /// Whether a node with `unexplained` of its `total` is a gap in a profile of `topTotal`.
  public func passes(unexplained: Double, total: Double, topTotal: Double) -> Bool {
    unexplained > 0 && unexplained >= share * total && unexplained >= minimum * topTotal
  }
}

/// A node's time split by what explains it.
public struct TimeBreakdown: Sendable, Equatable {
  public var total: Double
  /// Time in the function's own code.
  public var selfTime: Double
  /// Time recorded for the function but neither for its code nor for a callee.
  public var unattributed: Double
  /// Callees too small to show (hidden, not unexplained).
  public var pruned: Double
  /// Calls back into an ancestor, not expanded again.
  public var recursion: Double
  /// For estimated nodes: total − lower bound, the part the graph cannot pin to this path.
  public var uncertainty: Double

  /// Self plus unattributed: the time no callee accounts for.
  public var unexplained: Double { selfTime + unattributed }
}

/// A gap: a node and its unexplained time.
public struct Gap: Sendable, Equatable {
  public var node: Int
  public var unexplained: Double
  /// The part of it that remains even at the node's lower bound (all of it when exact).
  public var certain: Double

  public init(node: Int, unexplained: Double, certain: Double) {
    self.node = node
    self.unexplained = unexplained
    self.certain = certain
  }
}

/// How much of the run an estimated tree leaves unplaced: `(unattributed)` time (recorded
/// for a function but for none of its callees) and time behind `↻` leaves (calls back into
/// an ancestor, not expanded again).
public struct UnplacedTime: Sendable, Equatable {
  public var unattributed: Double
  public var recursion: Double
  public var total: Double

  public var unattributedShare: Double { total > 0 ? unattributed / total : 0 }
  public var recursionShare: Double { total > 0 ? recursion / total : 0 }

  /// "(unattributed) 0.2% · ↻ 13.5% of the run".
  public var summary: String {
    "(unattributed) \(FixedDecimal.percent(100 * unattributedShare)) · ↻ recursion "
      + "\(FixedDecimal.percent(100 * recursionShare)) of the run"
  }
}

extension CallTree {
  /// Self plus `(unattributed)` time of a function node, from the children already expanded
  /// (the self time alone while it is not).
  public func unexplainedTime(_ node: Int) -> Double {
    guard kind[node] == .root || kind[node] == .call else { return 0 }
    var sum = selfTime[node]
    for child in children(node) where kind[child] == .unattributed { sum += total[child] }
    return sum
  }

  /// The node's time split into its parts (expands the node to see its pseudo-children).
  public mutating func breakdown(_ node: Int) -> TimeBreakdown {
    var result = TimeBreakdown(
      total: total[node], selfTime: selfTime[node], unattributed: 0, pruned: 0, recursion: 0,
      uncertainty: 0)
    if kind[node] == .root || kind[node] == .call {
      for child in expand(node) {
        switch kind[child] {
        case .unattributed: result.unattributed += total[child]
        case .pruned: result.pruned += total[child]
        case .recursion: result.recursion += total[child]
        default: break
        }
      }
      if hasBounds(node) { result.uncertainty = max(0, total[node] - lower[node]) }
    } else {
      result.selfTime = 0
    }
    return result
  }

  /// Whether `node` is a gap under `thresholds` — the one gap test every view and report
  /// uses. A node's unexplained time is known once it is expanded (expanding can move time
  /// between its own code and its `(unattributed)` child), so an unexpanded node is not a
  /// gap yet; `isGap` expands it first.
  public func isGapOnceExpanded(_ node: Int, thresholds: GapThresholds) -> Bool {
    guard kind[node] == .root || kind[node] == .call, isExpanded(node) else { return false }
    return thresholds.passes(
      unexplained: unexplainedTime(node), total: total[node], topTotal: total[top])
  }

  /// `isGapOnceExpanded` after expanding `node`.
  public mutating func isGap(_ node: Int, thresholds: GapThresholds) -> Bool {
    expand(node)
    return isGapOnceExpanded(node, thresholds: thresholds)
  }

  /// The unplaced time of the tree after expanding it (at most `limit` nodes).
  public mutating func unplacedTime(limit: Int = 500_000) -> UnplacedTime {
    expandAll(below: top, limit: limit)
    var result = UnplacedTime(unattributed: 0, recursion: 0, total: total[top])
    for node in 0..<count {
      switch kind[node] {
      case .unattributed: result.unattributed += total[node]
      case .recursion: result.recursion += total[node]
      default: break
      }
    }
    return result
  }

  /// Every function node ranked by the certain part of its unexplained time, then by all of
  /// it, largest first (ties: tree order), after
  /// expanding the tree (at most `limit` nodes). `gaps` are those passing the thresholds;
  /// `candidates` all of them, for profiles where none does.
  public mutating func rankGaps(thresholds: GapThresholds, limit: Int = 500_000)
    -> (gaps: [Gap], candidates: [Gap])
  {
    expandAll(below: top, limit: limit)
    var candidates: [Gap] = []
    var gaps: [Gap] = []
    for node in 0..<count where kind[node] == .root || kind[node] == .call {
      let parts = breakdown(node)
      guard parts.unexplained > 0 else { continue }
      let certain = max(0, parts.unexplained - parts.uncertainty)
      let gap = Gap(node: node, unexplained: parts.unexplained, certain: certain)
      candidates.append(gap)
      if thresholds.passes(unexplained: parts.unexplained, total: parts.total, topTotal: total[top])
      {
        gaps.append(gap)
      }
    }
    // The certain part first (what the data proves ranks first), then all of it.
    let order: (Gap, Gap) -> Bool = { a, b in
      if a.certain != b.certain { return a.certain > b.certain }
      return a.unexplained != b.unexplained ? a.unexplained > b.unexplained : a.node < b.node
    }
    return (gaps.sorted(by: order), candidates.sorted(by: order))
  }
}
