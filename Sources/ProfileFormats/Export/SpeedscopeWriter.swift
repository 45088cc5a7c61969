import ProfileModel

/// Writes stacks as a speedscope file (`https://www.speedscope.app/file-format-schema.json`)
/// that speedscope.app and flamewalk open: the frames shared, one `sampled` profile per
/// top-level group (thread, or process) — or one for the whole input — each sample a stack with
/// its weight. Units: seconds, bytes, or `none` for counts. An estimated tree says so in the
/// profile's name.
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
    let unit =
      switch stacks.metric.unit {
      case .seconds: "seconds"
      case .bytes: "bytes"
      case .samples, .none: "none"
      }
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
}
