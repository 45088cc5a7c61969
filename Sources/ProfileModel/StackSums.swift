import Foundation

/// Per function and per caller → callee pair of some stacks: the weight of the stacks that
/// hold it (each counted once per stack however often recursion repeats it), and of those
/// that end in it. Many stacks are summed by two threads, each owning the functions and the
/// pairs whose callee id has its parity, so that no table is made twice or merged (the pair
/// table is what costs: one look-up per frame of every stack).
struct StackSums: Sendable {
  var functionTotal: [Double] = []
  var functionSelf: [Double] = []
  var pairCaller: [Int32] = []
  var pairCallee: [Int32] = []
  var pairTotal: [Double] = []
  var pairSelf: [Double] = []

  /// Stacks with at least this many frames in all are summed by two threads.
  static let parallelFrames = 4 << 20

  /// The sums of every stack of `samples`, made by `parts` threads (a power of 2; by default
  /// two for many stacks, else one).
  static func of(_ samples: StackSamples, parts: Int? = nil) -> StackSums {
    let parts = parts ?? (samples.frameSequence.count >= parallelFrames ? 2 : 1)
    guard parts > 1 else { return StackSums(samples, part: 0, of: 1) }
    let results = ThreadResults<StackSums>(count: parts)
    DispatchQueue.concurrentPerform(iterations: parts) { part in
      results.set(part, StackSums(samples, part: part, of: parts))
    }
    var sums = results.take(0)
    for part in 1..<parts {
      let other = results.take(part)
      for f in stride(from: part, to: sums.functionTotal.count, by: parts) {
        sums.functionTotal[f] = other.functionTotal[f]
        sums.functionSelf[f] = other.functionSelf[f]
      }
      sums.pairCaller += other.pairCaller
      sums.pairCallee += other.pairCallee
      sums.pairTotal += other.pairTotal
      sums.pairSelf += other.pairSelf
    }
    return sums
  }

  /// The sums of the functions `f` with `f % parts == part` and of the pairs whose callee
  /// is such a function; the other functions' sums stay zero. Each callee's pairs come in
  /// the order they first appear in the stacks, whatever the number of parts (a power of 2).
  private init(_ samples: StackSamples, part: Int, of parts: Int) {
    precondition(parts > 0 && parts & (parts - 1) == 0, "parts must be a power of 2")
    let mask = parts - 1
    let n = samples.frames.count
    functionTotal = [Double](repeating: 0, count: n)
    functionSelf = [Double](repeating: 0, count: n)
    var pairs = PairSumTable()
    // Per function: the last stack that added to its total.
    var functionStamp = [Int32](repeating: -1, count: n)
    // Per caller: its most recent pair's callee and slot (stacks repeat the same calls);
    // forgotten when the table grows and its slots move.
    var recent = [RecentPair](repeating: RecentPair(), count: n)
    for s in 0..<samples.stackCount {
      let weight = samples.weights[s]
      let stamp = Int32(truncatingIfNeeded: s)
      var previous: Int32 = -1
      var lastPair: Int32 = -1
      let stack = samples.stack(s)
      // Ask first for what counting each frame reads — its function's stamp and total, its
      // caller's recent pair, the pair's slot — with hints that do not wait, so that the
      // cache misses of the whole stack overlap and the counting below finds them in cache.
      var caller: Int32 = -1
      for frame in stack {
        defer { caller = frame }
        guard Int(frame) & mask == part else { continue }
        Prefetch.element(functionStamp, Int(frame))
        Prefetch.element(functionTotal, Int(frame))
        guard caller >= 0 else { continue }
        Prefetch.element(recent, Int(caller))
        pairs.prefetch(caller, frame)
      }
      for frame in stack {
        let f = Int(frame)
        defer { previous = frame }
        guard f & mask == part else { continue }
        if functionStamp[f] != stamp {
          functionStamp[f] = stamp
          functionTotal[f] += weight
        }
        guard previous >= 0 else { continue }
        var slot = Int(recent[Int(previous)].slot)
        if recent[Int(previous)].callee != frame {
          let found = pairs.slot(caller: previous, callee: frame)
          if found.moved {
            for c in recent.indices { recent[c] = RecentPair() }
          }
          slot = found.slot
          recent[Int(previous)] = RecentPair(callee: frame, slot: Int32(slot))
        }
        lastPair = pairs.count(weight, at: slot, stamp: stamp)
      }
      // The stack's last frame is owned here exactly when its last pair is.
      if previous >= 0 && Int(previous) & mask == part {
        functionSelf[Int(previous)] += weight
        if lastPair >= 0 { pairs.addSelf(weight, to: lastPair) }
      }
    }
    (pairCaller, pairCallee, pairTotal, pairSelf) = pairs.columns()
  }
}

