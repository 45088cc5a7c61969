/// Every function of two runs side by side: functions matched by identity
/// (`FunctionMatching`), their own and cumulative time summed per run. Functions of one run
/// that share an identity (two `__init__` in files of one name, under `--match name`) are
/// one entry.
public struct FunctionComparison: Sendable {
  /// One function identity in both runs.
  public struct Entry: Sendable, Equatable {
    /// The function (its base name, or the new one when the base run lacks it).
    public var function: FunctionName
    public var baseOwn = 0.0
    public var newOwn = 0.0
    public var baseCumulative = 0.0
    public var newCumulative = 0.0
    /// Whether each run has the function at all.
    public var inBase = false
    public var inNew = false

    public var ownChange: Double { newOwn - baseOwn }
    public var cumulativeChange: Double { newCumulative - baseCumulative }
  }

  public private(set) var entries: [Entry] = []
  /// The entry of each function of the new run's caller graph.
  public private(set) var entryOfNewFunction: [Int32] = []
  /// The first of the new run's functions of each entry (in graph order); -1 for functions
  /// only the base run has.
  public private(set) var firstNewFunction: [Int32] = []
  /// The first of the base run's functions of each entry; -1 for functions only the new
  /// run has.
  public private(set) var firstBaseFunction: [Int32] = []

  /// Matches the functions of `base` and `new`, their times multiplied by the scales.
  public init(
    base: CallGraph, new: CallGraph, matching: FunctionMatching, baseScale: Double = 1,
    newScale: Double = 1
  ) {
    var index: [FunctionName: Int32] = [:]
    index.reserveCapacity(base.entryCount + new.entryCount)
    func entry(_ key: FunctionName, _ graph: CallGraph, _ f: Int) -> Int {
      if let i = index[key] { return Int(i) }
      entries.append(Entry(function: graph.name(of: f)))
      firstNewFunction.append(-1)
      firstBaseFunction.append(-1)
      index[key] = Int32(entries.count - 1)
      return entries.count - 1
    }
    let baseKeys = matching.keys(base)
    for f in 0..<base.entryCount {
      let i = entry(baseKeys[f], base, f)
      entries[i].baseOwn += base.tt[f] * baseScale
      entries[i].baseCumulative += base.ct[f] * baseScale
      entries[i].inBase = true
      if firstBaseFunction[i] < 0 { firstBaseFunction[i] = Int32(f) }
    }
    entryOfNewFunction.reserveCapacity(new.entryCount)
    let newKeys = matching.keys(new)
    for f in 0..<new.entryCount {
      let i = entry(newKeys[f], new, f)
      entries[i].newOwn += new.tt[f] * newScale
      entries[i].newCumulative += new.ct[f] * newScale
      entries[i].inNew = true
      entryOfNewFunction.append(Int32(i))
      if firstNewFunction[i] < 0 { firstNewFunction[i] = Int32(f) }
    }
  }
}
