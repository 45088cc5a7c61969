/// Builds a `CallGraph` entry by entry with Python dict semantics: a key seen again keeps its
/// first position, `setEntry` replaces like dict assignment and `addEntry` sums like
/// `pstats.add_func_stats`.
public struct CallGraphBuilder: Sendable {
  /// One caller → callee edge as the builder receives it.
  public struct Edge: Sendable {
    public var caller: Int32
    public var nc: Int64
    public var cc: Int64
    public var tt: Double
    public var ct: Double

    public init(caller: Int32, nc: Int64, cc: Int64, tt: Double, ct: Double) {
      self.caller = caller
      self.nc = nc
      self.cc = cc
      self.tt = tt
      self.ct = ct
    }
  }

  /// An entry's own numbers, in file order (`cc` first).
  public struct Stats: Sendable {
    public var cc: Int64
    public var nc: Int64
    public var tt: Double
    public var ct: Double

    public init(cc: Int64, nc: Int64, tt: Double, ct: Double) {
      self.cc = cc
      self.nc = nc
      self.tt = tt
      self.ct = ct
    }
  }

  public var strings: StringTable
  public var edgeValues: EdgeValueKind = .timed
  private var index: [FunctionKey: Int32] = [:]
  private var keys: [FunctionKey] = []
  private var stats: [Stats] = []
  private var isEntry: [Bool] = []
  /// Every function's current callers are the edges `callerStart[f] ..< callerStart[f] +
  /// callerCount[f]` of these arrays (kept as the graph keeps them, so that `build()` can
  /// hand them over); replaced lists stay behind unused until `build()`.
  private var storedCaller: [Int32] = []
  private var storedNC: [Int64] = []
  private var storedCC: [Int64] = []
  private var storedTT: [Double] = []
  private var storedCT: [Double] = []
  private var callerStart: [Int32] = []
  private var callerCount: [Int32] = []
  private var entryOrder: [Int32] = []
  private var stamp: [Int32] = []
  private var stampPosition: [Int32] = []
  private var generation: Int32 = 0

  public init(strings: StringTable = StringTable()) {
    self.strings = strings
  }

  public var entryCount: Int { entryOrder.count }

  /// Makes room for about this many functions and edges up front.
  public mutating func reserveCapacity(functions: Int, edges edgeCount: Int) {
    index.reserveCapacity(functions)
    keys.reserveCapacity(functions)
    stats.reserveCapacity(functions)
    isEntry.reserveCapacity(functions)
    callerStart.reserveCapacity(functions)
    callerCount.reserveCapacity(functions)
    entryOrder.reserveCapacity(functions)
    stamp.reserveCapacity(functions)
    stampPosition.reserveCapacity(functions)
    storedCaller.reserveCapacity(edgeCount)
    storedNC.reserveCapacity(edgeCount)
    storedCC.reserveCapacity(edgeCount)
    storedTT.reserveCapacity(edgeCount)
    storedCT.reserveCapacity(edgeCount)
  }

  /// The index of the function with `key`, creating a placeholder when it is new.
  public mutating func function(_ key: FunctionKey) -> Int32 {
    if let f = index[key] { return f }
    let f = Int32(keys.count)
    index[key] = f
    keys.append(key)
    stats.append(Stats(cc: 0, nc: 0, tt: 0, ct: 0))
    isEntry.append(false)
    callerStart.append(0)
    callerCount.append(0)
    stamp.append(0)
    stampPosition.append(0)
    return f
  }

  /// The index of the function named `name`, interning its strings.
  public mutating func function(_ name: FunctionName) -> Int32 {
    let key = FunctionKey(
      file: strings.intern(name.file), line: name.line, name: strings.intern(name.name))
    return function(key)
  }

  /// Dict assignment: `f`'s entry becomes `stats` and `callers` (duplicate callers: the last
  /// value wins at the first position). A new entry goes to the end of the file order.
  public mutating func setEntry(_ f: Int32, stats newStats: Stats, callers newCallers: [Edge]) {
    markEntry(f)
    stats[Int(f)] = newStats
    store(f, deduplicated(newCallers))
  }

  private func callers(of f: Int32) -> [Edge] {
    let start = Int(callerStart[Int(f)])
    return (start..<start + Int(callerCount[Int(f)])).map { e in
      Edge(
        caller: storedCaller[e], nc: storedNC[e], cc: storedCC[e], tt: storedTT[e],
        ct: storedCT[e])
    }
  }

  private mutating func store(_ f: Int32, _ list: [Edge]) {
    callerStart[Int(f)] = Int32(storedCaller.count)
    callerCount[Int(f)] = Int32(list.count)
    for edge in list {
      storedCaller.append(edge.caller)
      storedNC.append(edge.nc)
      storedCC.append(edge.cc)
      storedTT.append(edge.tt)
      storedCT.append(edge.ct)
    }
  }

