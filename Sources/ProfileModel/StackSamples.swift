/// Weighted stacks (root frame first), as folded files and other sampling formats record
/// them, kept flat: every stack's frame ids in one array. Formats whose stacks repeat
/// (samples, trace slices) can have identical stacks merged as they arrive: one stack, the
/// weights added. The caller graph — per function and per caller → callee pair the weight
/// of the stacks that hold it, each counted once per stack however often recursion repeats
/// it — is summed from the stacks when it is asked for (`callGraph`), so a stack seen a
/// million times is walked once. The exact call tree is grown from these stacks on demand
/// (`StackExpander`).
public struct StackSamples: Sendable {
  public private(set) var strings = StringTable()
  private var frameIndex: [FunctionKey: Int32] = [:]
  public private(set) var frames: [FunctionKey] = []

  /// Stack `s` is `frameSequence[stackStart[s] ..< stackStart[s + 1]]`.
  public private(set) var frameSequence: [Int32] = []
  public private(set) var stackStart: [Int] = [0]
  public private(set) var weights: [Double] = []
  public private(set) var totalWeight = 0.0

  /// Whether a stack equal to one already held adds its weight to that one.
  public let mergesIdenticalStacks: Bool
  /// The per-function and per-pair sums of the stacks held, when they are known (computed by
  /// `computeSums`, carried by `append`; adding a stack forgets them).
  private var sums: StackSums? = StackSums()
  /// Stacks by a hash of their frames (only with `mergesIdenticalStacks`).
  private var stackTable = PairTable()
  private var currentHash: UInt64 = 0

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
    return id
  }

  /// Starts a stack of the given weight (samples, or time); `push` its frames root first,
  /// then `endStack`.
  public mutating func beginStack(weight: Double) {
    sums = nil
    currentHash = Self.hashStart
    weights.append(weight)
    totalWeight += weight
  }

  public mutating func push(_ frame: Int32) {
    frameSequence.append(frame)
    currentHash = Self.hashing(currentHash, frame)
  }

  public mutating func endStack() {
    stackStart.append(frameSequence.count)
    guard mergesIdenticalStacks else { return }
    let s = weights.count - 1
    guard let held = heldStack(hash: currentHash, equalTo: stack(s), else: s) else { return }
    weights[held] += weights[s]
    weights.removeLast()
    frameSequence.removeLast(depth(of: s))
    stackStart.removeLast()
  }

  /// Adds one whole stack (root first) of the given weight: `beginStack`, `push` and
  /// `endStack` in one call, and cheaper when identical stacks merge (a stack seen before
  /// only adds its weight; its frames are not copied).
  public mutating func add(weight: Double, stack frames: UnsafeBufferPointer<Int32>) {
    sums = nil
    totalWeight += weight
    if mergesIdenticalStacks {
      let hash = frames.reduce(Self.hashStart, Self.hashing)
      if let held = heldStack(hash: hash, equalTo: frames, else: weights.count) {
        weights[held] += weight
        return
      }
    }
    weights.append(weight)
    frameSequence.append(contentsOf: frames)
    stackStart.append(frameSequence.count)
  }

  private static let hashStart: UInt64 = 0xCBF2_9CE4_8422_2325

  /// One FNV-1a step of a stack's hash.
  private static func hashing(_ hash: UInt64, _ frame: Int32) -> UInt64 {
    (hash ^ UInt64(UInt32(bitPattern: frame))) &* 0x100_0000_01B3
  }

  /// The stack already held that equals `frames` (whose hash is `hash`), or nil — then
  /// stack `next` is the one the table keeps for that key, when none is kept yet. The depth
  /// goes into the key, so a hash shared by stacks of two depths cannot hide one.
  private mutating func heldStack<Frames: Collection<Int32>>(
    hash: UInt64, equalTo frames: Frames, else next: Int
  ) -> Int? {
    let key = hash ^ UInt64(truncatingIfNeeded: frames.count) &* 0x9E37_79B9_7F4A_7C15
    let (id, isNew) = stackTable.intern(key, next: Int32(truncatingIfNeeded: next))
    guard !isNew, Int(id) != next, stack(Int(id)).elementsEqual(frames) else { return nil }
    return Int(id)
  }

  /// No stacks, and the same frames as `self` under the same ids (for stacks derived from
  /// these: recursion collapsed, groups merged).
  public func emptyCopy(mergingIdenticalStacks merges: Bool) -> StackSamples {
    var copy = StackSamples(mergingIdenticalStacks: merges)
    copy.strings = strings
    copy.frameIndex = frameIndex
    copy.frames = frames
    return copy
  }

  /// Appends the stacks of `other` (read from a later part of the same input, or another
  /// file) as if they had been added here one by one. When both know their sums (a reader
  /// that summed its parts on several threads), the sums are added, not computed again.
  public mutating func append(_ other: StackSamples) {
    var frameMap = [Int32](repeating: 0, count: other.frames.count)
    for (i, key) in other.frames.enumerated() {
      frameMap[i] = frame(
        file: other.strings[key.file], line: key.line, name: other.strings[key.name])
    }
    let known = sums
    for s in 0..<other.stackCount {
      beginStack(weight: other.weights[s])
      for f in other.stack(s) { push(frameMap[Int(f)]) }
      endStack()
    }
    if var known, let theirs = other.sums {
      known.add(theirs, frameMap: frameMap, frameCount: frames.count)
      sums = known
    }
  }

  /// Sums the stacks per function and per pair now (`callGraph` needs them), so that
  /// readers that build parts on several threads sum each part on its own thread.
  public mutating func computeSums() {
    if sums == nil { sums = StackSums(self) }
  }

  /// The caller graph the stacks imply: per function its self weight and its total counted
  /// once per stack, per caller → callee pair likewise (self: stacks that end in the pair).
  public func callGraph() -> CallGraph {
    let sums = self.sums ?? StackSums(self)
    var builder = CallGraphBuilder(strings: strings)
    for key in frames { _ = builder.function(key) }
    var callers = [[CallGraphBuilder.Edge]](repeating: [], count: frames.count)
    for p in sums.pairCaller.indices {
      callers[Int(sums.pairCallee[p])].append(
        CallGraphBuilder.Edge(
          caller: sums.pairCaller[p], nc: 0, cc: 0, tt: sums.pairSelf[p], ct: sums.pairTotal[p]))
    }
    for f in frames.indices {
      let total = f < sums.functionTotal.count ? sums.functionTotal[f] : 0
      let own = f < sums.functionSelf.count ? sums.functionSelf[f] : 0
      builder.setEntry(
        Int32(f), stats: .init(cc: 0, nc: 0, tt: own, ct: total), callers: callers[f])
    }
    return builder.build()
  }
}

