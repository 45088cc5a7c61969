import ProfileModel

/// Reads Chrome Trace Event files — py-spy `--format chrometrace`, viztracer, Chrome and
/// Perfetto JSON exports — into exact stacks. Per thread, `B`/`E` pairs and `X` complete
/// events become slices, nested by time; each slice's self time (its duration less its
/// children's) is one stack. Several threads become one tree with a root per thread, named
/// by `thread_name` metadata when there is some. Broken traces load as the reference viewers
/// load them, with a warning: an unmatched `E` is dropped, a `B` never closed ends with the
/// thread's last event, a slice that outlasts its parent is cut at the parent's end.
public enum TraceEventImporter: ProfileImporter {
  public static let format = InputFormat.chrometrace
  public static let summary = "Chrome trace events (py-spy chrometrace, viztracer)"
  public static let fileExtensions = ["json", "trace"]

  /// An array whose first element is an object with `ph`, or an object with `traceEvents`.
  public static func recognize(_ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool)
    -> Recognition
  {
    let start = JSONPrefix.valueStart(prefix)
    guard start < prefix.count else { return isWholeInput ? .no : .needMoreBytes }
    if prefix[start] == UInt8(ascii: "{") {
      return JSONPrefix.recognizeObject(prefix, isWholeInput: isWholeInput) {
        JSONPrefix.contains($0, "\"traceEvents\"")
      }
    }
    guard prefix[start] == UInt8(ascii: "[") else { return .no }
    let element = JSONPrefix.valueStart(prefix, from: start + 1)
    guard element < prefix.count else { return isWholeInput ? .no : .needMoreBytes }
    guard prefix[element] == UInt8(ascii: "{") else { return .no }
    let first = UnsafeBufferPointer(rebasing: prefix[element..<min(prefix.count, element + 4096)])
    if JSONPrefix.contains(first, "\"ph\"") { return .yes }
    return JSONPrefix.undecided(prefix, isWholeInput: isWholeInput)
  }

  public static func read(_ files: [InputFile]) throws(InputError) -> Profile {
    guard files.count == 1, let file = files.first else {
      return try readOne(files, kind: "trace files")
    }
    let source = ProfileSource(path: file.path, modified: file.modified)
    do throws(InputError) {
      return try file.withBytes { (bytes) throws(InputError) in
        let events = try TraceEventList(bytes, mapped: file.isMapped)
        return try TraceSlices(
          events: events, source: source,
          frameLimit: StackSamples.frameLimit(inputBytes: bytes.count)
        ).profile()
      }
    } catch {
      var named = error
      named.path = file.path
      throw named
    }
  }

  public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, source: ProfileSource)
    throws(InputError) -> Profile
  {
    try decode(bytes, source: source, frameLimit: StackSamples.frameLimit(inputBytes: bytes.count))
  }

  /// `decode`, its stacks limited to `frameLimit` frames.
  static func decode(
    _ bytes: UnsafeBufferPointer<UInt8>, source: ProfileSource, frameLimit: Int
  ) throws(InputError) -> Profile {
    let events = try TraceEventList(bytes, mapped: false)
    return try TraceSlices(events: events, source: source, frameLimit: frameLimit).profile()
  }
}

/// The slices of a trace, thread by thread, and the stacks they make.
struct TraceSlices {
  let events: TraceEventList
  let source: ProfileSource
  /// The most frames the stacks may take (`StackSamples.frameLimit(inputBytes:)`).
  let frameLimit: Int

  private struct Slice {
    var start: Double
    var end: Double
    var order: Int
    var name: Int32
    var file: Int32
  }

  func profile() throws(InputError) -> Profile {
    let strings = events.strings
    var threadOrder: [Int32] = []
    var threadEvents: [Int32: [Int]] = [:]
    var threadNames: [Int32: String] = [:]
    var processNames: [Int32: String] = [:]
    var pids: Set<Int32> = []
    var ignored = 0
    let all = events.events
    for i in all.indices {
      let event = all[i]
      switch event.ph {
      case CChar(UInt8(ascii: "B")), CChar(UInt8(ascii: "E")), CChar(UInt8(ascii: "X")):
        guard event.ts.isFinite else {
          let phase = String(UnicodeScalar(UInt8(event.ph)))
          throw InputError(.schema, .none, "event \(i + 1) (\(phase)) has no numeric ts")
        }
        if threadEvents[event.thread] == nil {
          threadOrder.append(event.thread)
          threadEvents[event.thread] = []
        }
        threadEvents[event.thread]!.append(i)
        pids.insert(event.pid)
      case CChar(UInt8(ascii: "M")):
        let name = event.name >= 0 ? strings[Int(event.name)] : ""
        let label = event.label >= 0 ? strings[Int(event.label)] : nil
        if name == "thread_name", let label { threadNames[event.thread] = label }
        if name == "process_name", let label { processNames[event.pid] = label }
      default:
        ignored += 1
      }
    }
    guard !threadOrder.isEmpty else {
      throw InputError(
        .schema, .none,
        "the trace holds no duration events (B, E or X)"
          + (ignored > 0 ? "; \(ignored) events of other kinds were ignored" : ""))
    }
    var samples = StackSamples(mergingIdenticalStacks: true)
    samples.frameLimit = frameLimit
    var repairs = events.repaired ? 1 : 0
    var frames: [Int64: Int32] = [:]
    var timeline = Timeline()
    // One span per B or X event, and one per thread when there are several.
    let calls = all.count {
      $0.ph == CChar(UInt8(ascii: "B")) || $0.ph == CChar(UInt8(ascii: "X"))
    }
    timeline.reserveCapacity(adding: calls + (threadOrder.count > 1 ? threadOrder.count : 0))
    for thread in threadOrder {
      let slices = self.slices(threadEvents[thread]!, repairs: &repairs)
      var root: Int32?
      if threadOrder.count > 1 {
        let parts = strings[Int(thread)].split(separator: "\u{0}", omittingEmptySubsequences: false)
        let tid = parts.count > 1 ? String(parts[1]) : ""
        let pid = all[threadEvents[thread]![0]].pid
        var name = threadNames[thread].map { "\($0) (thread \(tid))" } ?? "thread \(tid)"
        if pids.count > 1 {
          name = (processNames[pid] ?? "process \(strings[Int(pid)])") + " · " + name
        }
        root = samples.frame(file: "", line: 0, name: name)
      }
      timeline = add(
        slices, root: root, frames: &frames, to: &samples, continuing: consume timeline)
      try InputError.requireWithinFrameLimit(samples)
      try InputError.requireFinite(samples.totalWeight, "the durations")
    }
    var warnings: [ProfileWarning] = []
    if repairs > 0 {
      warnings.append(
        ProfileWarning(
          .brokenEvents,
          "\(repairs) unmatched, unclosed or overlapping events repaired as trace viewers do",
          path: source.path))
    }
    var result = Profile(
      stacks: samples, weightUnit: .seconds, sources: [source], kind: .timeline,
      warnings: warnings, timeline: timeline)
    result.groupDepth = threadOrder.count > 1 ? 1 : 0
    return result
  }