  /// `pstats.add_func_stats`: adds `stats` field by field and merges `callers` into the
  /// existing ones (known callers summed, new ones appended in order). Duplicates within
  /// `callers` itself count once, the last value at the first position.
  public mutating func addEntry(_ f: Int32, stats added: Stats, callers addedCallers: [Edge]) {
    markEntry(f)
    let i = Int(f)
    stats[i].cc += added.cc
    stats[i].nc += added.nc
    stats[i].tt += added.tt
    stats[i].ct += added.ct
    guard !addedCallers.isEmpty else { return }
    let addedCallers = deduplicated(addedCallers)
    nextGeneration()
    var merged = callers(of: f)
    for (position, edge) in merged.enumerated() {
      stamp[Int(edge.caller)] = generation
      stampPosition[Int(edge.caller)] = Int32(position)
    }
    for edge in addedCallers {
      let c = Int(edge.caller)
      if stamp[c] == generation {
        let p = Int(stampPosition[c])
        merged[p].nc += edge.nc
        merged[p].cc += edge.cc
        merged[p].tt += edge.tt
        merged[p].ct += edge.ct
      } else {
        stamp[c] = generation
        stampPosition[c] = Int32(merged.count)
        merged.append(edge)
      }
    }
    store(f, merged)
  }

  private mutating func markEntry(_ f: Int32) {
    if !isEntry[Int(f)] {
      isEntry[Int(f)] = true
      entryOrder.append(f)
    }
  }

  private mutating func nextGeneration() {
    generation &+= 1
    if generation == 0 {
      for i in stamp.indices { stamp[i] = 0 }
      generation = 1
    }
  }

  private mutating func deduplicated(_ list: [Edge]) -> [Edge] {
    guard list.count > 1 else { return list }
    nextGeneration()
    var duplicates = false
    for edge in list {
      if stamp[Int(edge.caller)] == generation { duplicates = true }
      stamp[Int(edge.caller)] = generation
    }
    guard duplicates else { return list }
    nextGeneration()
    var result: [Edge] = []
    result.reserveCapacity(list.count)
    for edge in list {
      let c = Int(edge.caller)
      if stamp[c] == generation {
        result[Int(stampPosition[c])] = edge
      } else {
        stamp[c] = generation
        stampPosition[c] = Int32(result.count)
        result.append(edge)
      }
    }
    return result
  }

  /// The finished graph: entries in file order first, then placeholders in order of first use.
  public func build() -> CallGraph {
    let n = keys.count
    var order: [Int32] = entryOrder
    order.reserveCapacity(n)
    for f in 0..<n where !isEntry[f] { order.append(Int32(f)) }
    var newIndex = [Int32](repeating: 0, count: n)
    for (position, f) in order.enumerated() { newIndex[Int(f)] = Int32(position) }

    var graph = CallGraph(
      strings: strings, functions: [], entryCount: entryOrder.count,
      cc: [], nc: [], tt: [], ct: [],
      incomingStart: [], edgeCaller: [], edgeCallee: [], edgeNC: [], edgeCC: [],
      edgeTT: [], edgeCT: [], edgeValues: edgeValues, outgoingStart: [], outgoingEdges: [])
    graph.functions = order.map { keys[Int($0)] }
    graph.cc = CountColumn(order.map { stats[Int($0)].cc })
    graph.nc = CountColumn(order.map { stats[Int($0)].nc })
    graph.tt = order.map { stats[Int($0)].tt }
    graph.ct = order.map { stats[Int($0)].ct }

    // When the stored edges are exactly the entries' caller lists in file order (no entry
    // replaced or merged), they are handed over as they are.
    var contiguous = true
    var offset: Int32 = 0
    for f in order {
      if callerCount[Int(f)] > 0 && callerStart[Int(f)] != offset {
        contiguous = false
        break
      }
      offset += callerCount[Int(f)]
    }
    contiguous = contiguous && Int(offset) == storedCaller.count
    var selected: [Int] = []
    if !contiguous {
      for f in order {
        let start = Int(callerStart[Int(f)])
        selected += start..<start + Int(callerCount[Int(f)])
      }
    }
    func pick<T>(_ values: [T]) -> [T] { contiguous ? values : selected.map { values[$0] } }
    graph.edgeCaller = pick(storedCaller).map { newIndex[Int($0)] }
    graph.edgeNC = CountColumn(pick(storedNC))
    graph.edgeCC = CountColumn(pick(storedCC))
    graph.edgeTT = pick(storedTT)
    graph.edgeCT = pick(storedCT)
    var incoming = [Int32](repeating: 0, count: n + 1)
    var callee = [Int32](repeating: 0, count: graph.edgeCaller.count)
    var next: Int32 = 0
    for (position, f) in order.enumerated() {
      incoming[position] = next
      let count = callerCount[Int(f)]
      for e in Int(next)..<Int(next + count) { callee[e] = Int32(position) }
      next += count
    }
    incoming[n] = next
    graph.incomingStart = incoming
    graph.edgeCallee = callee

    (graph.outgoingStart, graph.outgoingEdges) = CallGraph.outgoingIndex(
      edgeCaller: graph.edgeCaller, functionCount: n)
    return graph
  }
}
