/// Frames opened and closed in time order (Chrome trace slices, speedscope evented
/// profiles) turned into weighted stacks: the time a frame is the innermost open one is its
/// own time, added as one stack (the open frames, outermost first) when it closes. Times
/// never go back: an event earlier than the one before it counts as happening at that time.
public struct TimelineBuilder: Sendable {
  /// The frames above every opened one (a thread's group frame), outermost first.
  private var path: [Int32]
  /// The own time so far of each open frame, in the file's time unit.
  private var ownTime: [Double] = []
  private var last = -Double.infinity
  /// Weight per unit of the file's times (1e-6 for microseconds read as seconds).
  private let scale: Double

  public init(prefix: [Int32] = [], scale: Double = 1) {
    path = prefix
    self.scale = scale
  }

  /// How many frames are open.
  public var depth: Int { ownTime.count }

  /// Opens `frame` at `time`, inside the frames open now.
  public mutating func open(_ frame: Int32, at time: Double) {
    advance(to: time)
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
  }

  /// Closes every open frame at `time`, innermost first.
  public mutating func closeAll(at time: Double, into samples: inout StackSamples) {
    while !ownTime.isEmpty { close(at: time, into: &samples) }
  }

  /// Gives the time since the last event to the innermost open frame.
  private mutating func advance(to time: Double) {
    if !ownTime.isEmpty && time > last { ownTime[ownTime.count - 1] += time - last }
    last = max(last, time)
  }
}
