import Foundation
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// Chrome trace events (py-spy, viztracer) and V8 CPU profiles (Node), checked against
/// independent readings of the JSON written here with JSONSerialization.
@Suite struct TraceAndCPUProfileTests {
  static func url(_ relative: String) -> URL { Fixtures.root.appendingPathComponent(relative) }

  static func load(_ relative: String) throws -> Profile {
    try InputFormat.load([url(relative).path], format: .auto)
  }

  static func decode<I: ProfileImporter>(_ importer: I.Type, _ json: String) throws(InputError)
    -> Profile
  {
    let bytes = Array(json.utf8)
    let result: Result<Profile, InputError> = bytes.withUnsafeBufferPointer { buffer in
      do throws(InputError) {
        return .success(try I.decode(buffer, source: ProfileSource(path: "t", modified: nil)))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// Per thread, the time covered by outermost slices (µs), read independently: B/E paired
  /// with a stack in file order, X intervals merged where they overlap.
  static func coveredTime(_ relative: String) throws -> Double {
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url(relative)))
    let events =
      (object as? [[String: Any]])
      ?? ((object as! [String: Any])["traceEvents"] as! [[String: Any]])
    var intervals: [String: [(Double, Double)]] = [:]
    var open: [String: [Double]] = [:]
    for event in events {
      let thread = "\(event["pid"] ?? "")/\(event["tid"] ?? "")"
      guard let ts = event["ts"] as? Double else { continue }
      switch event["ph"] as? String {
      case "B": open[thread, default: []].append(ts)
      case "E":
        if let start = open[thread]?.popLast(), open[thread]!.isEmpty {
          intervals[thread, default: []].append((start, ts))
        }
      case "X": intervals[thread, default: []].append((ts, ts + (event["dur"] as? Double ?? 0)))
      default: break
      }
    }
    var total = 0.0
    for (_, list) in intervals {
      var end = -Double.infinity
      for (start, stop) in list.sorted(by: { $0.0 < $1.0 }) {
        if stop <= end { continue }
        total += stop - max(start, end)
        end = stop
      }
    }
    return total
  }

  @Test(arguments: ["trace/small_work.viztracer.json", "trace/threads.chrome.json"])
  func traceTotalsMatchAnIndependentReading(_ relative: String) throws {
    let profile = try Self.load(relative)
    #expect(profile.kind == .timeline)
    #expect(profile.warnings.isEmpty, "\(profile.warnings)")
    let tree = CallTreeBuilder.tree(for: profile)
    let expected = try Self.coveredTime(relative) * 1e-6
    #expect(
      abs(tree.total[tree.top] - expected) <= 1e-9 * expected,
      "\(tree.total[tree.top]) vs \(expected)")
  }

