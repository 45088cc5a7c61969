import Foundation
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// callgrind files from valgrind, pyprof2calltree and yappi, against the producers' own
/// readings: callgrind_annotate's self and inclusive costs, and the pstats file that
/// pyprof2calltree converted.
@Suite struct CallgrindImporterTests {
  static func path(_ name: String) -> String {
    Fixtures.root.appendingPathComponent("callgrind/\(name)").path
  }

  /// callgrind_annotate's table: per function name the cost of each event (summed over the
  /// files of its lines — callgrind_annotate splits a function by the file of inlined code —
  /// and over objects).
  static func annotate(_ name: String, combine: (Double, Double) -> Double = (+)) throws -> (
    events: [String], costs: [String: [Double]]
  ) {
    let lines = try String(contentsOfFile: path(name), encoding: .utf8).components(
      separatedBy: "\n")
    let header = try #require(lines.firstIndex { $0.hasSuffix("file:function") })
    let events = lines[header].split(separator: " ").dropLast().map(String.init)
    var costs: [String: [Double]] = [:]
    for line in lines[(header + 2)...] {
      if line.isEmpty { break }
      // Per event `1,234 (5.6%)`, `0` or `.` (zero), then `file:function [object]`.
      var tokens = line.split(separator: " ")[...]
      var values: [Double] = []
      while values.count < events.count, let token = tokens.first {
        if token == "." {
          values.append(0)
          tokens = tokens.dropFirst()
        } else if let value = Double(token.replacingOccurrences(of: ",", with: "")) {
          values.append(value)
          tokens = tokens.dropFirst()
          guard tokens.first?.hasPrefix("(") == true else { continue }
          while let part = tokens.first {
            tokens = tokens.dropFirst()
            if part.hasSuffix("%)") { break }
          }
        } else {
          break
        }
      }
      let label = tokens.joined(separator: " ")
      guard !values.isEmpty, let colon = label.firstIndex(of: ":") else { continue }
      var function = String(label[label.index(after: colon)...])
      if let open = function.range(of: " [", options: .backwards) {
        function = String(function[..<open.lowerBound])
      }
      let sum = costs[function] ?? Array(repeating: 0, count: values.count)
      costs[function] = costs[function] == nil ? values : zip(sum, values).map(combine)
    }
    return (events, costs)
  }

