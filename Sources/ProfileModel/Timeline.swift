/// The calls of a timeline profile (Chrome trace slices, speedscope evented profiles) in the
/// order they ran: one span per call, with when it started and ended (in the profile's
/// weight unit, seconds for traces), its function and how deep it sat. Spans are kept in
/// preorder — a call, then its calls in time order — so span `s`'s calls are the spans
/// `s + 1 ..< subtreeEnd[s]`, and a lane (one thread, one profile of a file) is a run of
/// spans. The stacks of the same profile are the time each span is innermost, summed; this
/// keeps what the stacks lose: when.
public struct Timeline: Sendable, Equatable {
  public private(set) var start: [Double] = []
  public private(set) var end: [Double] = []
  /// The span's function (an id of the profile's call graph).
  public private(set) var frame: [Int32] = []
  /// 0 for a lane's outermost spans (its thread's frame when the file has several).
  public private(set) var depth: [Int32] = []
  /// The span the call was made in, -1 for a lane's outermost spans.
  public private(set) var parent: [Int] = []
  /// One past the last span inside span `s`.
  public private(set) var subtreeEnd: [Int] = []
  /// Lane `l` is the spans `laneStart[l] ..< laneStart[l + 1]`.
  public private(set) var laneStart: [Int] = [0]
  /// The spans open now, innermost last (while a lane is recorded).
  private var open: [Int] = []

  public init() {}

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
    var last = -Double.infinity
    var s = spans.lowerBound
    while s < spans.upperBound {
      last = max(last, end[s])
      s = subtreeEnd[s]
    }
    return (start[spans.lowerBound], last)
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

  /// How long span `s` ran.
  public func duration(_ s: Int) -> Double { end[s] - start[s] }

  /// The calls made in span `s`, in time order (its lane's outermost spans for -1 … use
  /// `roots(ofLane:)` for those).
  public func children(of s: Int) -> [Int] {
    var result: [Int] = []
    var c = s + 1
    while c < subtreeEnd[s] {
      result.append(c)
      c = subtreeEnd[c]
    }
    return result
  }

  /// The outermost spans of lane `l`, in time order.
  public func roots(ofLane l: Int) -> [Int] {
    var result: [Int] = []
    var s = laneStart[l]
    while s < laneStart[l + 1] {
      result.append(s)
      s = subtreeEnd[s]
    }
    return result
  }

  /// The spans with the same parent (the lane's outermost spans for an outermost one).
  public func siblings(of s: Int) -> [Int] {
    parent[s] >= 0 ? children(of: parent[s]) : roots(ofLane: lane(of: s))
  }

  /// The time span `s` ran with none of its calls running: its own time.
  public func selfTime(_ s: Int) -> Double {
    var inner = 0.0
    var c = s + 1
    while c < subtreeEnd[s] {
      inner += duration(c)
      c = subtreeEnd[c]
    }
    return max(0, duration(s) - inner)
  }

  // MARK: - Recording

  /// Opens a call of `frame` at `time` inside the spans open now.
  public mutating func open(_ frame: Int32, at time: Double) {
    let s = count
    start.append(time)
    end.append(time)
    self.frame.append(frame)
    depth.append(Int32(truncatingIfNeeded: open.count))
    parent.append(open.last ?? -1)
    subtreeEnd.append(s + 1)
    open.append(s)
  }

  /// Closes the innermost open span at `time`; does nothing when none is open.
  public mutating func close(at time: Double) {
    guard let s = open.popLast() else { return }
    end[s] = max(time, start[s])
    subtreeEnd[s] = count
  }

  /// Closes every open span at `time` and ends the lane; a lane without spans is not kept.
  public mutating func endLane(at time: Double) {
    while !open.isEmpty { close(at: time) }
    if count > laneStart[laneStart.count - 1] { laneStart.append(count) }
  }
}