  /// Every slice of the file, read independently: per thread, B/E paired in file order and
  /// X as written, as (start, end) in seconds, sorted.
  static func slices(_ relative: String) throws -> (threads: Int, spans: [[Double]]) {
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url(relative)))
    let events =
      (object as? [[String: Any]])
      ?? ((object as! [String: Any])["traceEvents"] as! [[String: Any]])
    var open: [String: [Double]] = [:]
    var threads: Set<String> = []
    var spans: [[Double]] = []
    for event in events {
      let thread = "\(event["pid"] ?? "")/\(event["tid"] ?? "")"
      guard let ts = event["ts"] as? Double else { continue }
      switch event["ph"] as? String {
      case "B": open[thread, default: []].append(ts)
      case "E": spans.append([open[thread]!.removeLast() * 1e-6, ts * 1e-6])
      case "X": spans.append([ts * 1e-6, (ts + (event["dur"] as? Double ?? 0)) * 1e-6])
      default: continue
      }
      threads.insert(thread)
    }
    return (threads.count, spans.sorted { $0.lexicographicallyPrecedes($1) })
  }

  /// The time-order chart's spans are the file's slices, each when it ran; with several
  /// threads, one lane per thread under its thread's span.
  @Test(arguments: ["trace/small_work.viztracer.json", "trace/threads.chrome.json"])
  func timelineSpansAreTheSlices(_ relative: String) throws {
    let timeline = try #require(try Self.load(relative).timeline)
    let (threads, expected) = try Self.slices(relative)
    #expect(timeline.laneCount == threads)
    let laneSpans = threads > 1 ? (0..<threads).map { timeline.spans(ofLane: $0).lowerBound } : []
    #expect(
      laneSpans.allSatisfy {
        timeline.depth[$0] == 0
          && timeline.subtreeEnd($0) == timeline.spans(ofLane: timeline.lane(of: $0)).upperBound
      })
    let got = (0..<timeline.count).filter { !laneSpans.contains($0) }
      .map { [timeline.start[$0], timeline.end[$0]] }.sorted { $0.lexicographicallyPrecedes($1) }
    #expect(got.count == expected.count)
    for (a, b) in zip(got, expected) {
      #expect(abs(a[0] - b[0]) <= 1e-12 * abs(b[0]) && abs(a[1] - b[1]) <= 1e-12 * abs(b[1]))
    }
  }

  /// viztracer names functions `qualname (file:line)` and writes children before parents;
  /// the tree nests them and parses the names.
  @Test func viztracerNestsAndParsesNames() throws {
    var tree = CallTreeBuilder.tree(for: try Self.load("trace/small_work.viztracer.json"))
    tree.expandAll(below: tree.top)
    let main = try #require((0..<tree.count).first { tree.name($0)?.name == "main" })
    #expect(tree.name(main)?.line == 22)
    #expect(tree.name(main)?.file.hasSuffix("small_work.py") == true)
    let parse = try #require((0..<tree.count).first { tree.name($0)?.name == "parse" })
    let parseCallers = tree.path(to: parse).compactMap { tree.name($0)?.name }
    #expect(parseCallers.contains("main"))
    // Self times add up to the total: every slice's time is placed once.
    let selfSum = (0..<tree.count).reduce(0.0) { $0 + tree.selfTime[$1] }
    #expect(abs(selfSum - tree.total[tree.top]) <= 1e-9 * tree.total[tree.top])
  }

  @Test func threadsBecomeRoots() throws {
    var tree = CallTreeBuilder.tree(for: try Self.load("trace/threads.chrome.json"))
    let roots = tree.expand(tree.top).compactMap { tree.name($0)?.name }
    #expect(roots.count == 3)
    #expect(roots.allSatisfy { $0.hasPrefix("thread ") })
  }

  @Test func brokenTracesLoadAsViewersLoadThem() throws {
    // A cut-off array, an E without a B, a B never closed, an X that outlasts its parent.
    let profile = try Self.decode(
      TraceEventImporter.self,
      """
      [{"ph": "E", "ts": 0, "pid": 1, "tid": 1},
       {"name": "main", "ph": "B", "ts": 0, "pid": 1, "tid": 1},
       {"name": "work", "ph": "X", "ts": 10, "dur": 100, "pid": 1, "tid": 1},
       {"name": "tail", "ph": "X", "ts": 50, "dur": 20, "pid": 1, "tid": 1},
       {"name": "late", "ph": "i", "ts": 60, "pid": 1, "tid": 1},
      """)
    #expect(profile.warnings.map(\.kind) == [.brokenEvents])
    var tree = CallTreeBuilder.tree(for: profile)
    tree.expandAll(below: tree.top)
    #expect(abs(tree.total[tree.top] - 110e-6) < 1e-15)
    let tail = try #require((0..<tree.count).first { tree.name($0)?.name == "tail" })
    let tailPath = tree.path(to: tail).compactMap { tree.name($0)?.name }
    #expect(tailPath == ["main", "work", "tail"])
  }

  @Test func traceErrors() {
    #expect(throws: InputError.self) {
      _ = try Self.decode(
        TraceEventImporter.self, #"[{"name": "a", "ph": "B", "pid": 1, "tid": 1}]"#)
    }
    #expect(throws: InputError.self) {
      _ = try Self.decode(TraceEventImporter.self, #"{"traceEvents": 3}"#)
    }
    #expect(throws: InputError.self) {
      _ = try Self.decode(TraceEventImporter.self, #"{"traceEvents": [{"ph": "i", "ts": 1}]}"#)
    }
  }

  /// The Node profile: samples weighted by the time to the next sample, the last one by the
  /// average interval, compared with the same computation done here on the raw JSON.
  @Test func cpuprofileMatchesAnIndependentReading() throws {
    let profile = try Self.load("cpuprofile/fib_and_sort.cpuprofile")
    #expect(profile.weightUnit == .seconds)
    let json =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: Self.url("cpuprofile/fib_and_sort.cpuprofile"))) as! [String: Any]
    let deltas = json["timeDeltas"] as! [Double]
    let samples = json["samples"] as! [Int]
    let nodes = json["nodes"] as! [[String: Any]]
    var times: [Double] = []
    var t = json["startTime"] as! Double
    for d in deltas {
      t += d
      times.append(t)
    }
    let sorted = times.sorted()
    let expectedTotal =
      (sorted.last! - sorted.first!) + (sorted.last! - sorted.first!) / Double(sorted.count - 1)
    let tree = CallTreeBuilder.tree(for: profile)
    #expect(abs(tree.total[tree.top] - expectedTotal * 1e-6) < 1e-9)
    // Every function named in a sample appears, `(root)` does not.
    var names = Set<String>()
    for id in Set(samples) {
      let node = nodes.first { $0["id"] as! Int == id }!
      let name = (node["callFrame"] as! [String: Any])["functionName"] as! String
      names.insert(name.isEmpty ? "(anonymous)" : name)
    }
    let ours = Set((0..<profile.graph.entryCount).map { profile.graph.name(of: $0).name })
    #expect(names.isSubset(of: ours))
    #expect(!ours.contains("(root)"))
    #expect(ours.contains("fib"))
    let fib = try #require(
      (0..<profile.graph.entryCount).first { profile.graph.name(of: $0).name == "fib" })
    #expect(profile.graph.name(of: fib).line == 2)
  }

  @Test func cpuprofileErrors() {
    let cases = [
      #"{"nodes": [{"id": 1, "callFrame": {"functionName": "a"}}, {"id": 1, "callFrame": {"functionName": "b"}}], "samples": []}"#,
      #"{"nodes": [{"id": 1, "callFrame": {"functionName": "a"}, "children": [2]}, {"id": 2, "callFrame": {"functionName": "b"}, "children": [1]}], "samples": [2], "timeDeltas": [1]}"#,
      #"{"nodes": [{"id": 1, "callFrame": {"functionName": "a"}}], "samples": [1, 1], "timeDeltas": [1]}"#,
      #"{"nodes": [{"id": 1, "callFrame": {"functionName": "a"}}]}"#,
    ]
    for json in cases {
      do {
        _ = try Self.decode(CPUProfileImporter.self, json)
        Issue.record("read: \(json)")
      } catch {
        #expect(!error.description.contains("\n"))
      }
    }
  }
}
