import ProfileModel

/// Two runs compared: every function's own and cumulative time in each, and every call path's
/// own time, matched by function identity. Changes are ranked by **own** time — where the
/// time changed, not every caller above it that changed by the same amount — and given as a
/// share of the base run's total.
public struct ProfileDiff: Sendable {
  /// How functions of the two runs are matched.
  public typealias Matching = FunctionMatching

  /// One function or call path in both runs.
  public struct Entry: Sendable {
    /// The function (its base line, or the new one when it is new).
    public var function: FunctionName
    /// For paths: the index of the parent path in `paths`, -1 at a root.
    public var parent: Int32 = -1
    public var baseOwn = 0.0
    public var newOwn = 0.0
    public var baseCumulative = 0.0
    public var newCumulative = 0.0
    /// For paths: bounds on the change of cumulative time — where a run is a call graph
    /// its tree is an estimate, and the change carries both runs' uncertainties (equal to
    /// the change where both are exact).
    public var cumulativeChangeBounds: (lower: Double, upper: Double)?

    public var ownChange: Double { newOwn - baseOwn }
    public var cumulativeChange: Double { newCumulative - baseCumulative }
  }

  public var baseTotal: Double
  public var newTotal: Double
  public var metric: Metric
  /// Whether a run is a call graph, so that its call paths are estimated.
  public var baseEstimated: Bool
  public var newEstimated: Bool
  /// Whether each run was scaled to 100% of its own total (runs of different lengths).
  public var normalized: Bool
  public var functions: [Entry] = []
  /// Every call path of either run, a tree: each entry's `parent` is its caller's path.
  /// Entry `i` is path `i + 1` of `comparison` (its path 0 is the top).
  public var paths: [Entry] = []
  /// The paths of both trees, matched (`TreeComparison`, as the explorer's diff mode
  /// matches them), every path resolved.
  public private(set) var comparison: TreeComparison
  /// The new run's tree, grown whole (the differential SVG draws it).
  public private(set) var newTree: CallTree

  public var totalChange: Double { newTotal - baseTotal }

  /// A change as a percentage of the base run's total.
  public func percent(_ change: Double) -> Double {
    DiffReport.amounts(self).percent(change)
  }

  /// Why two profiles cannot be compared.
  public struct Mismatch: Error, Sendable {
    public var message: String
  }

  /// Why `base` and `new` cannot be compared — they measure different things — or nil.
  public static func mismatch(_ base: Profile, _ new: Profile) -> Mismatch? {
    guard base.weightUnit != new.weightUnit else { return nil }
    return Mismatch(
      message: "the runs measure different things: '\(base.metric.name)' "
        + "(\(base.weightUnit.rawValue)) and '\(new.metric.name)' (\(new.weightUnit.rawValue))")
  }

  /// Compares `base` and `new`. Call paths of call graphs come from their estimated trees,
  /// down to `minimumFraction` of each run; stack profiles' trees are whole.
  public init(
    base: Profile, new: Profile, matching: Matching = .nameAndFile, normalized: Bool = false,
    minimumFraction: Double = 0.001, nodeLimit: Int = 5_000_000
  ) throws(Mismatch) {
    if let mismatch = Self.mismatch(base, new) { throw mismatch }
    metric = base.metric
    self.normalized = normalized
    baseEstimated = !base.kind.isExact
    newEstimated = !new.kind.isExact
    func wholeTree(_ profile: Profile) -> CallTree {
      let fraction = profile.stacks == nil ? minimumFraction : 0
      var tree = CallTreeBuilder.tree(
        for: profile,
        parameters: CallTreeParameters(minimumFraction: fraction, maximumDepth: 1_000_000))
      tree.expandAll(below: tree.top, limit: nodeLimit)
      return tree
    }
    newTree = wholeTree(new)
    comparison = TreeComparison(base: wholeTree(base), new: newTree, matching: matching)
    comparison.resolveAll(&newTree)
    // The callees of every path, so that paths only the base run has are found too.
    var p = 0
    while p < comparison.paths.count {
      comparison.resolveCallees(of: p, &newTree)
      p += 1
    }
    let baseSum = comparison.paths[0].base.total
    let newSum = comparison.paths[0].new.total
    let baseScale = normalized && baseSum > 0 ? 1 / baseSum : 1
    let newScale = normalized && newSum > 0 ? 1 / newSum : 1
    baseTotal = baseSum * baseScale
    newTotal = newSum * newScale

    // Functions: own and cumulative time from each run's caller graph.
    functions = FunctionComparison(
      base: base.graph, new: new.graph, matching: matching, baseScale: baseScale,
      newScale: newScale
    ).entries.map {
      Entry(
        function: $0.function, baseOwn: $0.baseOwn, newOwn: $0.newOwn,
        baseCumulative: $0.baseCumulative, newCumulative: $0.newCumulative)
    }

    // Call paths: every path below the top.
    paths = comparison.paths.dropFirst().map { path in
      Entry(
        function: path.function, parent: path.parent - 1, baseOwn: path.base.selfTime * baseScale,
        newOwn: path.new.selfTime * newScale, baseCumulative: path.base.total * baseScale,
        newCumulative: path.new.total * newScale,
        cumulativeChangeBounds: path.changeBounds(baseScale: baseScale, newScale: newScale))
    }
  }

  /// The indices of the `count` entries (functions or paths) whose own time changed most,
  /// largest regression first and largest improvement last.
  public static func largestChanges(_ entries: [Entry], count: Int) -> [Int] {
    let changed = entries.indices.filter { entries[$0].ownChange != 0 }
    let largest = changed.sorted { abs(entries[$0].ownChange) > abs(entries[$1].ownChange) }
    return largest.prefix(count).sorted { entries[$0].ownChange > entries[$1].ownChange }
  }

  /// The path (an index of `paths`) of a node of `newTree`; nil for the top.
  public func path(ofNewNode node: Int) -> Int? {
    guard let p = comparison.path(of: node), p > 0 else { return nil }
    return p - 1
  }

  /// The functions of path `i`, from the root.
  public func path(_ i: Int) -> [FunctionName] {
    var result: [FunctionName] = []
    var node = i
    while node >= 0 {
      result.append(paths[node].function)
      node = Int(paths[node].parent)
    }
    return result.reversed()
  }

  /// The function whose cumulative time grew most, as a percentage of the base total, and
  /// that percentage (or the total's growth when it is larger); nil when nothing grew.
  public var largestGrowth: (what: String, percent: Double)? {
    var best: (String, Double)?
    if totalChange > 0 { best = ("the total", percent(totalChange)) }
    for entry in functions where entry.cumulativeChange > 0 {
      let share = percent(entry.cumulativeChange)
      if share > (best?.1 ?? 0) { best = (entry.function.displayName, share) }
    }
    return best
  }
}
