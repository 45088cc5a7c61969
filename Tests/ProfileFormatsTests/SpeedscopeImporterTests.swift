import Foundation
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// speedscope files from py-spy and pyinstrument, checked against an independent reading of
/// the same JSON (Foundation's JSONSerialization, summing by hand), and the errors the
/// format's own importer refuses.
@Suite struct SpeedscopeImporterTests {
  static func url(_ name: String) -> URL {
    Fixtures.root.appendingPathComponent("speedscope/\(name)")
  }

  static func load(_ name: String) throws -> Profile {
    try InputFormat.load([url(name).path], format: .auto)
  }

  static func decode(_ json: String) throws(InputError) -> Profile {
    let bytes = Array(json.utf8)
    let result: Result<Profile, InputError> = bytes.withUnsafeBufferPointer { buffer in
      do throws(InputError) {
        return .success(
          try SpeedscopeImporter.decode(
            buffer, source: ProfileSource(path: "t.json", modified: nil)))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// The independent reading: total and self time per frame name, in seconds.
  static func expected(_ name: String) throws -> (total: Double, selfTime: [String: Double]) {
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url(name))) as! [String: Any]
    let frames = (json["shared"] as! [String: Any])["frames"] as! [[String: Any]]
    var total = 0.0
    var selfTime: [String: Double] = [:]
    for profile in json["profiles"] as! [[String: Any]] {
      if profile["type"] as? String == "sampled" {
        let stacks = profile["samples"] as! [[Int]]
        let weights = profile["weights"] as! [Double]
        for (stack, weight) in zip(stacks, weights) {
          total += weight
          if let leaf = stack.last {
            selfTime[frames[leaf]["name"] as! String, default: 0] += weight
          }
        }
      } else {
        var open: [Int] = []
        var last = 0.0
        for event in profile["events"] as! [[String: Any]] {
          let at = event["at"] as! Double
          if let top = open.last {
            total += at - last
            selfTime[frames[top]["name"] as! String, default: 0] += at - last
          }
          last = at
          if event["type"] as! String == "O" {
            open.append(event["frame"] as! Int)
          } else {
            open.removeLast()
          }
        }
      }
    }
    return (total, selfTime)
  }

  @Test(arguments: [
    "deep_recursion.py-spy.speedscope.json", "deep_recursion.pyinstrument.speedscope.json",
    "threads.py-spy.speedscope.json",
  ])
  func numbersMatchAnIndependentReading(_ name: String) throws {
    let profile = try Self.load(name)
    let fromPyinstrument = name.contains("pyinstrument")
    #expect(profile.kind == (fromPyinstrument ? .timeline : .stacks))
    #expect(profile.producer == (fromPyinstrument ? "pyinstrument" : "py-spy@0.4.3"))
    #expect(profile.weightUnit == .seconds)
    let (total, selfTime) = try Self.expected(name)
    let tree = CallTreeBuilder.tree(for: profile)
    #expect(abs(tree.total[tree.top] - total) <= 1e-9 * total)
    // Self time per function name, from the caller graph the stacks imply.
    var ours: [String: Double] = [:]
    for f in 0..<profile.graph.entryCount {
      ours[profile.graph.name(of: f).name, default: 0] += profile.graph.tt[f]
    }
    for (function, time) in selfTime where time > 0 {
      #expect(abs((ours[function] ?? 0) - time) <= 1e-9 * total, "\(function)")
    }
  }

  /// py-spy writes one profile per thread: each becomes a root named after it.
  @Test func threadsBecomeRoots() throws {
    let profile = try Self.load("threads.py-spy.speedscope.json")
    var tree = CallTreeBuilder.tree(for: profile)
    let roots = tree.expand(tree.top).compactMap { tree.name($0)?.name }
    #expect(
      Set(roots) == ["Thread 16350 \"\"", "Thread 16353 \"encoder\"", "Thread 16354 \"decoder\""])
  }

  @Test func unitsAndPartsOfTheFormat() throws {
    let micro = try Self.decode(
      """
      {"$schema": "https://www.speedscope.app/file-format-schema.json",
       "shared": {"frames": [{"name": "a", "file": null, "line": null}, {"name": "b"}]},
       "activeProfileIndex": null,
       "profiles": [
         {"type": "sampled", "name": "cpu", "unit": "microseconds", "startValue": 0,
          "endValue": 5, "samples": [[0, 1], [0], []], "weights": [2000, 1000, 500]},
         {"type": "sampled", "name": "memory", "unit": "bytes", "samples": [[0]], "weights": [64]},
         {"type": "heap", "name": "odd"}]}
      """)
    #expect(micro.weightUnit == .seconds)
    let tree = CallTreeBuilder.tree(for: micro)
    #expect(abs(tree.total[tree.top] - 0.0035) < 1e-12)
    #expect(micro.warnings.map(\.kind) == [.skippedProfiles])
    let bytes = try Self.decode(
      """
      {"shared": {"frames": [{"name": "alloc"}]}, "activeProfileIndex": 0,
       "profiles": [{"type": "sampled", "unit": "bytes", "samples": [[0]], "weights": [64]}]}
      """)
    #expect(bytes.weightUnit == .bytes)
  }

