import ProfileModel

/// Two runs compared: every function's own and cumulative time in each, and every call path's
/// own time, matched by function identity. Changes are ranked by **own** time — where the
/// time changed, not every caller above it that changed by the same amount — and given as a
/// share of the base run's total.
public struct ProfileDiff: Sendable {
  /// How functions of the two runs are matched.
  public typealias Matching = FunctionMatching

  /// One function or call path in both runs.
  public struct Entry: Sendable, Equatable {
    /// The function (its base line, or the new one when it is new).
    public var function: FunctionName
    /// For paths: the index of the parent path in `paths`, -1 at a root.
    public var parent: Int32 = -1
    public var baseOwn = 0.0
    public var newOwn = 0.0
    public var baseCumulative = 0.0
    public var newCumulative = 0.0

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
  public var paths: [Entry] = []
  private var trie: PathTrie

  public var totalChange: Double { newTotal - baseTotal }

  /// A change as a percentage of the base run's total.
  public func percent(_ change: Double) -> Double {
    DiffReport.amounts(self).percent(change)
  }

  /// Why two profiles cannot be compared.
  public struct Mismatch: Error, Sendable {
    public var message: String
  }

  /// Compares `base` and `new`. Call paths of call graphs come from their estimated trees,
  /// down to `minimumFraction` of each run.
  public init(
    base: Profile, new: Profile, matching: Matching = .nameAndFile, normalized: Bool = false,
    minimumFraction: Double = 0.001
  ) throws(Mismatch) {
    guard base.weightUnit == new.weightUnit else {
      throw Mismatch(
        message: "the runs measure different things: '\(base.metric.name)' "
          + "(\(base.weightUnit.rawValue)) and '\(new.metric.name)' (\(new.weightUnit.rawValue))")
    }
    metric = base.metric
    trie = PathTrie(matching: matching)
    self.normalized = normalized
    baseEstimated = !base.kind.isExact
    newEstimated = !new.kind.isExact
    let baseStacks = ExportedStacks(base, minimumFraction: minimumFraction)
    let newStacks = ExportedStacks(new, minimumFraction: minimumFraction)
    let baseSum = baseStacks.weights.reduce(0, +)
    let newSum = newStacks.weights.reduce(0, +)
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

    // Call paths: a trie of matched functions holding each run's own and total time.
    trie.add(baseStacks, scale: baseScale, isBase: true)
    trie.add(newStacks, scale: newScale, isBase: false)
    paths = trie.entries()
  }

  /// The indices of the `count` entries (functions or paths) whose own time changed most,
  /// largest regression first and largest improvement last.
  public static func largestChanges(_ entries: [Entry], count: Int) -> [Int] {
    let changed = entries.indices.filter { entries[$0].ownChange != 0 }
    let largest = changed.sorted { abs(entries[$0].ownChange) > abs(entries[$1].ownChange) }
    return largest.prefix(count).sorted { entries[$0].ownChange > entries[$1].ownChange }
  }

  /// The path that extends path `parent` (-1: a root) by `function`, matched as the diff
  /// matches functions; nil when neither run has it.
  public func path(extending parent: Int, by function: FunctionName) -> Int? {
    trie.child(of: Int32(parent), function)
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

/// Call paths of both runs, by matched function at each level.
struct PathTrie {
  let matching: ProfileDiff.Matching
  private var children: [Int64: Int32] = [:]
  private var keys: [FunctionName: Int32] = [:]
  private var parent: [Int32] = []
  private var function: [FunctionName] = []
  private var own: [(base: Double, new: Double)] = []
  private var total: [(base: Double, new: Double)] = []

  init(matching: ProfileDiff.Matching) { self.matching = matching }

  /// The node under `parent` for `function`, if there is one.
  func child(of parent: Int32, _ function: FunctionName) -> Int? {
    guard let key = keys[matching.key(function)] else { return nil }
    return children[Int64(parent) << 32 | Int64(UInt32(bitPattern: key))].map(Int.init)
  }

  mutating func add(_ stacks: ExportedStacks, scale: Double, isBase: Bool) {
    let frameKeys: [Int32] = stacks.frames.map { name in
      let key = matching.key(name)
      if let id = keys[key] { return id }
      keys[key] = Int32(keys.count)
      return Int32(keys.count - 1)
    }
    for s in 0..<stacks.count {
      let weight = stacks.weights[s] * scale
      var node: Int32 = -1
      for frame in stacks.stack(s) {
        let edge = Int64(node) << 32 | Int64(UInt32(bitPattern: frameKeys[Int(frame)]))
        if let child = children[edge] {
          node = child
        } else {
          parent.append(node)
          function.append(stacks.frames[Int(frame)])
          own.append((0, 0))
          total.append((0, 0))
          node = Int32(parent.count - 1)
          children[edge] = node
        }
        if isBase { total[Int(node)].base += weight } else { total[Int(node)].new += weight }
      }
      guard node >= 0 else { continue }
      if isBase { own[Int(node)].base += weight } else { own[Int(node)].new += weight }
    }
  }

  /// Every path as an entry: own and total time per run, and its caller's path.
  func entries() -> [ProfileDiff.Entry] {
    (0..<parent.count).map { n in
      ProfileDiff.Entry(
        function: function[n], parent: parent[n], baseOwn: own[n].base, newOwn: own[n].new,
        baseCumulative: total[n].base, newCumulative: total[n].new)
    }
  }
}
