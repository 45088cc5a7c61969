import Foundation
import ProfileFormats
import ProfileModel
import Testing

/// The trace reader finds the events with a scan of its own (strings and nesting followed
/// sixteen bytes at a time) and hands simdjson a few megabytes of them at a time. These
/// tests put the scan's hard cases — escaped quotes and backslashes at every offset of a
/// sixteen-byte block, brackets and commas inside strings, chunk boundaries, cut-off files —
/// against JSONSerialization's reading of the same text.
@Suite struct TraceScanningTests {
  static func decode(_ json: String) throws(InputError) -> Profile {
    try Array(json.utf8).withUnsafeBufferPointer { (buffer) throws(InputError) in
      try TraceEventImporter.decode(buffer, source: ProfileSource(path: "t", modified: nil))
    }
  }

  /// Self time (µs) per slice name of a trace of nested `X` events, read independently.
  static func selfTimes(_ json: String) throws -> [String: Double] {
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
    let events =
      (object as? [[String: Any]])
      ?? ((object as! [String: Any])["traceEvents"] as! [[String: Any]])
    var result: [String: Double] = [:]
    // Events are emitted parent first with children inside; a parent's self time is its
    // duration less its direct children's.
    var stack: [(name: String, end: Double)] = []
    for event in events {
      let name = event["name"] as! String
      let ts = event["ts"] as! Double
      let dur = event["dur"] as! Double
      while let top = stack.last, top.end <= ts { stack.removeLast() }
      if let parent = stack.last { result[parent.name, default: 0] -= dur }
      result[name, default: 0] += dur
      stack.append((name, ts + dur))
    }
    return result
  }

  /// Names full of what the scan must not mistake for structure.
  static let hardNames = [
    #"a\"b"#, #"c\\"#, #"d\\\"e"#, "f[g]", "h{i}", "j,k", #"l\\\\"#, #"m\"],[{\""#,
    #"n\u0022o"#, "ü€𝄞",
  ]

  static func trace(padding: Int, repeats: Int) -> String {
    var events: [String] = []
    var ts = 0
    for r in 0..<repeats {
      for (i, name) in hardNames.enumerated() {
        let pad = String(repeating: " ", count: (padding + i + r) % 17)
        events.append(
          #"{"name":\#(pad)"\#(name)","ph":"X","ts":\#(ts),"dur":10,"pid":1,"tid":1}"#)
        events.append(
          #"{"ph":"X","name":"leaf\#(i)","ts":\#(ts + 2),"dur":3,"pid":1,"tid":1,"args":{"x":"]}"}}"#
        )
        ts += 20
      }
    }
    return "[" + events.joined(separator: ",\n") + "]"
  }

  static func ourSelfTimes(_ profile: Profile) -> [String: Double] {
    var result: [String: Double] = [:]
    let graph = profile.graph
    for f in 0..<graph.entryCount where graph.tt[f] > 0 {
      // The importer reads `name (file:line)` names; these have none, so name is name.
      result[graph.name(of: f).name, default: 0] += (graph.tt[f] * 1e6).rounded()
    }
    return result
  }

  @Test func escapesAtEveryOffsetOfABlock() throws {
    for padding in 0..<17 {
      let json = Self.trace(padding: padding, repeats: 2)
      let theirs = try Self.selfTimes(json)
      #expect(Self.ourSelfTimes(try Self.decode(json)) == theirs, "padding \(padding)")
    }
  }

  /// More than one chunk (4 MB each): the same events, however they are cut.
  @Test func chunkBoundariesLoseNothing() throws {
    let json = Self.trace(padding: 3, repeats: 5600)
    #expect(json.utf8.count > 8 << 20)
    let profile = try Self.decode(json)
    let tree = CallTreeBuilder.tree(for: profile)
    // Each repeat: ten 10 µs slices.
    #expect(abs(tree.total[tree.top] - Double(5600 * 10 * 10) * 1e-6) < 1e-9)
    #expect(Self.ourSelfTimes(profile) == (try Self.selfTimes(json)))
  }

  /// One event longer than the chunk buffer (its args hold 9 MB) after 4 MB of others: the
  /// buffer, sized for two chunks at most, grows for it, and the events around it load.
  @Test func anEventLongerThanTheBufferLoads() throws {
    let head = Self.trace(padding: 5, repeats: 3000)
    #expect(head.utf8.count > 4 << 20)
    let ts = 3000 * Self.hardNames.count * 20
    let blob = String(repeating: "x", count: 9 << 20)
    let json =
      String(head.dropLast())
      + #",{"name":"big","ph":"X","ts":\#(ts),"dur":7,"pid":1,"tid":1,"args":{"b":"\#(blob)"}}"#
      + #",{"name":"after","ph":"X","ts":\#(ts + 10),"dur":5,"pid":1,"tid":1}]"#
    let ours = Self.ourSelfTimes(try Self.decode(json))
    #expect(ours["big"] == 7 && ours["after"] == 5)
    #expect(ours == (try Self.selfTimes(json)))
  }

  /// The object form with `traceEvents` after other keys whose values hold brackets.
  @Test func objectFormFindsTraceEventsAfterOtherKeys() throws {
    let json = #"""
      {"otherData": {"version": "[not] {the} \"events\"", "traceEvents": []},
       "displayTimeUnit": "ns",
       "traceEvents": [{"name": "main", "ph": "X", "ts": 0, "dur": 5, "pid": 1, "tid": 1}],
       "metadata": {"x": [1, 2]}}
      """#
    let tree = CallTreeBuilder.tree(for: try Self.decode(json))
    #expect(abs(tree.total[tree.top] - 5e-6) < 1e-15)
  }

  /// A file cut in the middle of an event: the events before it load, with a warning.
  @Test func cutOffFilesKeepTheirCompleteEvents() throws {
    let whole = Self.trace(padding: 0, repeats: 1)
    let cut = String(whole.prefix(whole.utf8.count * 2 / 3))
    let profile = try Self.decode(cut)
    #expect(profile.warnings.map(\.kind) == [.brokenEvents])
    #expect(profile.graph.tt.reduce(0, +) > 0)
  }

  /// Syntax errors name their byte offset in the file, past the first chunk too.
  @Test func errorsNameTheirOffset() throws {
    let good = Self.trace(padding: 0, repeats: 2100)
    let bad = String(good.dropLast()) + #",{"name": "x", "ph": "X", "ts": 1, "pid": 1]]"#
    do {
      _ = try Self.decode(bad)
      Issue.record("no error")
    } catch {
      guard case .offset(let offset) = error.location else {
        Issue.record("no offset: \(error)")
        return
      }
      let bytes = Array(bad.utf8)
      let near = String(
        decoding: bytes[max(0, offset - 20)..<min(bytes.count, offset + 20)], as: UTF8.self)
      #expect(near.contains(#""pid": 1]"#), "\(offset): \(near)")
    }
    #expect(throws: InputError.self) { try Self.decode(#"[1, 2]"#) }
    #expect(throws: InputError.self) { try Self.decode(#"{"traceEvents": {"a": 1}}"#) }
    #expect(throws: InputError.self) { try Self.decode(#"{"other": []}"#) }
  }
}
