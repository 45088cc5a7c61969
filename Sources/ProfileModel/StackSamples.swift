/// Weighted stacks (root frame first), as folded files and other sampling formats record
/// them, kept flat: every stack's frame ids in one array. Formats whose stacks repeat
/// (samples, trace slices) can have identical stacks merged as they arrive: one stack, the
/// weights added. The caller graph — per function and per caller → callee pair the weight
/// of the stacks that hold it, each counted once per stack however often recursion repeats
/// it — is summed from the stacks when it is asked for (`callGraph`, `StackSums`), so a
/// stack seen a million times is walked once. The exact call tree is grown from these
/// stacks on demand (`StackExpander`).
///
/// Memory per distinct frame is kept small (docs/benchmarks.md): a frame is a 16-byte key
/// and its name's `String`; the indexes from names to ids (`IdIndex`) are let go once the
/// stacks are read (`releaseIndexes`) and built again only if frames are added later.
public struct StackSamples: Sendable {
  public private(set) var strings = StringTable()
  private var frameIndex = IdIndex()
  public private(set) var frames: [FunctionKey] = []

  /// Stack `s` is `frameSequence[stackStart[s] ..< stackStart[s + 1]]`.
  public private(set) var frameSequence: [Int32] = []
  public private(set) var stackStart: [Int] = [0]
  public private(set) var weights: [Double] = []
  public private(set) var totalWeight = 0.0

  /// Whether a stack equal to one already held adds its weight to that one.
  public let mergesIdenticalStacks: Bool
  /// Stacks by a hash of their frames (only with `mergesIdenticalStacks`).
  private var stackIndex = IdIndex()
  private var currentHash: UInt64 = 0

  /// Frames handed to `push` and `add` so far, merged stacks' included: the work the stacks
  /// took to build (formats that give a tree or open and close calls make each stack from
  /// its depth, so a chain n calls deep gives n²/2 frames from n events).
  public private(set) var framesPushed = 0
  /// The most frames the stacks may take (`framesPushed`); past it the stacks added are
  /// counted, not kept, and `isOverLimit` holds: the importer refuses the input
  /// (`frameLimit(inputBytes:)`).
  public var frameLimit = Int.max

  public init(mergingIdenticalStacks: Bool = false) {
    mergesIdenticalStacks = mergingIdenticalStacks
  }

  /// Whether the stacks took more frames than `frameLimit`.
  public var isOverLimit: Bool { framesPushed > frameLimit }

  /// The frame limit for stacks read from an input of `inputBytes` bytes: four frames a
  /// byte, and never less than 2^26 (256 MB of frames). Stacks written out frame by frame
  /// (folded, perf, austin, sampled speedscope) take at most one frame per two bytes; a
  /// trace whose calls sit 100 deep on average takes about one frame per byte of its
  /// events, and 100,000 nested calls would take 5 × 10^9 frames from 10 MB.
  public static func frameLimit(inputBytes: Int) -> Int {
    max(1 << 26, inputBytes.multipliedReportingOverflow(by: 4).partialValue)
  }

  public var stackCount: Int { weights.count }

  public func stack(_ s: Int) -> ArraySlice<Int32> {
    frameSequence[stackStart[s]..<stackStart[s + 1]]
  }

  public func depth(of s: Int) -> Int { stackStart[s + 1] - stackStart[s] }

  /// The id of a frame, interning its strings.
  public mutating func frame(file: String, line: Int64, name: String) -> Int32 {
    frameIndex.catchUp(to: frames.count) { [frames] in Self.hash(frames[Int($0)]) }
    let key = FunctionKey(file: strings.intern(file), line: line, name: strings.intern(name))
    let (id, isNew) = frameIndex.intern(
      hash: Self.hash(key), next: Int32(frames.count),
      isKey: { [frames] in frames[Int($0)] == key })
    if isNew { frames.append(key) }
    return id
  }

