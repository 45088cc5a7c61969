/// How much of the input has been read while profiles load, for the loading line: readers
/// tell the progress of the load they run under (`current`) about every megabyte they get
/// through (`ReadMeter`); a file's progress adds to the whole load's. Only counts are kept,
/// behind a lock taken once a megabyte.
public final class LoadProgress: Sendable {
  /// The bytes expected (0 when unknown: a pipe).
  public let totalBytes: Int
  private let parent: LoadProgress?
  private let counted = Locked(0)
  /// Hears every count as it is made (the bytes read so far).
  private let observer: (@Sendable (Int) -> Void)?

  /// The progress readers report to: the load being shown, or a file of it.
  @TaskLocal public static var current: LoadProgress?

  public init(
    totalBytes: Int, parent: LoadProgress? = nil, observer: (@Sendable (Int) -> Void)? = nil
  ) {
    self.totalBytes = max(0, totalBytes)
    self.parent = parent
    self.observer = observer
  }

  /// The bytes read so far (never more than the total, when it is known).
  public var bytesRead: Int {
    let read = counted.withLock { $0 }
    return totalBytes > 0 ? min(read, totalBytes) : read
  }

  /// Counts `bytes` more as read, here and in the whole load.
  public func advance(by bytes: Int) {
    guard bytes > 0 else { return }
    let read = counted.withLock {
      $0 += bytes
      return $0
    }
    observer?(read)
    parent?.advance(by: bytes)
  }

  /// Counts the rest of the total as read: the reader is done (readers that parse in one
  /// call, JSON documents, report nothing before).
  public func finish() {
    let rest = counted.withLock { read in
      defer { read = max(read, totalBytes) }
      return totalBytes - read
    }
    if rest > 0 { parent?.advance(by: rest) }
  }
}

/// A reader's count of the bytes it got through since it last told its `LoadProgress`,
/// which it tells once a megabyte has gathered (or at an offset: `reached`).
public struct ReadMeter: Sendable {
  private let progress: LoadProgress?
  private var pending = 0
  private var offset = 0

  /// Reports to `progress`: the current load's by default (none outside a shown load).
  public init(_ progress: LoadProgress? = LoadProgress.current) {
    self.progress = progress
  }

  /// Counts `bytes` more.
  @inline(__always)
  public mutating func advance(by bytes: Int) {
    pending += bytes
    if pending >= 1 << 20 { flush() }
  }

  /// Counts up to `position`, for a reader that knows where it is (earlier positions count
  /// nothing).
  @inline(__always)
  public mutating func reached(_ position: Int) {
    guard position > offset else { return }
    advance(by: position - offset)
    offset = position
  }

  /// Tells the progress what gathered.
  public mutating func flush() {
    progress?.advance(by: pending)
    pending = 0
  }
}
