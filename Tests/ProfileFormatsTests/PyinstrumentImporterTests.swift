import Foundation
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// pyinstrument's JSON tree: read without a nesting limit, each frame's own time one stack.
@Suite struct PyinstrumentImporterTests {
  static func url(_ name: String) -> URL {
    Fixtures.root.appendingPathComponent("pyinstrument/\(name)")
  }

  /// The shallow file, read independently with JSONSerialization: the total is the root's
  /// time and each function's own time is Σ (time − children's time) over its frames.
  @Test func shallowTreeMatchesAnIndependentReading() throws {
    let profile = try InputFormat.load([Self.url("threads.pyinstrument.json").path], format: .auto)
    #expect(profile.weightUnit == .seconds)
    let json =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: Self.url("threads.pyinstrument.json"))) as! [String: Any]
    let root = json["root_frame"] as! [String: Any]
    var own: [String: Double] = [:]
    var pending = [(root, "")]
    while let (frame, parent) = pending.popLast() {
      let children = frame["children"] as! [[String: Any]]
      let name = frame["function"] as! String
      let time = frame["time"] as! Double
      if name == "[self]" {
        own[parent, default: 0] += time
        continue
      }
      own[name, default: 0] += max(0, time - children.reduce(0) { $0 + ($1["time"] as! Double) })
      pending += children.map { ($0, name) }
    }
    let tree = CallTreeBuilder.tree(for: profile)
    #expect(abs(tree.total[tree.top] - (root["time"] as! Double)) < 1e-9)
    var ours: [String: Double] = [:]
    for f in 0..<profile.graph.entryCount {
      ours[profile.graph.name(of: f).name, default: 0] += profile.graph.tt[f]
    }
    for (name, time) in own where time > 0 {
      #expect(abs((ours[name] ?? 0) - time) < 1e-9, "\(name)")
    }
    #expect(ours["[self]"] == nil)
  }

  /// 293 frames deep (≈ 590 levels of JSON): Foundation refuses it, the tape does not.
  @Test func deepTreesAreRead() throws {
    let url = Self.url("deep.pyinstrument.json")
    #expect(throws: (any Error).self) {
      _ = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    }
    let profile = try InputFormat.load([url.path], format: .auto)
    var tree = CallTreeBuilder.tree(for: profile)
    #expect(abs(tree.total[tree.top] - 1.152203) < 1e-9)
    tree.expandAll(below: tree.top)
    #expect((tree.depth.max() ?? 0) >= 290)
  }

  @Test func malformedFilesAreOneLineErrors() {
    let cases = [
      #"{"sample_count": 1, "root_frame": {"function": "a", "time": 1}}"#,
      #"{"sample_count": 1}"#,
      #"{"sample_count": 1, "root_frame": {"function": "a", "time": -1, "children": []}}"#,
      #"{"sample_count": 1, "root_frame": {"function": "a", "time": 1, "children": [}"#,
      #"{"sample_count": 1, "root_frame": {"function": "a\q", "time": 1, "children": []}}"#,
    ]
    for json in cases {
      do {
        _ = try Array(json.utf8).withUnsafeBufferPointer { buffer in
          try PyinstrumentImporter.decode(buffer, source: ProfileSource(path: "p", modified: nil))
        }
        Issue.record("read: \(json)")
      } catch let error as InputError {
        #expect(!error.description.contains("\n"))
      } catch {
        Issue.record("not an InputError: \(error)")
      }
    }
    // An empty profile (nothing sampled) reads as an empty tree.
    let empty = try? Array(#"{"sample_count": 0, "root_frame": null}"#.utf8).withUnsafeBufferPointer
    {
      try PyinstrumentImporter.decode($0, source: ProfileSource(path: "p", modified: nil))
    }
    #expect(empty?.stacks?.stackCount == 0)
  }

  /// The session's raw samples: Σ seconds is the total, and each frame-info identity (the
  /// part before the first SOH) is one function whatever line it was running.
  @Test func sessionsMatchAnIndependentReading() throws {
    let url = Self.url("threads.pyisession")
    let profile = try InputFormat.load([url.path], format: .auto)
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    let records = json["frame_records"] as! [[Any]]
    var total = 0.0
    var leafTime: [String: Double] = [:]
    for record in records {
      let stack = record[0] as! [String]
      let seconds = (record[1] as! NSNumber).doubleValue
      total += seconds
      let leaf = stack.last!.split(separator: "\u{1}")[0].split(
        separator: "\u{0}", omittingEmptySubsequences: false)[0]
      leafTime[String(leaf), default: 0] += seconds
    }
    let tree = CallTreeBuilder.tree(for: profile)
    #expect(abs(tree.total[tree.top] - total) < 1e-9)
    var ours: [String: Double] = [:]
    for f in 0..<profile.graph.entryCount {
      ours[profile.graph.name(of: f).name, default: 0] += profile.graph.tt[f]
    }
    for (name, time) in leafTime {
      #expect(abs((ours[name] ?? 0) - time) < 1e-9, "\(name)")
    }
    #expect(ours.keys.contains { $0.hasPrefix("MainThread (thread ") })
  }
}
