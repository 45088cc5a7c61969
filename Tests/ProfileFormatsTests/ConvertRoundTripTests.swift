import Foundation
import ProfileModel
import TestSupport
import Testing

@testable import ProfileFormats

/// `flamewalk convert`: every format written as folded stacks and as a speedscope file reads
/// back to the same tree — every call path with the same total — and call graphs are written
/// as their estimated tree, whose weights add up to the run.
struct ConvertRoundTripTests {
  static let fixtures = [
    "pstats/prof/recursion.prof", "pstats/prof/mutual.prof", "callgrind/work.callgrind",
    "callgrind/small.yappi.callgrind", "folded/deep_recursion.folded",
    "speedscope/threads.py-spy.speedscope.json",
    "speedscope/deep_recursion.pyinstrument.speedscope.json", "trace/small_work.viztracer.json",
    "trace/threads.chrome.json", "cpuprofile/fib_and_sort.cpuprofile",
    "pyinstrument/threads.pyinstrument.json", "pyinstrument/threads.pyisession",
    "austin/multi.austin", "austin/full.austin", "perf/busy.perf.txt", "pprof/cpu.pprof",
  ]

  static func load(_ relative: String) throws -> Profile {
    try ImporterRegistry.load([Fixtures.root.appendingPathComponent(relative).path], format: .auto)
  }

  /// The total of every call path of `tree`, grown whole; paths are the frames' folded text
  /// joined by `;`.
  static func pathTotals(_ tree: CallTree) -> [String: Double] {
    var tree = tree
    tree.expandAll(below: tree.top)
    var result: [String: Double] = [:]
    var pending: [(Int, String)] = tree.children(tree.top).map { ($0, "") }
    while let (node, prefix) = pending.popLast() {
      let label =
        switch tree.kind[node] {
        case .unattributed: "(unattributed)"
        case .pruned: "(pruned)"
        default: FoldedWriter.text(tree.name(node)!)
        }
      let path = prefix.isEmpty ? label : prefix + ";" + label
      result[path, default: 0] += tree.total[node]
      if tree.isExpanded(node) {
        for child in tree.children(node) { pending.append((child, path)) }
      }
    }
    return result
  }

  /// The total of every call path the exported stacks hold.
  static func pathTotals(_ stacks: ExportedStacks) -> [String: Double] {
    var result: [String: Double] = [:]
    for s in 0..<stacks.count {
      var path = ""
      for frame in stacks.stack(s) {
        let text = FoldedWriter.text(stacks.frames[Int(frame)])
        path = path.isEmpty ? text : path + ";" + text
        result[path, default: 0] += stacks.weights[s]
      }
    }
    return result
  }

