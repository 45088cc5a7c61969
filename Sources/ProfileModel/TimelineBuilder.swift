/// Frames opened and closed in time order (Chrome trace slices, speedscope evented
/// profiles) turned into weighted stacks: the time a frame is the innermost open one is its
/// own time, added as one stack (the open frames, outermost first) when it closes. Times
/// never go back: an event earlier than the one before it counts as happening at that time.
/// Every call is also kept, in time order, as a span of a `Timeline` lane (the prefix frames
/// as spans around the lane's calls).
public struct TimelineBuilder: Sendable {
  /// The frames above every opened one (a thread's group frame), outermost first.
  private var path: [Int32]
  private let prefixCount: Int
  /// The spans recorded so far, this lane's being recorded.
  public private(set) var timeline: Timeline
  /// The own time so far of each open frame, in the file's time unit.
  private var ownTime: [Double] = []
  private var last = -Double.infinity
  /// Weight per unit of the file's times (1e-6 for microseconds read as seconds).
  private let scale: Double

  /// Starts a lane of `timeline` (a new one by default) whose calls are all made inside the
  /// `prefix` frames.
  public init(prefix: [Int32] = [], scale: Double = 1, continuing timeline: Timeline = Timeline()) {
    path = prefix
    prefixCount = prefix.count
    self.scale = scale
    self.timeline = timeline
  }

  /// How many frames are open.
  public var depth: Int { ownTime.count }

  /// Opens `frame` at `time`, inside the frames open now.
  public mutating func open(_ frame: Int32, at time: Double) {
    advance(to: time)
    if timeline.count == timeline.laneStart[timeline.laneCount] {
      for outer in path.prefix(prefixCount) { timeline.open(outer, at: last * scale) }
    }
    timeline.open(frame, at: last * scale)
    path.append(frame)
    ownTime.append(0)
  }

  /// Closes the innermost open frame at `time` and adds its own time to `samples`. Does
  /// nothing when no frame is open.
  public mutating func close(at time: Double, into samples: inout StackSamples) {
    guard !ownTime.isEmpty else { return }
    advance(to: time)
    let own = ownTime.removeLast()
    if own > 0 { path.withUnsafeBufferPointer { samples.add(weight: own * scale, stack: $0) } }
    path.removeLast()
    timeline.close(at: last * scale)
  }

  /// Closes every open frame at `time`, innermost first.
  public mutating func closeAll(at time: Double, into samples: inout StackSamples) {
    while !ownTime.isEmpty { close(at: time, into: &samples) }
  }

  /// Closes every open frame at `time` and ends the lane: the recorded spans, this lane's
  /// last (a lane without calls is not kept).
  public mutating func finish(at time: Double, into samples: inout StackSamples) -> Timeline {
    closeAll(at: time, into: &samples)
    timeline.endLane(at: last * scale)
    // Moved out, not copied: the builder's copy would share the spans, and the next lane's
    // first change would then copy them all (quadratic in the lanes).
    var finished = Timeline()
    swap(&finished, &timeline)
    return finished
  }

  /// Gives the time since the last event to the innermost open frame.
  private mutating func advance(to time: Double) {
    if !ownTime.isEmpty && time > last { ownTime[ownTime.count - 1] += time - last }
    last = max(last, time)
  }
}