  /// Lets the indexes from frame names to ids, and from stacks to the identical stack held,
  /// go (each is built again if a frame or a stack is added), once the stacks are read: a
  /// finished profile holds only its frames, their strings and its stacks.
  public mutating func releaseIndexes() {
    frameIndex = IdIndex()
    strings.releaseIndex()
    stackIndex = IdIndex()
  }

  private static func hash(_ key: FunctionKey) -> UInt64 {
    let ids = UInt64(UInt32(bitPattern: key.file)) << 32 | UInt64(UInt32(bitPattern: key.name))
    return SeededHash.mix(SeededHash.mix(SeededHash.seed, ids), UInt64(bitPattern: key.line))
  }

  /// Starts a stack of the given weight (samples, or time); `push` its frames root first,
  /// then `endStack`.
  public mutating func beginStack(weight: Double) {
    currentHash = Self.hashStart
    weights.append(weight)
    totalWeight += weight
  }

  public mutating func push(_ frame: Int32) {
    framesPushed += 1
    guard !isOverLimit else { return }
    frameSequence.append(frame)
    currentHash = Self.hashing(currentHash, frame)
  }

  public mutating func endStack() {
    guard !isOverLimit else {
      weights.removeLast()
      frameSequence.removeSubrange(stackStart[stackStart.count - 1]...)
      return
    }
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
    totalWeight += weight
    framesPushed += frames.count
    guard !isOverLimit else { return }
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

  private static let hashStart = SeededHash.seed

  /// One step of a stack's hash.
  @inline(__always)
  private static func hashing(_ hash: UInt64, _ frame: Int32) -> UInt64 {
    SeededHash.mix(hash, UInt64(UInt32(bitPattern: frame)))
  }

  /// The hash a stack is indexed by: its frames' hash and its depth.
  private static func stackKey(_ hash: UInt64, depth: Int) -> UInt64 {
    SeededHash.mix(hash, UInt64(truncatingIfNeeded: depth))
  }

  /// The stack already held that equals `frames` (whose hash is `hash`), or nil — then
  /// stack `next` is indexed under it.
  private mutating func heldStack<Frames: Collection<Int32>>(
    hash: UInt64, equalTo frames: Frames, else next: Int
  ) -> Int? {
    let key = Self.stackKey(hash, depth: frames.count)
    let (sequence, starts) = (frameSequence, stackStart)
    let hashOf = { (id: Int32) -> UInt64 in
      let frames = sequence[starts[Int(id)]..<starts[Int(id) + 1]]
      return Self.stackKey(frames.reduce(Self.hashStart, Self.hashing), depth: frames.count)
    }
    // The stacks held before `next`, when the index was let go (`releaseIndexes`).
    stackIndex.catchUp(to: next, hashOf: hashOf)
    let (held, isNew) = stackIndex.intern(
      hash: key, next: Int32(truncatingIfNeeded: next),
      isKey: { sequence[starts[Int($0)]..<starts[Int($0) + 1]].elementsEqual(frames) })
    return isNew ? nil : Int(held)
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

  /// The same stacks (weights, frames, order) each read from its last frame to its first,
  /// copied in one pass: reversed stacks are as distinct as the stacks were.
  func reversingEachStack() -> StackSamples {
    var copy = emptyCopy(mergingIdenticalStacks: false)
    copy.frameSequence.reserveCapacity(frameSequence.count)
    for s in 0..<stackCount {
      copy.frameSequence.append(
        contentsOf: frameSequence[stackStart[s]..<stackStart[s + 1]].reversed())
    }
    copy.stackStart = stackStart
    copy.weights = weights
    copy.totalWeight = totalWeight
    return copy
  }

  /// Appends the stacks of `other` (read from a later part of the same input, or another
  /// file) as if they had been added here one by one. Unless identical stacks merge, the
  /// frame ids are translated in one pass and the arrays appended whole.
  public mutating func append(_ other: StackSamples) {
    var frameMap = [Int32](repeating: 0, count: other.frames.count)
    for (i, key) in other.frames.enumerated() {
      frameMap[i] = frame(
        file: other.strings[key.file], line: key.line, name: other.strings[key.name])
    }
    guard !mergesIdenticalStacks else {
      for s in 0..<other.stackCount {
        beginStack(weight: other.weights[s])
        for f in other.stack(s) { push(frameMap[Int(f)]) }
        endStack()
      }
      return
    }
    let offset = frameSequence.count
    frameSequence.reserveCapacity(offset + other.frameSequence.count)
    frameSequence.append(contentsOf: other.frameSequence.lazy.map { frameMap[Int($0)] })
    stackStart.reserveCapacity(stackStart.count + other.stackCount)
    stackStart.append(contentsOf: other.stackStart.dropFirst().lazy.map { $0 + offset })
    weights.append(contentsOf: other.weights)
    totalWeight += other.totalWeight
  }

  /// The caller graph the stacks imply: per function its self weight and its total counted
  /// once per stack, per caller → callee pair likewise (self: stacks that end in the pair).
  /// Functions are the frames, in the same order; each callee's callers in the order their
  /// pairs first appeared.
  /// `threads` (a power of 2) sum the stacks; by default two when there are many.
  public func callGraph(threads: Int? = nil) -> CallGraph {
    Self.callGraph(frames: frames, strings: strings, sums: StackSums.of(self, parts: threads))
  }

  /// `callGraph()` for stacks that are read: lets the name indexes go first
  /// (`releaseIndexes`), so that they are not held while the sums are made.
  public mutating func takeCallGraph() -> CallGraph {
    releaseIndexes()
    return callGraph()
  }

  private static func callGraph(
    frames: [FunctionKey], strings: StringTable, sums: consuming StackSums
  ) -> CallGraph {
    let n = frames.count
    var sums = sums
    var incoming = [Int32](repeating: 0, count: n + 1)
    for callee in sums.pairCallee { incoming[Int(callee) + 1] += 1 }
    for f in 0..<n { incoming[f + 1] += incoming[f] }
    // Each callee's pairs in the order they were made (a stable counting sort).
    var fill = incoming
    var order = [Int32](repeating: 0, count: sums.pairCallee.count)
    for (p, callee) in sums.pairCallee.enumerated() {
      order[Int(fill[Int(callee)])] = Int32(p)
      fill[Int(callee)] += 1
    }
    fill = []
    func column<T>(_ values: [T]) -> [T] { order.map { values[Int($0)] } }
    let edgeCaller = column(sums.pairCaller)
    sums.pairCaller = []
    let edgeCallee = column(sums.pairCallee)
    sums.pairCallee = []
    let edgeTT = column(sums.pairSelf)
    sums.pairSelf = []
    let edgeCT = column(sums.pairTotal)
    sums.pairTotal = []
    order = []
    func padded(_ values: [Double]) -> [Double] {
      values.count >= n ? values : values + repeatElement(0, count: n - values.count)
    }
    let (zeros, edgeZeros) = (CountColumn.zeros(n), CountColumn.zeros(edgeCaller.count))
    let (outgoingStart, outgoingEdges) = CallGraph.outgoingIndex(
      edgeCaller: edgeCaller, functionCount: n)
    return CallGraph(
      strings: strings, functions: frames, entryCount: n,
      cc: zeros, nc: zeros, tt: padded(sums.functionSelf), ct: padded(sums.functionTotal),
      incomingStart: incoming, edgeCaller: edgeCaller, edgeCallee: edgeCallee,
      edgeNC: edgeZeros, edgeCC: edgeZeros, edgeTT: edgeTT, edgeCT: edgeCT, edgeValues: .timed,
      outgoingStart: outgoingStart, outgoingEdges: outgoingEdges)
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
