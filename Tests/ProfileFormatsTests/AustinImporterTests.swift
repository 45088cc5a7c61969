import Foundation
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// austin output from the real austin 3.5 and 3.7 binaries, against an independent reading
/// of the text: per metric the total, and per function (file, name) the weight of the
/// samples whose leaf it is.
@Suite struct AustinImporterTests {
  static func path(_ name: String) -> String {
    Fixtures.root.appendingPathComponent("austin/\(name)").path
  }

  /// Per metric name: the total and the self weight per "file|name" of the leaf frame,
  /// read with `components(separatedBy:)` and regular expressions.
  static func expected(_ text: String) throws -> [String: (total: Double, leaves: [String: Double])]
  {
    let mode =
      text.components(separatedBy: "\n").first { $0.hasPrefix("# mode: ") }
      .map { String($0.dropFirst(8)) } ?? "wall"
    let names: [String] =
      switch mode {
      case "full": ["wall time", "cpu time", "allocated", "released"]
      case "memory": ["allocated", "released"]
      case "cpu": ["cpu time"]
      default: ["wall time"]
      }
    var result: [String: (total: Double, leaves: [String: Double])] = [:]
    for name in names { result[name] = (0, [:]) }
    let frame = try NSRegularExpression(pattern: #"^(.*):([^:]*):(\d*)$"#)
    for line in text.components(separatedBy: "\n") where line.hasPrefix("P") {
      let metricText = String(line[line.index(after: line.lastIndex(of: " ")!)...])
      let numbers = metricText.split(separator: ",").map { Double($0)! }
      var weights: [String: Double] = [:]
      switch mode {
      case "full":
        weights = [
          "wall time": numbers[0] / 1e6, "cpu time": numbers[1] == 0 ? numbers[0] / 1e6 : 0,
          "allocated": max(numbers[2], 0), "released": max(-numbers[2], 0),
        ]
      case "memory": weights = ["allocated": max(numbers[0], 0), "released": max(-numbers[0], 0)]
      case "cpu": weights = ["cpu time": numbers[0] / 1e6]
      default: weights = ["wall time": numbers[0] / 1e6]
      }
      let head = line[..<line.lastIndex(of: " ")!]
      let parts = head.components(separatedBy: ";")
      var leaf = "|(no Python frames)"
      if parts.count > 2, let last = parts.last {
        let ns = last as NSString
        let match = try #require(
          frame.firstMatch(in: last, range: NSRange(location: 0, length: ns.length)))
        let file = ns.substring(with: match.range(at: 1))
        let name = ns.substring(with: match.range(at: 2))
        leaf = file.isEmpty ? "|:\(name):" : "\(file)|\(name)"
      }
      for (metric, weight) in weights {
        result[metric]!.total += weight
        result[metric]!.leaves[leaf, default: 0] += weight
      }
    }
    return result
  }

