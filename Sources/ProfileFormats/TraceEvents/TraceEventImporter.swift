import Foundation
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
    try readOne(files, kind: "trace files")
  }

  public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, source: ProfileSource)
    throws(InputError) -> Profile
  {
    let events = try parse(Data(buffer: bytes))
    return try TraceSlices(events: events, source: source).profile()
  }

  /// The events of either form; an array cut off before its `]` (a writer that died) is
  /// closed first, as Trace Viewer does.
  static func parse(_ data: Data) throws(InputError) -> [TraceEvent] {
    let decoder = JSONDecoder()
    let first = data.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
    do {
      if first == UInt8(ascii: "{") {
        return try decoder.decode(TraceEventObject.self, from: data).traceEvents
      }
      do {
        return try decoder.decode([TraceEvent].self, from: data)
      } catch {
        var repaired = data
        while let last = repaired.last, [0x20, 0x09, 0x0A, 0x0D, 0x2C].contains(last) {
          repaired.removeLast()
        }
        repaired.append(UInt8(ascii: "]"))
        guard let events = try? decoder.decode([TraceEvent].self, from: repaired) else {
          throw error
        }
        return events
      }
    } catch {
      throw JSONDecoding.inputError(error)
    }
  }
}

/// The slices of a trace, thread by thread, and the stacks they make.
struct TraceSlices {
  let events: [TraceEvent]
  let source: ProfileSource

  private struct Slice {
    var start: Double
    var end: Double
    var order: Int
    var name: String
    var file: String?
  }

  func profile() throws(InputError) -> Profile {
    var threadOrder: [String] = []
    var threadEvents: [String: [Int]] = [:]
    var threadNames: [String: String] = [:]
    var processNames: [String: String] = [:]
    var pids: Set<String> = []
    var ignored = 0
    for (i, event) in events.enumerated() {
      let key = event.pid + "\u{0}" + event.tid
      switch event.ph {
      case "B", "E", "X":
        guard let ts = event.ts, ts.isFinite else {
          throw InputError(.schema, .none, "event \(i + 1) (\(event.ph!)) has no numeric ts")
        }
        if threadEvents[key] == nil {
          threadOrder.append(key)
          threadEvents[key] = []
        }
        threadEvents[key]!.append(i)
        pids.insert(event.pid)
      case "M":
        if event.name == "thread_name", let label = event.label { threadNames[key] = label }
        if event.name == "process_name", let label = event.label { processNames[event.pid] = label }
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
    var samples = StackSamples()
    var repairs = 0
    for key in threadOrder {
      let slices = self.slices(threadEvents[key]!, repairs: &repairs)
      var root: Int32?
      if threadOrder.count > 1 {
        let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false)
        let (pid, tid) = (String(parts[0]), String(parts.count > 1 ? parts[1] : ""))
        var name = threadNames[key].map { "\($0) (thread \(tid))" } ?? "thread \(tid)"
        if pids.count > 1 { name = (processNames[pid] ?? "process \(pid)") + " · " + name }
        root = samples.frame(file: "", line: 0, name: name)
      }
      add(slices, root: root, to: &samples)
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
    return Profile(
      stacks: samples, weightUnit: .seconds, sources: [source], warnings: warnings)
  }

  /// The thread's slices: `B`/`E` paired in time order (file order at equal times), `X` as
  /// they are; sorted by start, longer first.
  private func slices(_ indices: [Int], repairs: inout Int) -> [Slice] {
    var result: [Slice] = []
    var open: [Slice] = []
    let timed = indices.enumerated().sorted { a, b in
      let (ta, tb) = (events[a.element].ts!, events[b.element].ts!)
      return ta != tb ? ta < tb : a.offset < b.offset
    }
    var last = -Double.infinity
    for (_, i) in timed {
      let event = events[i]
      let ts = event.ts!
      last = max(last, ts)
      switch event.ph {
      case "B":
        open.append(
          Slice(
            start: ts, end: ts, order: i, name: event.name ?? "(unnamed)", file: event.file))
      case "E":
        guard var slice = open.popLast() else {
          repairs += 1
          continue
        }
        if let name = event.name, name != slice.name { repairs += 1 }
        slice.end = ts
        result.append(slice)
      default:
        let duration = event.dur ?? event.tdur ?? 0
        let end = duration.isFinite && duration > 0 ? ts + duration : ts
        last = max(last, end)
        result.append(
          Slice(start: ts, end: end, order: i, name: event.name ?? "(unnamed)", file: event.file))
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

  /// Nests the slices by time and adds one stack per slice, weighted by its self time.
  private func add(_ slices: [Slice], root: Int32?, to samples: inout StackSamples) {
    var frameOfName: [String: Int32] = [:]
    func frame(_ slice: Slice) -> Int32 {
      let key = slice.name + "\u{0}" + (slice.file ?? "")
      if let id = frameOfName[key] { return id }
      let id: Int32
      if let file = slice.file {
        id = samples.frame(file: file, line: 0, name: slice.name)
      } else {
        let parsed = FrameNameParser.parse(slice.name)
        id = samples.frame(file: parsed.file, line: parsed.line, name: parsed.name)
      }
      frameOfName[key] = id
      return id
    }
    // The open slices: frame, end, and time not yet given to a child.
    var stack: [(frame: Int32, end: Double, own: Double)] = []
    func close() {
      let closed = stack.removeLast()
      guard closed.own > 0 else { return }
      samples.beginStack(weight: closed.own * 1e-6)
      if let root { samples.push(root) }
      for entry in stack { samples.push(entry.frame) }
      samples.push(closed.frame)
      samples.endStack()
    }
    for slice in slices {
      while let top = stack.last, top.end <= slice.start { close() }
      // A slice that outlasts its parent is cut at the parent's end.
      let end = min(slice.end, stack.last?.end ?? slice.end)
      let duration = max(0, end - slice.start)
      if !stack.isEmpty { stack[stack.count - 1].own -= duration }
      stack.append((frame(slice), end, duration))
    }
    while !stack.isEmpty { close() }
  }
}