  /// Path totals equal within 1e-9 of the largest, or within `floor` (timestamps an hour
  /// after boot, as traces write them, are 5e-13 s apart: a timeline written with its times
  /// sums its calls' durations again from them).
  static func expectSame(
    _ got: [String: Double], _ want: [String: Double], _ what: String, floor: Double = 0,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let largest = want.values.max() ?? 0
    let tolerance = max(1e-9 * max(largest, 1e-12), floor)
    let missing = Set(want.keys).symmetricDifference(got.keys).filter { key in
      abs((got[key] ?? 0) - (want[key] ?? 0)) > tolerance
    }
    #expect(
      missing.isEmpty,
      "\(what): \(missing.count) paths differ: \(missing.sorted().prefix(2).map { $0.suffix(120) })",
      sourceLocation: sourceLocation)
    for (path, total) in want where got[path] != nil {
      #expect(
        abs(got[path]! - total) <= tolerance,
        "\(what): \(path.suffix(120)): \(got[path]!) vs \(total)",
        sourceLocation: sourceLocation)
    }
  }

  static func reread<I: ProfileImporter>(_ text: String, as importer: I.Type) throws -> Profile {
    var bytes = Array(text.utf8)
    return try bytes.withUnsafeMutableBufferPointer { buffer in
      try I.decode(UnsafeBufferPointer(buffer), source: ProfileSource(path: "x", modified: nil))
    }
  }

  @Test(arguments: fixtures)
  func foldedAndSpeedscopeReadBackToTheSameTree(_ relative: String) throws {
    let profile = try Self.load(relative)
    let stacks = ExportedStacks(profile)
    let original = CallTreeBuilder.tree(
      for: profile, parameters: CallTreeParameters(minimumFraction: 0, maximumDepth: 1024))
    // The exported weights hold the whole run, and a stack profile's own tree exactly.
    let sum = stacks.weights.reduce(0, +)
    #expect(abs(sum - original.total[original.top]) <= 1e-9 * original.total[original.top])
    #expect(stacks.isEstimated == !profile.kind.isExact)
    let exported = Self.pathTotals(stacks)
    if profile.kind.isExact { Self.expectSame(exported, Self.pathTotals(original), "exported") }

    var folded = ""
    FoldedWriter.write(stacks) { folded += $0 }
    #expect(folded.hasPrefix("# estimated") == stacks.isEstimated)
    let fromFolded = try Self.reread(folded, as: FoldedImporter.self)
    Self.expectSame(
      Self.pathTotals(CallTreeBuilder.tree(for: fromFolded, parameters: .init(minimumFraction: 0))),
      exported, "folded")

    var speedscope = ""
    SpeedscopeWriter.write(stacks, name: relative) { speedscope += $0 }
    let fromSpeedscope = try Self.reread(speedscope, as: SpeedscopeImporter.self)
    #expect(
      fromSpeedscope.weightUnit == (profile.weightUnit == .samples ? .none : profile.weightUnit))
    Self.expectSame(
      Self.pathTotals(
        CallTreeBuilder.tree(for: fromSpeedscope, parameters: .init(minimumFraction: 0))),
      exported, "speedscope", floor: profile.timeline == nil ? 0 : 1e-11)
    // The speedscope file is valid JSON for any reader.
    _ = try JSONSerialization.jsonObject(with: Data(speedscope.utf8))
  }

  /// A timeline profile written whole as speedscope is evented: it reads back with the same
  /// calls — lane by lane, each call's function, start and end — not only the same tree.
  @Test(arguments: [
    "trace/small_work.viztracer.json", "trace/threads.chrome.json",
    "speedscope/deep_recursion.pyinstrument.speedscope.json",
  ])
  func timelinesReadBackWithTheirCalls(_ relative: String) throws {
    let profile = try Self.load(relative)
    let timeline = try #require(profile.timeline)
    var speedscope = ""
    SpeedscopeWriter.write(ExportedStacks(profile), name: relative) { speedscope += $0 }
    #expect(speedscope.contains(#""type": "evented""#) && !speedscope.contains(#""sampled""#))
    let back = try Self.reread(speedscope, as: SpeedscopeImporter.self)
    let again = try #require(back.timeline)
    #expect(again.laneCount == timeline.laneCount && again.count == timeline.count)
    for s in 0..<min(timeline.count, again.count) {
      #expect(
        back.graph.name(of: Int(again.frame[s])) == profile.graph.name(of: Int(timeline.frame[s])))
      #expect(again.depth[s] == timeline.depth[s] && again.parent(s) == timeline.parent(s))
      for (a, b) in [(again.start[s], timeline.start[s]), (again.end[s], timeline.end[s])] {
        #expect(abs(a - b) <= 1e-12 * max(1, abs(b)))
      }
    }
    // Threads merged (`T`): the stacks are written as shown, sampled.
    var merged = ""
    SpeedscopeWriter.write(ExportedStacks(profile.mergingGroups()), name: relative) {
      merged += $0
    }
    #expect(merged.contains(#""type": "evented""#) == !profile.hasGroups)
  }

  @Test func framesAndWeightsAreWrittenAsFoldedReadersReadThem() {
    #expect(FoldedWriter.text(FunctionName(file: "a.py", line: 3, name: "f")) == "f (a.py:3)")
    #expect(
      FoldedWriter.text(FunctionName(file: "~", line: 0, name: "<built-in>")) == "<built-in> (~)")
    #expect(FoldedWriter.text(FunctionName(file: "", line: 0, name: "a;b\nc")) == "a:b c")
    #expect(FoldedWriter.weight(3) == "3")
    #expect(FoldedWriter.weight(0.3) == "0.3")
    #expect(FoldedWriter.weight(1e-6) == "0.000001")
    #expect(FoldedWriter.weight(1.5e-7) == "0.00000015")
    #expect(FoldedWriter.weight(2.5e20) == "250000000000000000000")
    for x in [1.234567890123e-9, 0.1 + 0.2, 123456.000001, 7.5e-300] {
      #expect(Double(FoldedWriter.weight(x)) == x)
    }
    #expect(FoldedWriter.weight(1234.5) == "1234.5")
    #expect(!FoldedWriter.weight(1e-20).contains("e"))
  }
}

