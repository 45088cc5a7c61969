/// Weighted stacks (root frame first), as folded files and other sampling formats record
/// them, kept flat: every stack's frame ids in one array. Per function and per caller →
/// callee pair the weights are summed as the stacks arrive, each counted once per stack
/// however often recursion repeats it. The exact call tree is grown from these stacks on
/// demand (`StackExpander`). Formats whose stacks repeat (samples, trace slices) can have
/// identical stacks merged as they arrive: one stack, the weights added.
public struct StackSamples: Sendable {
  public private(set) var strings = StringTable()
  private var frameIndex: [FunctionKey: Int32] = [:]
  public private(set) var frames: [FunctionKey] = []

  /// Stack `s` is `frameSequence[stackStart[s] ..< stackStart[s + 1]]`.
  public private(set) var frameSequence: [Int32] = []
  public private(set) var stackStart: [Int] = [0]
  public private(set) var weights: [Double] = []
  public private(set) var totalWeight = 0.0

  private var pairs = PairTable()
  private var pairCaller: [Int32] = []
  private var pairCallee: [Int32] = []
  private var pairTotal: [Double] = []
  private var pairSelf: [Double] = []
  private var pairStamp: [Int32] = []
  private var functionTotal: [Double] = []
  private var functionSelf: [Double] = []
  private var functionStamp: [Int32] = []

  /// Whether a stack equal to one already held adds its weight to that one.
  public let mergesIdenticalStacks: Bool
  /// Stacks by a hash of their frames (only with `mergesIdenticalStacks`).
  private var stackTable = PairTable()
  private var currentHash: UInt64 = 0
  /// Counts stacks as they begin: functions and pairs count once per stack by it.
  private var stackSerial: Int32 = 0

  public init(mergingIdenticalStacks: Bool = false) {
    mergesIdenticalStacks = mergingIdenticalStacks
  }

  public var stackCount: Int { weights.count }

  public func stack(_ s: Int) -> ArraySlice<Int32> {
    frameSequence[stackStart[s]..<stackStart[s + 1]]
  }

  public func depth(of s: Int) -> Int { stackStart[s + 1] - stackStart[s] }

  /// The id of a frame, interning its strings.
  public mutating func frame(file: String, line: Int64, name: String) -> Int32 {
    let key = FunctionKey(file: strings.intern(file), line: line, name: strings.intern(name))
    if let id = frameIndex[key] { return id }
    let id = Int32(frames.count)
    frames.append(key)
    frameIndex[key] = id
    functionTotal.append(0)
    functionSelf.append(0)
    functionStamp.append(-1)
    recentCallee.append(-1)
    recentPair.append(-1)
    return id
  }

  /// Per caller frame: the callee and pair of its most recent pair (a one-entry cache in
  /// front of the pair table; stacks repeat the same calls).
  private var recentCallee: [Int32] = []
  private var recentPair: [Int32] = []

  private mutating func pair(_ caller: Int32, _ callee: Int32) -> Int {
    let c = Int(caller)
    if recentCallee[c] == callee { return Int(recentPair[c]) }
    let id = pairFromTable(caller, callee)
    recentCallee[c] = callee
    recentPair[c] = Int32(id)
    return id
  }

  private mutating func pairFromTable(_ caller: Int32, _ callee: Int32) -> Int {
    let key = UInt64(UInt32(bitPattern: caller)) << 32 | UInt64(UInt32(bitPattern: callee))
    let (id, isNew) = pairs.intern(key, next: Int32(pairCaller.count))
    if isNew {
      pairCaller.append(caller)
      pairCallee.append(callee)
      pairTotal.append(0)
      pairSelf.append(0)
      pairStamp.append(-1)
    }
    return Int(id)
  }

  // The stack being added.
  private var currentWeight = 0.0
  private var currentStamp: Int32 = 0
  private var previousFrame: Int32 = -1
  private var lastPair = -1

  /// Starts a stack of the given weight (samples, or time); `push` its frames root first,
  /// then `endStack`.
  public mutating func beginStack(weight: Double) {
    stackSerial &+= 1
    currentStamp = stackSerial
    currentHash = 0xCBF2_9CE4_8422_2325
    currentWeight = weight
    weights.append(weight)
    totalWeight += weight
    previousFrame = -1
    lastPair = -1
  }

  public mutating func push(_ frame: Int32) {
    frameSequence.append(frame)
    currentHash = (currentHash ^ UInt64(UInt32(bitPattern: frame))) &* 0x100_0000_01B3
    let f = Int(frame)
    if functionStamp[f] != currentStamp {
      functionStamp[f] = currentStamp
      functionTotal[f] += currentWeight
    }
    if previousFrame >= 0 {
      let p = pair(previousFrame, frame)
      if pairStamp[p] != currentStamp {
        pairStamp[p] = currentStamp
        pairTotal[p] += currentWeight
      }
      lastPair = p
    }
    previousFrame = frame
  }