extension Array where Element == StackSamples {
  /// The id of a frame in every one of these sets of stacks — one per metric of one input —
  /// the same id in all of them, since they intern the same frames in the same order.
  public mutating func frame(file: String, line: Int64, name: String) -> Int32 {
    var id: Int32 = 0
    for m in indices { id = self[m].frame(file: file, line: line, name: name) }
    return id
  }
}

/// Per function and per caller → callee pair of some stacks: the weight of the stacks that
/// hold it (each counted once per stack however often recursion repeats it), and of those
/// that end in it.
struct StackSums: Sendable {
  var functionTotal: [Double] = []
  var functionSelf: [Double] = []
  var pairs = PairTable()
  var pairCaller: [Int32] = []
  var pairCallee: [Int32] = []
  var pairTotal: [Double] = []
  var pairSelf: [Double] = []

  init() {}

  /// The sums of every stack of `samples`.
  init(_ samples: StackSamples) {
    let n = samples.frames.count
    functionTotal = [Double](repeating: 0, count: n)
    functionSelf = [Double](repeating: 0, count: n)
    var functionStamp = [Int32](repeating: -1, count: n)
    var pairStamp: [Int32] = []
    // Per caller: its most recent callee and pair (stacks repeat the same calls).
    var recentCallee = [Int32](repeating: -1, count: n)
    var recentPair = [Int32](repeating: -1, count: n)
    for s in 0..<samples.stackCount {
      let weight = samples.weights[s]
      let stamp = Int32(truncatingIfNeeded: s)
      var previous: Int32 = -1
      var lastPair = -1
      for frame in samples.stack(s) {
        let f = Int(frame)
        if functionStamp[f] != stamp {
          functionStamp[f] = stamp
          functionTotal[f] += weight
        }
        if previous >= 0 {
          var p = Int(recentPair[Int(previous)])
          if recentCallee[Int(previous)] != frame {
            p = pair(previous, frame)
            if p == pairStamp.count { pairStamp.append(-1) }
            recentCallee[Int(previous)] = frame
            recentPair[Int(previous)] = Int32(p)
          }
          if pairStamp[p] != stamp {
            pairStamp[p] = stamp
            pairTotal[p] += weight
          }
          lastPair = p
        }
        previous = frame
      }
      if previous >= 0 { functionSelf[Int(previous)] += weight }
      if lastPair >= 0 { pairSelf[lastPair] += weight }
    }
  }

  /// The pair's id, a new one (zero sums) when it is not known yet.
  mutating func pair(_ caller: Int32, _ callee: Int32) -> Int {
    let key = UInt64(UInt32(bitPattern: caller)) << 32 | UInt64(UInt32(bitPattern: callee))
    let (id, isNew) = pairs.intern(key, next: Int32(pairCaller.count))
    if isNew {
      pairCaller.append(caller)
      pairCallee.append(callee)
      pairTotal.append(0)
      pairSelf.append(0)
    }
    return Int(id)
  }

  /// Adds `other`'s sums, its frame `i` being frame `frameMap[i]` here.
  mutating func add(_ other: StackSums, frameMap: [Int32], frameCount: Int) {
    if functionTotal.count < frameCount {
      functionTotal += repeatElement(0, count: frameCount - functionTotal.count)
      functionSelf += repeatElement(0, count: frameCount - functionSelf.count)
    }
    for i in other.functionTotal.indices {
      functionTotal[Int(frameMap[i])] += other.functionTotal[i]
      functionSelf[Int(frameMap[i])] += other.functionSelf[i]
    }
    for p in other.pairCaller.indices {
      let id = pair(frameMap[Int(other.pairCaller[p])], frameMap[Int(other.pairCallee[p])])
      pairTotal[id] += other.pairTotal[p]
      pairSelf[id] += other.pairSelf[p]
    }
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
