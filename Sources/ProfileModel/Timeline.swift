/// The calls of a timeline profile (Chrome trace slices, speedscope evented profiles) in the
/// order they ran: one span per call, with when it started and ended (in the profile's
/// weight unit, seconds for traces), its function and how deep it sat. Spans are kept in
/// preorder — a call, then its calls in time order — so span `s`'s calls are the spans
/// `s + 1 ..< subtreeEnd(s)`, and a lane (one thread, one profile of a file) is a run of
/// spans. The stacks of the same profile are the time each span is innermost, summed; this
/// keeps what the stacks lose: when. A span takes 32 bytes; a file of more than 2^31 − 1
/// calls (which no JSON reader here could hold) keeps the first ones only (`isCut`).
public struct Timeline: Sendable, Equatable {
  public private(set) var start: [Double] = []
  public private(set) var end: [Double] = []
  /// The span's function (an id of the profile's call graph).
  public private(set) var frame: [Int32] = []
  /// 0 for a lane's outermost spans (its thread's frame when the file has several).
  public private(set) var depth: [Int32] = []
  /// The span the call was made in, -1 for a lane's outermost spans.
  public private(set) var parentIndex: [Int32] = []
  /// One past the last span inside span `s`.
  public private(set) var subtreeEndIndex: [Int32] = []
  /// Lane `l` is the spans `laneStart[l] ..< laneStart[l + 1]`.
  public private(set) var laneStart: [Int] = [0]
  /// When lane `l`'s last outermost call ended.
  private var laneEnd: [Double] = []
  /// The latest end of an outermost call of the lane being recorded.
  private var recordingLaneEnd = -Double.infinity
  /// The spans open now, innermost last (while a lane is recorded).
  private var open: [Int] = []
  /// Calls opened while the timeline was full: not kept (their closes are not either).
  private var droppedOpen = 0
  /// Whether calls were left out because the timeline was full.
  public private(set) var isCut = false
  /// The most spans a timeline holds (its links are 32-bit).
  public static let capacityLimit = Int(Int32.max) - 1

  public init() {}

  /// Makes room for `count` more spans at once (a reader that knows how many calls follow).
  /// Room grows at least twofold, so a lane at a time reserving its own calls stays linear.
  public mutating func reserveCapacity(adding count: Int) {
    let wanted = self.count + max(0, min(count, Self.capacityLimit - self.count))
    guard wanted > start.capacity else { return }
    let total = max(wanted, min(2 * start.capacity, Self.capacityLimit))
    start.reserveCapacity(total)
    end.reserveCapacity(total)
    frame.reserveCapacity(total)
    depth.reserveCapacity(total)
    parentIndex.reserveCapacity(total)
    subtreeEndIndex.reserveCapacity(total)
  }

  /// The span call `s` was made in, -1 for a lane's outermost spans.
  @inline(__always) public func parent(_ s: Int) -> Int { Int(parentIndex[s]) }

  /// One past the last span inside span `s`.
  @inline(__always) public func subtreeEnd(_ s: Int) -> Int { Int(subtreeEndIndex[s]) }

  public var count: Int { start.count }
  public var laneCount: Int { laneStart.count - 1 }
  public var isEmpty: Bool { start.isEmpty }

  /// The spans of lane `l`.
  public func spans(ofLane l: Int) -> Range<Int> { laneStart[l]..<laneStart[l + 1] }

  /// The lane span `s` belongs to.
  public func lane(of s: Int) -> Int {
    var (low, high) = (0, laneCount - 1)
    while low < high {
      let middle = (low + high + 1) / 2
      if laneStart[middle] <= s { low = middle } else { high = middle - 1 }
    }
    return low
  }

  /// The time lane `l` covers: from its first call's start to its last call's end.
  public func extent(ofLane l: Int) -> (start: Double, end: Double) {
    let spans = spans(ofLane: l)
    guard !spans.isEmpty else { return (0, 0) }
    return (start[spans.lowerBound], laneEnd[l])
  }

  /// The time all lanes cover: from the first call's start to the last call's end.
  public var extent: (start: Double, end: Double) {
    guard laneCount > 0 else { return (0, 0) }
    var result = (start: Double.infinity, end: -Double.infinity)
    for l in 0..<laneCount {
      let lane = extent(ofLane: l)
      result = (min(result.start, lane.start), max(result.end, lane.end))
    }
    return result
  }

  /// Whether span `s` runs at some time of `window`.
  public func runs(_ s: Int, during window: ClosedRange<Double>) -> Bool {
    end[s] >= window.lowerBound && start[s] <= window.upperBound
  }

  /// How long span `s` ran.
  public func duration(_ s: Int) -> Double { end[s] - start[s] }

  /// The calls made in span `s`, in time order (its lane's outermost spans for -1 … use
  /// `roots(ofLane:)` for those).
  public func children(of s: Int) -> [Int] {
    var result: [Int] = []
    var c = s + 1
    while c < subtreeEnd(s) {
      result.append(c)
      c = subtreeEnd(c)
    }
    return result
  }

  /// The outermost spans of lane `l`, in time order.
  public func roots(ofLane l: Int) -> [Int] {
    var result: [Int] = []
    var s = laneStart[l]
    while s < laneStart[l + 1] {
      result.append(s)
      s = subtreeEnd(s)
    }
    return result
  }

  /// The spans with the same parent (the lane's outermost spans for an outermost one).
  public func siblings(of s: Int) -> [Int] {
    parent(s) >= 0 ? children(of: parent(s)) : roots(ofLane: lane(of: s))
  }

  /// The time span `s` ran with none of its calls running: its own time.
  public func selfTime(_ s: Int) -> Double {
    var inner = 0.0
    var c = s + 1
    while c < subtreeEnd(s) {
      inner += duration(c)
      c = subtreeEnd(c)
    }
    return max(0, duration(s) - inner)
  }

  // MARK: - Recording

  /// Opens a call of `frame` at `time` inside the spans open now.
  public mutating func open(_ frame: Int32, at time: Double) {
    let s = count
    guard s < Self.capacityLimit, droppedOpen == 0 else {
      droppedOpen += 1
      isCut = true
      return
    }
    start.append(time)
    end.append(time)
    self.frame.append(frame)
    depth.append(Int32(truncatingIfNeeded: open.count))
    parentIndex.append(Int32(open.last ?? -1))
    subtreeEndIndex.append(Int32(s + 1))
    open.append(s)
  }

  /// Closes the innermost open span at `time`; does nothing when none is open.
  public mutating func close(at time: Double) {
    if droppedOpen > 0 {
      droppedOpen -= 1
      return
    }
    guard let s = open.popLast() else { return }
    end[s] = max(time, start[s])
    subtreeEndIndex[s] = Int32(count)
    if open.isEmpty { recordingLaneEnd = max(recordingLaneEnd, end[s]) }
  }

  /// Closes every open span at `time` and ends the lane; a lane without spans is not kept.
  public mutating func endLane(at time: Double) {
    droppedOpen = 0
    while !open.isEmpty { close(at: time) }
    if count > laneStart[laneStart.count - 1] {
      laneStart.append(count)
      laneEnd.append(recordingLaneEnd)
    }
    recordingLaneEnd = -Double.infinity
  }
}