  /// The thread's slices: `B`/`E` paired in time order (file order at equal times), `X` as
  /// they are; sorted by start, longer first.
  private func slices(_ indices: [Int], repairs: inout Int) -> [Slice] {
    let all = events.events
    var result: [Slice] = []
    result.reserveCapacity(indices.count)
    var open: [Slice] = []
    // B/E pairs need time order (file order is index order, kept at equal times); a
    // thread of X events alone (viztracer) is read in file order and sorted once, below.
    var timed = indices
    let paired = indices.contains { all[$0].ph != CChar(UInt8(ascii: "X")) }
    if paired && !timed.isSorted(by: { all[$0].ts }) {
      timed.sort { a, b in all[a].ts != all[b].ts ? all[a].ts < all[b].ts : a < b }
    }
    // Unclosed B slices end at the thread's last time.
    var last = -Double.infinity
    for i in timed {
      let event = all[i]
      let ts = event.ts
      last = max(last, ts)
      switch event.ph {
      case CChar(UInt8(ascii: "B")):
        open.append(Slice(start: ts, end: ts, order: i, name: event.name, file: event.file))
      case CChar(UInt8(ascii: "E")):
        guard var slice = open.popLast() else {
          repairs += 1
          continue
        }
        if event.name >= 0, event.name != slice.name { repairs += 1 }
        slice.end = ts
        result.append(slice)
      default:
        let duration = event.dur
        let end = duration.isFinite && duration > 0 ? ts + duration : ts
        last = max(last, end)
        result.append(Slice(start: ts, end: end, order: i, name: event.name, file: event.file))
      }
    }
    for var slice in open.reversed() {
      repairs += 1
      slice.end = last
      result.append(slice)
    }
    result.sort { a, b in
      if a.start != b.start { return a.start < b.start }
      if a.end != b.end { return a.end > b.end }
      return a.order < b.order
    }
    return result
  }

  /// Nests the slices by time and adds one stack per slice, weighted by its self time; the
  /// slices become a lane of `timeline`, returned.
  private func add(
    _ slices: [Slice], root: Int32?, frames: inout [Int64: Int32],
    to samples: inout StackSamples, continuing timeline: consuming Timeline
  ) -> Timeline {
    let strings = events.strings
    func frame(_ slice: Slice) -> Int32 {
      let key = Int64(slice.name) << 32 | Int64(UInt32(bitPattern: slice.file))
      if let id = frames[key] { return id }
      let name = slice.name >= 0 ? strings[Int(slice.name)] : "(unnamed)"
      let id: Int32
      if slice.file >= 0 {
        id = samples.frame(file: strings[Int(slice.file)], line: 0, name: name)
      } else {
        let parsed = FrameNameParser.parse(name)
        id = samples.frame(file: parsed.file, line: parsed.line, name: parsed.name)
      }
      frames[key] = id
      return id
    }
    // Times are microseconds; the ends of the open slices, innermost last.
    var timeline = TimelineBuilder(
      prefix: root.map { [$0] } ?? [], scale: 1e-6, continuing: consume timeline)
    var ends: [Double] = []
    for slice in slices {
      while let end = ends.last, end <= slice.start {
        timeline.close(at: end, into: &samples)
        ends.removeLast()
      }
      // A slice that outlasts its parent is cut at the parent's end.
      ends.append(max(slice.start, min(slice.end, ends.last ?? slice.end)))
      timeline.open(frame(slice), at: slice.start)
    }
    var last = -Double.infinity
    while let end = ends.popLast() {
      timeline.close(at: end, into: &samples)
      last = max(last, end)
    }
    return timeline.finish(at: last, into: &samples)
  }
}

extension Array where Element == Int {
  /// Whether the elements are in ascending order of `key`.
  fileprivate func isSorted(by key: (Int) -> Double) -> Bool {
    var previous = -Double.infinity
    for i in self {
      let k = key(i)
      if k < previous { return false }
      previous = k
    }
    return true
  }
}
