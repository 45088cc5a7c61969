import ProfileModel

/// Writes stacks as a speedscope file (`https://www.speedscope.app/file-format-schema.json`)
/// that speedscope.app and flamewalk open: the frames shared, one `sampled` profile per
/// top-level group (thread, or process) — or one for the whole input — each sample a stack with
/// its weight — or, for a timeline profile written whole, one `evented` profile per lane
/// (thread), every call opened and closed when it ran. Units: seconds, bytes, or `none` for
/// counts. An estimated tree says so in the profile's name.
public enum SpeedscopeWriter {
  /// Writes `stacks` (named `name`) to `output` in pieces of about 64 KB.
  public static func write<E: Error>(
    _ stacks: ExportedStacks, name: String, to output: (String) throws(E) -> Void
  ) throws(E) {
    var json = JSONWriter()
    func flush(_ force: Bool = false) throws(E) {
      if force || json.byteCount >= 1 << 16 { try output(json.take()) }
    }
    json.raw(#"{"$schema": "https://www.speedscope.app/file-format-schema.json", "#)
    json.raw(#""exporter": "#)
    json.string("flamewalk")
    json.raw(#", "name": "#)
    json.string(name)
    json.raw(#", "activeProfileIndex": 0, "shared": {"frames": ["#)
    // The first group frame (a thread, or a process when processes hold threads) names a
    // profile; it is not a frame of its samples, and reads back as the profile's root.
    let depth = min(1, stacks.groupDepth)
    for (i, frame) in stacks.frames.enumerated() {
      if i > 0 { json.raw(", ") }
      json.raw(#"{"name": "#)
      json.string(frame.name)
      if !frame.file.isEmpty {
        json.raw(#", "file": "#)
        json.string(frame.file)
      }
      if frame.line > 0 { json.raw(#", "line": \#(frame.line)"#) }
      json.raw("}")
      try flush()
    }
    json.raw(#"]}, "profiles": ["#)
    if let timeline = stacks.timeline, !timeline.isEmpty {
      try flush(true)
      try writeEvented(timeline, stacks, name: name, to: output)
      try output("]}\n")
      return
    }
    // The stacks of each group, in the order the groups first appear.
    var groups: [ArraySlice<Int32>: [Int]] = [:]
    var order: [ArraySlice<Int32>] = []
    for s in 0..<stacks.count where stacks.weights[s] > 0 {
      let stack = stacks.stack(s)
      let key = stack.prefix(min(depth, stack.count))
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(s)
    }
    if order.isEmpty { order = [[]] }
    let unit = unitName(stacks.metric.unit)
    for (g, key) in order.enumerated() {
      let members = groups[key] ?? []
      let total = members.reduce(0.0) { $0 + stacks.weights[$1] }
      var title = key.map { FoldedWriter.text(stacks.frames[Int($0)]) }.joined()
      if title.isEmpty { title = name }
      if stacks.isEstimated { title += " (estimated from a call graph)" }
      if g > 0 { json.raw(", ") }
      json.raw(#"{"type": "sampled", "name": "#)
      json.string(title)
      json.raw(#", "unit": "\#(unit)", "startValue": 0, "endValue": "#)
      json.number(total)
      json.raw(#", "samples": ["#)
      for (i, s) in members.enumerated() {
        if i > 0 { json.raw(", ") }
        json.raw("[")
        json.raw(stacks.stack(s).dropFirst(key.count).map { String($0) }.joined(separator: ","))
        json.raw("]")
        try flush()
      }
      json.raw(#"], "weights": ["#)
      for (i, s) in members.enumerated() {
        if i > 0 { json.raw(", ") }
        json.number(stacks.weights[s])
        try flush()
      }
      json.raw("]}")
    }
    json.raw("]}\n")
    try flush(true)
  }

  private static func unitName(_ unit: WeightUnit) -> String {
    switch unit {
    case .seconds: "seconds"
    case .bytes: "bytes"
    case .samples, .none: "none"
    }
  }

  /// One evented profile per lane: its calls opened and closed in time order. A lane whose
  /// only outermost call is its group's frame (a thread) is named by it, and the frame is
  /// left out of its events (it reads back as the profile's root).
  private static func writeEvented<E: Error>(
    _ timeline: Timeline, _ stacks: ExportedStacks, name: String,
    to output: (String) throws(E) -> Void
  ) throws(E) {
    var json = JSONWriter()
    for lane in 0..<timeline.laneCount {
      let spans = timeline.spans(ofLane: lane)
      let grouped =
        stacks.groupDepth > 0 && timeline.subtreeEnd(spans.lowerBound) == spans.upperBound
      var title = grouped ? stacks.frames[Int(timeline.frame[spans.lowerBound])].name : name
      if timeline.laneCount > 1 && !grouped { title += " \(lane + 1)" }
      let extent = timeline.extent(ofLane: lane)
      if lane > 0 { json.raw(", ") }
      json.raw(#"{"type": "evented", "name": "#)
      json.string(title)
      json.raw(#", "unit": "\#(unitName(stacks.metric.unit))", "startValue": "#)
      json.number(extent.start)
      json.raw(#", "endValue": "#)
      json.number(extent.end)
      json.raw(#", "events": ["#)
      var first = true
      func event(_ type: String, _ s: Int, at time: Double) {
        json.raw(first ? "" : ", ")
        first = false
        json.raw(#"{"type": "\#(type)", "frame": \#(timeline.frame[s]), "at": "#)
        json.number(time)
        json.raw("}")
      }
      var open: [Int] = []
      for s in (grouped ? spans.lowerBound + 1 : spans.lowerBound)..<spans.upperBound {
        while let last = open.last, s >= timeline.subtreeEnd(last) {
          event("C", last, at: timeline.end[last])
          open.removeLast()
        }
        event("O", s, at: timeline.start[s])
        open.append(s)
        if json.byteCount >= 1 << 16 { try output(json.take()) }
      }
      while let last = open.popLast() { event("C", last, at: timeline.end[last]) }
      json.raw("]}")
    }
    try output(json.take())
  }
}