  @Test(arguments: [
    "wall.austin", "full.austin", "memory.austin", "multi.austin", "wall-3.5.austin",
  ])
  func everyMetricMatchesAnIndependentReading(_ name: String) throws {
    let profile = try InputFormat.load([Self.path(name)], format: .auto)
    let expected = try Self.expected(String(contentsOfFile: Self.path(name), encoding: .utf8))
    #expect(Set(profile.metrics.map(\.name)) == Set(expected.filter { $0.value.total > 0 }.keys))
    for (position, metric) in profile.metrics.enumerated() {
      let measured = profile.measured(byMetricAt: position)
      #expect(measured.metric == metric)
      let want = try #require(expected[metric.name])
      let tree = CallTreeBuilder.tree(for: measured)
      #expect(abs(tree.total[tree.top] - want.total) <= 1e-9 * max(1, want.total), "\(metric.name)")
      var selfWeights: [String: Double] = [:]
      let graph = measured.graph
      for f in 0..<graph.entryCount where graph.tt[f] > 0 {
        let n = graph.name(of: f)
        selfWeights["\(n.file)|\(n.name)", default: 0] += graph.tt[f]
      }
      #expect(
        Set(selfWeights.keys) == Set(want.leaves.filter { $0.value > 0 }.keys), "\(metric.name)")
      for (leaf, weight) in want.leaves where weight > 0 {
        #expect(abs((selfWeights[leaf] ?? 0) - weight) <= 1e-9 * max(1, weight), "\(leaf)")
      }
    }
  }

  static func decode(_ text: String) throws(InputError) -> Profile {
    try Array(text.utf8).withUnsafeBufferPointer { (buffer) throws(InputError) in
      try AustinImporter.decode(buffer, source: ProfileSource(path: "a", modified: nil))
    }
  }

  static func paths(_ profile: Profile) -> [String: Double] {
    var tree = CallTreeBuilder.tree(for: profile)
    tree.expandAll(below: tree.top)
    var result: [String: Double] = [:]
    for node in 0..<tree.count where node != tree.top {
      let names = tree.path(to: node).compactMap { tree.name($0)?.name }
      // Rounded to picoseconds: µs × 1e-6 and a decimal literal may differ in the last bit.
      result[names.joined(separator: ";")] = (tree.total[node] * 1e12).rounded() / 1e12
    }
    return result
  }

  /// Processes and threads become top-level nodes only when there is more than one;
  /// interpreter ids other than 0 are named; files with colons split at the last two.
  @Test func groupsFramesAndMarkers() throws {
    let profile = try Self.decode(
      """
      # austin: 3.7.0
      # mode: wall

      P10;T0:11;C:\\app\\x.py:main:3;C:\\app\\x.py:work:9 100
      P10;T0:11;C:\\app\\x.py:main:4;C:\\app\\x.py:work:10 50
      P10;T2:12 25
      P10;T0:11;:INVALID:;C:\\app\\x.py:work:9 5
      P10;T0:11;C:\\app\\x.py:main:3;:GC: 7

      # duration: 200
      """)
    let paths = Self.paths(profile)
    #expect(paths["thread 11;main;work"] == 150e-6)
    #expect(paths["thread 12 (interpreter 2);(no Python frames)"] == 25e-6)
    #expect(paths["thread 11;:INVALID:;work"] == 5e-6)
    #expect(paths["thread 11;main;:GC:"] == 7e-6)
    #expect(profile.metrics == [Metric(name: "wall time", unit: .seconds)])
    let graph = profile.graph
    let work = try #require((0..<graph.entryCount).first { graph.name(of: $0).name == "work" })
    #expect(graph.name(of: work).file == "C:\\app\\x.py")
  }

  /// Without metadata the mode is read from the metrics; austin 3.5's `T<tid>` heads read.
  @Test func noMetadataAndOldHeads() throws {
    let wall = try Self.decode("P1;T1;a.py:f:1 10\nP1;T1;a.py:f:2;a.py:g:5 30\n")
    #expect(Self.paths(wall) == ["f": 40e-6, "f;g": 30e-6])
    let full = try Self.decode("P1;T0:1;a.py:f:1 10,0,100\nP1;T0:1;a.py:g:1 30,1,-40\n")
    #expect(full.metrics.map(\.name) == ["wall time", "cpu time", "allocated", "released"])
    #expect(Self.paths(full) == ["f": 10e-6, "g": 30e-6])
    #expect(Self.paths(try #require(full.measured(byMetricNamed: "CPU time"))) == ["f": 10e-6])
    #expect(Self.paths(try #require(full.measured(byMetricNamed: "allocated"))) == ["f": 100])
    #expect(Self.paths(try #require(full.measured(byMetricNamed: "released"))) == ["g": 40])
    #expect(full.measured(byMetricNamed: "bogus") == nil)
    // Cycling visits every metric and comes back.
    var cycled = full
    var seen: [String] = []
    for _ in 0..<4 {
      cycled = cycled.measuredByNextMetric()
      seen.append(cycled.metric.name)
    }
    #expect(seen == ["cpu time", "allocated", "released", "wall time"])
  }

  /// Memory mode: positive deltas are allocations, negative ones releases; a metric no
  /// sample has is left out.
  @Test func memoryModeSplitsTheSign() throws {
    let profile = try Self.decode("# mode: memory\nP1;T0:1;a.py:f:1 4096\nP1;T0:1;a.py:f:1 1024\n")
    #expect(profile.metrics == [Metric(name: "allocated", unit: .bytes)])
    #expect(Self.paths(profile) == ["f": 5120])
  }

  @Test(arguments: [
    ("# mode: wall\nX1;T0:1;a.py:f:1 10\n", "line 2: bad-value: not an austin sample"),
    (
      "# mode: wall\nP1;T0:1;a.py:f:1 ten\n",
      "line 2: bad-value: the sample's metric is not an integer"
    ),
    ("# mode: full\nP1;T0:1;a.py:f:1 10,0\n", "line 2: bad-value: full-mode metrics are not three"),
    ("# mode: wall\nP1;T0:1;a.py:f:1 -10\n", "line 2: bad-value: a negative time"),
    (
      "# mode: wall\nP1;T0:1;a.py-f 10\n",
      "line 2: bad-value: a frame that is not file:function:line"
    ),
    (
      "# mode: wall\nP1;T0:1;a.py:f:1 99999999999999999999\n",
      "line 2: bad-value: the sample's metric"
    ),
    ("# austin: 3.7.0\n# mode: wall\n\n# duration: 5\n", "schema: no austin samples"),
  ])
  func malformedInputsSayWhereAndWhat(_ text: String, _ message: String) {
    #expect {
      try Self.decode(text)
    } throws: { error in
      "\(error)".hasPrefix(message)
    }
  }

  /// austin files are not folded stacks, although their lines look alike; folded files are
  /// not austin's.
  @Test func recognition() throws {
    #expect(try Fixtures.recognizedFormat("P1;T0:1;a.py:f:1 10\n") == .austin)
    #expect(try Fixtures.recognizedFormat("\n# austin: 3.7.0\n# interval: 100\n") == .austin)
    #expect(try Fixtures.recognizedFormat("main;work 10\n") == .folded)
    #expect(try Fixtures.recognizedFormat("Parser;Tokenizer 10\n") == .folded)
  }
}