/// `convert --to pstats`: every format measured in seconds written as a pstats file reads
/// back to the same caller graph — every function's counts and times, every caller's — and
/// profiles measured in anything else are refused.
struct PstatsRoundTripTests {
  /// Every entry and caller of a graph, by name.
  static func entries(_ graph: CallGraph) -> [String: [String]] {
    var result: [String: [String]] = [:]
    for f in 0..<graph.entryCount {
      let callers = graph.incoming(f).map { e in
        "\(graph.name(of: Int(graph.edgeCaller[e])).standardString) \(graph.edgeNC[e]) "
          + "\(graph.edgeCC[e]) \(graph.edgeTT[e]) \(graph.edgeCT[e])"
      }.sorted()
      result[graph.name(of: f).standardString] =
        ["\(graph.cc[f]) \(graph.nc[f]) \(graph.tt[f]) \(graph.ct[f])"] + callers
    }
    return result
  }

  @Test(arguments: ConvertRoundTripTests.fixtures)
  func theCallerGraphReadsBackEqual(_ relative: String) throws {
    let profile = try ConvertRoundTripTests.load(relative)
    guard profile.weightUnit == .seconds else {
      #expect(throws: PstatsWriter.Unsupported.self) {
        try PstatsWriter.bytes(profile.graph, unit: profile.weightUnit)
      }
      return
    }
    let bytes = try PstatsWriter.bytes(profile.graph, unit: profile.weightUnit)
    let back = try PstatsImporter.decode(bytes, source: ProfileSource(path: "x", modified: nil))
    #expect(back.warnings.isEmpty, "\(back.warnings)")
    let (written, read) = (Self.entries(profile.graph), Self.entries(back.graph))
    #expect(written.count == read.count)
    for (name, values) in written where read[name] != values {
      Issue.record("\(relative): \(name) wrote \(values), read \(read[name] ?? [])")
      break
    }
  }

  /// `x` with a `.prof` name on a zoom: the zoomed subtree's stacks as a caller graph —
  /// the zoomed frame is the only root, and the own times add up to its total.
  @Test func aZoomedSubtreeIsWrittenAsItsCallerGraph() throws {
    let profile = try ConvertRoundTripTests.load("pstats/prof/mutual.prof")
    var tree = CallTreeBuilder.tree(for: profile)
    let root = try #require(tree.expand(tree.top).first)
    let zoom = try #require(tree.expand(root).first)
    let steps = tree.steps(to: zoom)
    let stacks = try #require(
      ExportedStacks(profile, zoomKinds: steps.kinds, zoomFunctions: steps.functions))
    let graph = stacks.callGraph()
    let roots = (0..<graph.entryCount).filter { graph.incoming($0).isEmpty }
    #expect(roots.map { graph.name(of: $0) } == [tree.name(zoom)!])
    let own = (0..<graph.entryCount).map { graph.tt[$0] }.reduce(0, +)
    #expect(abs(own - stacks.weights.reduce(0, +)) < 1e-12)
    #expect(abs(graph.ct[roots[0]] - own) < 1e-12)
    let back = try PstatsImporter.decode(
      try PstatsWriter.bytes(graph, unit: .seconds), source: ProfileSource(path: "x", modified: nil)
    )
    #expect(Self.entries(back.graph) == Self.entries(graph))
  }

  /// Counts that do not fit 32 bits are written as marshal longs.
  @Test func largeCountsAreWrittenAsLongs() throws {
    var builder = CallGraphBuilder()
    let f = builder.function(FunctionName(file: "a.py", line: 1, name: "f"))
    builder.addEntry(
      f, stats: .init(cc: 5_000_000_000, nc: -7_000_000_000, tt: 1.5, ct: 2.5), callers: [])
    let bytes = try PstatsWriter.bytes(builder.build(), unit: .seconds)
    let back = try PstatsImporter.decode(bytes, source: ProfileSource(path: "x", modified: nil))
    #expect(back.graph.cc[0] == 5_000_000_000 && back.graph.nc[0] == -7_000_000_000)
  }
}