  public mutating func endStack() {
    stackStart.append(frameSequence.count)
    if previousFrame >= 0 { functionSelf[Int(previousFrame)] += currentWeight }
    if lastPair >= 0 { pairSelf[lastPair] += currentWeight }
    guard mergesIdenticalStacks else { return }
    // The depth goes into the key, so a hash shared by stacks of two depths cannot hide one.
    let s = weights.count - 1
    let key = currentHash ^ UInt64(truncatingIfNeeded: depth(of: s)) &* 0x9E37_79B9_7F4A_7C15
    let (id, isNew) = stackTable.intern(key, next: Int32(truncatingIfNeeded: s))
    guard !isNew, Int(id) != s, stack(Int(id)) == stack(s) else { return }
    weights[Int(id)] += currentWeight
    weights.removeLast()
    frameSequence.removeLast(depth(of: s))
    stackStart.removeLast()
  }

  /// Appends the stacks of `other` (read from a later part of the same input) as if they had
  /// been added here one by one: frames and pairs are mapped onto this one's, sums added.
  public mutating func append(_ other: StackSamples) {
    var frameMap = [Int32](repeating: 0, count: other.frames.count)
    for (i, key) in other.frames.enumerated() {
      frameMap[i] = frame(
        file: other.strings[key.file], line: key.line, name: other.strings[key.name])
    }
    let base = frameSequence.count
    frameSequence.reserveCapacity(base + other.frameSequence.count)
    for f in other.frameSequence { frameSequence.append(frameMap[Int(f)]) }
    for start in other.stackStart.dropFirst() { stackStart.append(start + base) }
    weights += other.weights
    totalWeight += other.totalWeight
    for (i, mapped) in frameMap.enumerated() {
      functionTotal[Int(mapped)] += other.functionTotal[i]
      functionSelf[Int(mapped)] += other.functionSelf[i]
    }
    for p in other.pairCaller.indices {
      let id = pairFromTable(frameMap[Int(other.pairCaller[p])], frameMap[Int(other.pairCallee[p])])
      pairTotal[id] += other.pairTotal[p]
      pairSelf[id] += other.pairSelf[p]
    }
  }

  /// The caller graph the stacks imply: per function its self weight and its total counted
  /// once per stack, per caller → callee pair likewise (self: stacks that end in the pair).
  public func callGraph() -> CallGraph {
    var builder = CallGraphBuilder(strings: strings)
    for key in frames { _ = builder.function(key) }
    var callers = [[CallGraphBuilder.Edge]](repeating: [], count: frames.count)
    for p in pairCaller.indices {
      callers[Int(pairCallee[p])].append(
        CallGraphBuilder.Edge(
          caller: pairCaller[p], nc: 0, cc: 0, tt: pairSelf[p], ct: pairTotal[p]))
    }
    for f in frames.indices {
      builder.setEntry(
        Int32(f), stats: .init(cc: 0, nc: 0, tt: functionSelf[f], ct: functionTotal[f]),
        callers: callers[f])
    }
    return builder.build()
  }
}

/// An open-addressing map from 64-bit keys to small ids, for the caller → callee pairs of
/// stack samples (few enough to stay in cache, looked up once per frame). Key and id share
/// a slot, so a look-up touches one cache line.
struct PairTable: Sendable {
  private struct Slot {
    var key: UInt64
    var id: Int32
  }

  private var slots = [Slot](repeating: Slot(key: 0, id: -1), count: 1 << 10)
  private var used = 0
  /// Random per process, so that which pairs share a run of slots cannot be planned.
  private static let seed = UInt64.random(in: 0...UInt64.max)
  private let seed = PairTable.seed

  @inline(__always)
  private func start(_ key: UInt64, _ mask: Int) -> Int {
    Int(truncatingIfNeeded: ((key ^ seed) &* 0x9E37_79B9_7F4A_7C15) >> 24) & mask
  }

  mutating func intern(_ key: UInt64, next: Int32) -> (id: Int32, isNew: Bool) {
    var mask = slots.count - 1
    var slot = start(key, mask)
    while slots[slot].id >= 0 {
      if slots[slot].key == key { return (slots[slot].id, false) }
      slot = (slot + 1) & mask
    }
    if (used + 1) * 2 > slots.count {
      let old = slots
      slots = [Slot](repeating: Slot(key: 0, id: -1), count: old.count * 2)
      mask = slots.count - 1
      for entry in old where entry.id >= 0 {
        var s = start(entry.key, mask)
        while slots[s].id >= 0 { s = (s + 1) & mask }
        slots[s] = entry
      }
      slot = start(key, mask)
      while slots[slot].id >= 0 { slot = (slot + 1) & mask }
    }
    slots[slot] = Slot(key: key, id: next)
    used += 1
    return (next, true)
  }
}