/// A caller's most recent pair while stacks are summed: its callee and its slot.
private struct RecentPair {
  var callee: Int32 = -1
  var slot: Int32 = -1
}

/// The caller → callee pairs of stack samples and their sums, looked up once per frame of
/// every stack: an open-addressing table whose slot holds the pair, its id (the order pairs
/// were first seen), its total and the last stack that added to it, so that a look-up and
/// the count touch one cache line. (`IdIndex`, for rarer look-ups, keeps only ids and
/// compares keys in its owner's arrays.) Slots are found by Fibonacci hashing of the pair
/// with a seed random per process; the table doubles at three quarters full.
struct PairSumTable: Sendable {
  private struct Slot {
    var key: UInt64
    var total: Double
    var id: Int32
    var stamp: Int32
  }

  private static let empty = Slot(key: 0, total: 0, id: -1, stamp: -1)
  private var slots = [Slot](repeating: PairSumTable.empty, count: 1 << 10)
  private var shift: UInt64 = 54
  private var selfSums: [Double] = []
  private let seed = SeededHash.seed

  /// Pairs held.
  var count: Int { selfSums.count }

  /// A pair as one word: caller above, callee below (`columns` takes it apart).
  @inline(__always)
  private static func key(_ caller: Int32, _ callee: Int32) -> UInt64 {
    UInt64(UInt32(bitPattern: caller)) << 32 | UInt64(UInt32(bitPattern: callee))
  }

  @inline(__always)
  private func home(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: ((key ^ seed) &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// Asks for the pair's first slot to be brought into the cache, without waiting for it.
  @inline(__always)
  func prefetch(_ caller: Int32, _ callee: Int32) {
    Prefetch.element(slots, home(Self.key(caller, callee)))
  }

  /// The slot of the pair, made when it is new; `moved` tells that the table grew, so that
  /// slots found before are no longer where they were.
  mutating func slot(caller: Int32, callee: Int32) -> (slot: Int, moved: Bool) {
    let key = Self.key(caller, callee)
    var mask = slots.count - 1
    var slot = home(key)
    while slots[slot].id >= 0 {
      if slots[slot].key == key { return (slot, false) }
      slot = (slot + 1) & mask
    }
    var moved = false
    if (count + 1) * 4 > slots.count * 3 {
      let old = slots
      slots = [Slot](repeating: Self.empty, count: old.count * 2)
      shift -= 1
      mask = slots.count - 1
      for entry in old where entry.id >= 0 {
        var s = home(entry.key)
        while slots[s].id >= 0 { s = (s + 1) & mask }
        slots[s] = entry
      }
      slot = home(key)
      while slots[slot].id >= 0 { slot = (slot + 1) & mask }
      moved = true
    }
    slots[slot] = Slot(key: key, total: 0, id: Int32(count), stamp: -1)
    selfSums.append(0)
    return (slot, moved)
  }

  /// Adds `weight` to the pair's total unless stack `stamp` has added to it already
  /// (recursion repeats a pair within one stack); the pair's id.
  @inline(__always)
  mutating func count(_ weight: Double, at slot: Int, stamp: Int32) -> Int32 {
    if slots[slot].stamp != stamp {
      slots[slot].stamp = stamp
      slots[slot].total += weight
    }
    return slots[slot].id
  }

  /// Adds the weight of a stack that ends in pair `id`.
  mutating func addSelf(_ weight: Double, to id: Int32) { selfSums[Int(id)] += weight }

  /// Callers, callees, totals and self sums of the pairs, by id.
  func columns() -> ([Int32], [Int32], [Double], [Double]) {
    var callers = [Int32](repeating: 0, count: count)
    var callees = [Int32](repeating: 0, count: count)
    var totals = [Double](repeating: 0, count: count)
    for slot in slots where slot.id >= 0 {
      let id = Int(slot.id)
      callers[id] = Int32(truncatingIfNeeded: slot.key >> 32)
      callees[id] = Int32(truncatingIfNeeded: slot.key & 0xFFFF_FFFF)
      totals[id] = slot.total
    }
    return (callers, callees, totals, selfSums)
  }
}