  /// Self cost per function name as flamewalk read it.
  static func selfCosts(_ profile: Profile) -> [String: Double] {
    var result: [String: Double] = [:]
    let graph = profile.graph
    for f in 0..<graph.entryCount where graph.tt[f] > 0 {
      // Functions of one name in two objects are told apart by `[object]`.
      let name = graph.name(of: f).name.replacingOccurrences(
        of: #" \[[^\]]*\]$"#, with: "", options: .regularExpression)
      result[name, default: 0] += graph.tt[f]
    }
    return result
  }

  @Test(arguments: [
    ("work.callgrind", "work.annotate.txt"), ("work-instr.callgrind", "work-instr.annotate.txt"),
  ])
  func selfCostsMatchCallgrindAnnotate(_ file: String, _ annotated: String) throws {
    let profile = try InputFormat.load([Self.path(file)], format: .auto)
    let reference = try Self.annotate(annotated)
    #expect(profile.metrics.map(\.name) == reference.events)
    for (position, event) in reference.events.enumerated() {
      let measured = profile.measured(byMetricAt: position)
      let theirs = reference.costs.compactMapValues { $0[position] > 0 ? $0[position] : nil }
      #expect(Self.selfCosts(measured) == theirs, "\(event)")
    }
  }

  /// Outside recursion a function's inclusive cost is callgrind_annotate's, and the tree
  /// under `main` is exact where each function has one caller.
  @Test func inclusiveCostsAndTheTree() throws {
    let profile = try InputFormat.load([Self.path("work.callgrind")], format: .auto)
    // main is listed twice (under two spellings of its file), with the same cost.
    let inclusive = try Self.annotate("work.annotate-inclusive.txt", combine: max).costs
    let graph = profile.graph
    for name in ["main", "heavy", "light", "mix", "fib"] {
      let f = try #require((0..<graph.entryCount).first { graph.name(of: $0).name == name })
      let theirs = try #require(inclusive[name]?.first, "\(name)")
      #expect(graph.ct[f] == theirs, "\(name)")
    }
    var tree = CallTreeBuilder.tree(for: profile)
    #expect(tree.isEstimated)
    tree.expandAll(below: tree.top)
    let heavy = try #require((0..<tree.count).first { tree.name($0)?.name == "heavy" })
    #expect(tree.total[heavy] == 734_011)
    #expect(tree.name(Int(tree.parent[heavy]))?.name == "main")
    #expect(profile.warnings.contains { $0.message.contains("cycles") })
  }

  /// pyprof2calltree's file holds the pstats file's own times in nanoseconds.
  @Test func pyprof2calltreeKeepsThePstatsTimes() throws {
    let converted = try InputFormat.load(
      [Self.path("small.pyprof2calltree.callgrind")], format: .auto)
    let original = try InputFormat.load([Self.path("small.prof")], format: .auto)
    #expect(converted.metric == Metric(name: "time", unit: .seconds))
    let key = { (name: FunctionName) in "\(name.file)|\(name.name)" }
    var pstatsSelf: [String: Double] = [:]
    for f in 0..<original.graph.entryCount {
      pstatsSelf[
        key(original.graph.name(of: f)).replacingOccurrences(
          of: #"^~\|"#, with: "~|", options: .regularExpression)] = original.graph.tt[f]
    }
    for f in 0..<converted.graph.entryCount {
      let name = converted.graph.name(of: f)
      let theirs = try #require(pstatsSelf[key(name)], "\(name)")
      #expect(abs(converted.graph.tt[f] - theirs) <= 1e-9, "\(name)")
    }
    let a = CallTreeBuilder.tree(for: converted)
    let b = CallTreeBuilder.tree(for: original)
    #expect(abs(a.total[a.top] - b.total[b.top]) <= 1e-8)
  }

  /// yappi writes microseconds as `Ticks` and names as `name module:line`.
  @Test func yappiNamesAndTicks() throws {
    let profile = try InputFormat.load([Self.path("small.yappi.callgrind")], format: .auto)
    #expect(profile.metric == Metric(name: "time", unit: .seconds))
    let graph = profile.graph
    let names = (0..<graph.entryCount).map { graph.name(of: $0) }
    let parse = try #require(names.first { $0.name == "parse" })
    #expect(parse.line == 4)
    #expect(
      names.contains { $0.name == "run_path" && $0.file == "<frozen runpy>" && $0.line == 262 })
    // Σ self = Σ of the numbers on the self-cost lines, read here line by line.
    let text = try String(contentsOfFile: Self.path("small.yappi.callgrind"), encoding: .utf8)
    var expected = 0.0
    var afterCalls = false
    for line in text.components(separatedBy: "\n") {
      if let first = line.first, first.isNumber, !afterCalls {
        expected += Double(line.split(separator: " ")[1])!
      }
      afterCalls = line.hasPrefix("calls=")
    }
    #expect(abs(graph.tt.prefix(graph.entryCount).reduce(0, +) - expected / 1e6) < 1e-9)
  }

  static func decode(_ text: String) throws(InputError) -> Profile {
    try Array(text.utf8).withUnsafeBufferPointer { (buffer) throws(InputError) in
      try CallgrindImporter.decode(buffer, source: ProfileSource(path: "c", modified: nil))
    }
  }

  /// Every event is a column of every function and call edge, and a profile of its own: a
  /// thousand events named once and two thousand functions of a line each (26 KB) would
  /// take two million cost cells and a thousand call graphs. The file is refused at the
  /// first function past the limit (four cells a byte, at least 2^21), named by its line;
  /// the same events with a few functions read.
  @Test func eventsTimesFunctionsAreLimited() throws {
    let events = "events: " + (0..<1000).map { "E\($0)" }.joined(separator: " ") + "\n"
    func file(functions: Int) -> String {
      "# callgrind format\nversion: 1\n" + events
        + (0..<functions).map { "fn=f\($0)\n1 1\n" }.joined()
    }
    do {
      _ = try Self.decode(file(functions: 2_100))
      Issue.record("2,100 functions × 1,000 events read")
    } catch {
      // (2,033 + 64 rows) × 1,000 events pass 2^21 cells: function 2,034, on line 3 + 2 × 2,033 + 1.
      #expect(error.category == .unsupported)
      #expect(error.location == .line(4_070), "\(error)")
      #expect(error.message.hasPrefix("1000 events for 2034 functions and calls so far"))
    }
    let small = try Self.decode(file(functions: 10))
    #expect(small.otherMetrics.count == 999)
  }

  /// Compressed names shared across spellings, relative positions, inlined files, several
  /// events, a call's cost that is inclusive, and costs of several lines adding up.
  @Test func formatQuirks() throws {
    let profile = try Self.decode(
      """
      # callgrind format
      version: 1
      positions: instr line
      events: Ir Dr
      ob=(1) /bin/app
      fl=(1) app.c
      fn=(1) main
      0x10 3 5 1
      +2 +1 2
      fi=(2) inline.h
      * -1 1 1
      fe=(1)
      cfi=(1)
      cfn=(2) work
      calls=2 0x40 10
      +4 * 100 30
      fn=(2)
      0x40 10 60 20
      cfn=(3) leaf
      calls=1 +0 +0
      * * 40 10
      fn=(3)
      0x50 20 40 10
      totals: 108 32
      """)
    #expect(profile.metrics.map(\.name) == ["Ir", "Dr"])
    #expect(profile.warnings.isEmpty)
    let graph = profile.graph
    func f(_ name: String) throws -> Int {
      try #require((0..<graph.entryCount).first { graph.name(of: $0).name == name })
    }
    #expect(graph.tt[try f("main")] == 8)
    #expect(graph.ct[try f("main")] == 108)
    #expect(graph.ct[try f("work")] == 100)
    #expect(graph.nc[try f("work")] == 2)
    #expect(graph.name(of: try f("main")).file == "app.c")
    let dr = profile.measured(byMetricNamed: "Dr")!.graph
    #expect(dr.tt[try f("main")] == 2)
    #expect(dr.ct[try f("main")] == 32)

    let mismatch = try Self.decode("events: Ir\nfn=a\n1 5\ntotals: 6\n")
    #expect(mismatch.warnings.map(\.kind) == [.trailingBytes])
  }

  @Test(arguments: [
    ("fn=a\n1 5\n", "line 2: schema: a cost line before the events: line"),
    (
      "events: Ir\nfn=a\ncfn=b\ncalls=1 1\nfn=c\n",
      "line 5: bad-value: calls= is not followed by a cost line"
    ),
    (
      "events: Ir\nfn=a\ncfn=b\ncalls=1 1\n",
      "line 4: truncated: calls= is not followed by a cost line"
    ),
    ("events: Ir\nfn=(3)\n", "line 2: bad-ref: name (3) is used before it is defined"),
    ("events: Ir\nfn=a\n+1 5\n", "line 3: bad-value: a relative position with no line before it"),
    ("events: Ir\nfn=a\n1 5 6\n", "line 3: bad-value: 2 costs for 1 events"),
    ("version: 2\nevents: Ir\n", "line 1: unsupported: callgrind format version 2"),
    ("events: Ir\nfn=a\n1 x\n", "line 3: bad-value: not a cost: x"),
    ("events: Ir\nfn=a\n1 -5\n", "line 3: bad-value: not a cost: -5"),
    ("creator: x\n", "schema: no events: line"),
  ])
  func malformedFilesSayWhereAndWhat(_ text: String, _ message: String) {
    #expect {
      try Self.decode(text)
    } throws: { error in
      "\(error)".hasPrefix(message)
    }
  }

  @Test func recognition() throws {
    #expect(try Fixtures.recognizedFormat("# callgrind format\nversion: 1\n") == .callgrind)
    #expect(try Fixtures.recognizedFormat("event: ns : Nanoseconds\nevents: ns\n") == .callgrind)
    #expect(try Fixtures.recognizedFormat("version: 1\ncreator: yappi\n") == .callgrind)
    #expect(try Fixtures.recognizedFormat("main;work 10\n") == .folded)
  }
}