  @Test(arguments: [
    (
      #"{"shared": {"frames": []}, "profiles": [{"type": "sampled", "unit": "none", "samples": [[0]], "weights": [1]}]}"#,
      "frame 0 out of range"
    ),
    (
      #"{"shared": {"frames": [{"name": "a"}]}, "profiles": [{"type": "sampled", "unit": "none", "samples": [[0]], "weights": []}]}"#,
      "1 samples but 0 weights"
    ),
    (
      #"{"shared": {"frames": [{"name": "a"}]}, "profiles": [{"type": "sampled", "unit": "none", "samples": [[0]], "weights": [-1]}]}"#,
      "weighs -1"
    ),
    (
      #"{"shared": {"frames": [{"name": "a"}, {"name": "b"}]}, "profiles": [{"type": "evented", "unit": "none", "events": [{"type": "O", "at": 0, "frame": 0}, {"type": "C", "at": 1, "frame": 1}]}]}"#,
      "closes frame 1, but the open frame is 0"
    ),
    (
      #"{"shared": {"frames": [{"name": "a"}]}, "profiles": [{"type": "evented", "unit": "none", "events": [{"type": "O", "at": 2, "frame": 0}, {"type": "C", "at": 1, "frame": 0}]}]}"#,
      "goes backwards"
    ),
    (
      #"{"shared": {"frames": [{"name": "a"}]}, "profiles": [{"type": "evented", "unit": "none", "events": [{"type": "O", "at": 0, "frame": 0}]}]}"#,
      "never closed"
    ),
    (#"{"shared": {"frames": [{"name": "a"}]}, "profiles": [{"type": "sampled"}]}"#, ""),
    (#"{"shared": {"frames": [{"name": "a"}]}}"#, "without `profiles`"),
    (#"{"shared": {"frames": [{"name": "a"}], "profiles": ["#, "not valid JSON"),
  ])
  func malformedFilesAreOneLineErrors(_ json: String, _ message: String) {
    do {
      _ = try Self.decode(json)
      #expect(message.isEmpty, "read: \(json)")
    } catch {
      #expect(!message.isEmpty, "\(error)")
      #expect(error.description.contains(message), "\(error)")
      #expect(!error.description.contains("\n"))
    }
  }

  /// An evented profile keeps its calls in time order: one span per `O` event, from it to
  /// its `C`, named by its frame, in the order the calls opened.
  @Test func eventedProfileKeepsItsCallsInTimeOrder() throws {
    let name = "deep_recursion.pyinstrument.speedscope.json"
    let profile = try Self.load(name)
    let timeline = try #require(profile.timeline)
    let json =
      try JSONSerialization.jsonObject(with: Data(contentsOf: Self.url(name))) as! [String: Any]
    let frames = (json["shared"] as! [String: Any])["frames"] as! [[String: Any]]
    let events = (json["profiles"] as! [[String: Any]])[0]["events"] as! [[String: Any]]
    var spans: [(name: String, start: Double, end: Double)] = []
    var open: [Int] = []
    for event in events {
      let at = event["at"] as! Double
      if event["type"] as! String == "O" {
        open.append(spans.count)
        spans.append((frames[event["frame"] as! Int]["name"] as! String, at, at))
      } else {
        spans[open.removeLast()].end = at
      }
    }
    #expect(timeline.laneCount == 1 && timeline.count == spans.count)
    for (s, span) in spans.enumerated() where s < timeline.count {
      #expect(profile.graph.name(of: Int(timeline.frame[s])).name == span.name)
      // The two JSON readers may round a long decimal to neighbouring doubles.
      #expect(abs(timeline.start[s] - span.start) <= 1e-15 * max(1, span.start))
      #expect(abs(timeline.end[s] - span.end) <= 1e-15 * max(1, span.end))
    }
    // A sampled profile has no time order to keep.
    #expect(try Self.load("threads.py-spy.speedscope.json").timeline == nil)
  }
}
