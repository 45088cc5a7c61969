import Foundation
import ProfileModel
import Testing

/// Spec B.5 as a property test: random programs are replayed through cProfile's bookkeeping
/// (outermost-only totals per function and per edge) to get exact pstats data; the
/// estimated tree must keep the invariants of B.3.5 and its bounds must hold the true,
/// recursion-folded time of every path.
@Suite struct CallTreePropertyTests {
  final class Frame {
    let function: Int
    let selfTime: Double
    var children: [Frame] = []
    var inclusive = 0.0
    init(_ function: Int, _ selfTime: Double) {
      self.function = function
      self.selfTime = selfTime
    }
  }

  struct Program {
    var functionCount: Int
    var tops: [Frame]
  }

  static func randomProgram(_ random: inout SplitMix64, recursion: Bool) -> Program {
    let n = 3 + Int(random.next() % 7)
    func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
    func make(_ f: Int, _ depth: Int) -> Frame {
      let frame = Frame(f, random.next() % 2 == 0 ? 0 : uniform() * 3)
      if depth < 7 {
        let count = [0, 1, 1, 2, 2, 3][Int(random.next() % 6)]
        for _ in 0..<count {
          var callee: Int
          if recursion && uniform() < 0.15 {
            callee = Int(random.next() % UInt64(n))
          } else {
            guard f + 1 < n else { continue }
            callee = f + 1 + Int(random.next() % UInt64(n - f - 1))
          }
          frame.children.append(make(callee, depth + 1))
        }
      }
      frame.inclusive = frame.selfTime + frame.children.reduce(0) { $0 + $1.inclusive }
      return frame
    }
    let topCount = [1, 1, 2, 3][Int(random.next() % 4)]
    let tops = (0..<topCount).map { _ in make(Int(random.next() % UInt64(max(1, n / 3))), 0) }
    return Program(functionCount: n, tops: tops)
  }

  /// `_lsprof`'s bookkeeping: a profile with exact per-function and per-edge numbers.
  static func profile(of program: Program) -> Profile {
    struct Counter {
      var level = 0
      var total = 0.0
      var inline = 0.0
      var calls: Int64 = 0
      var recursive: Int64 = 0
    }
    var entries: [Int: Counter] = [:]
    var order: [Int] = []
    var edges: [Int: [Int: Counter]] = [:]
    var edgeOrder: [Int: [Int]] = [:]
    func run(_ frame: Frame, _ parent: Int?) {
      if entries[frame.function] == nil {
        entries[frame.function] = Counter()
        order.append(frame.function)
      }
      entries[frame.function]!.level += 1
      if let parent {
        if edges[parent]?[frame.function] == nil {
          edges[parent, default: [:]][frame.function] = Counter()
          edgeOrder[parent, default: []].append(frame.function)
        }
        edges[parent]![frame.function]!.level += 1
      }
      for child in frame.children { run(child, frame.function) }
      func close(_ c: inout Counter) {
        c.level -= 1
        if c.level == 0 { c.total += frame.inclusive } else { c.recursive += 1 }
        c.inline += frame.selfTime
        c.calls += 1
      }
      close(&entries[frame.function]!)
      if let parent { close(&edges[parent]![frame.function]!) }
    }
    for top in program.tops { run(top, nil) }
    var builder = CallGraphBuilder()
    func index(_ f: Int) -> Int32 {
      builder.function(FunctionName(file: "t.py", line: Int64(f + 1), name: "f\(f)"))
    }
    var callers: [Int: [CallGraphBuilder.Edge]] = [:]
    for p in order {
      for f in edgeOrder[p] ?? [] {
        let e = edges[p]![f]!
        callers[f, default: []].append(
          CallGraphBuilder.Edge(
            caller: index(p), nc: e.calls, cc: e.calls - e.recursive, tt: e.inline, ct: e.total))
      }
    }
    for f in order {
      let e = entries[f]!
      builder.setEntry(
        index(f), stats: .init(cc: e.calls - e.recursive, nc: e.calls, tt: e.inline, ct: e.total),
        callers: callers[f] ?? [])
    }
    return Profile(graph: builder.build(), flavor: .cprofile, pythonMajor: 3, sources: [])
  }

  /// The true time of every tree path, recursion folded as the estimator folds it.
  static func truth(of program: Program) -> [[Int]: Double] {
    var result: [[Int]: Double] = [:]
    func walk(_ frame: Frame, _ path: [Int]) {
      var next = path
      if path.last == frame.function {
        // A direct self-call is merged into its caller's node.
      } else if path.contains(frame.function) {
        return
      } else {
        next.append(frame.function)
        result[next, default: 0] += frame.inclusive
      }
      for child in frame.children { walk(child, next) }
    }
    for top in program.tops { walk(top, []) }
    return result
  }

  @Test(arguments: [false, true])
  func invariantsAndBoundsHold(recursion: Bool) {
    var random = SplitMix64(seed: recursion ? 11 : 7)
    var nodesChecked = 0
    for trial in 0..<1500 {
      let program = Self.randomProgram(&random, recursion: recursion)
      let profile = Self.profile(of: program)
      let truth = Self.truth(of: program)
      var tree = CallTree.estimated(
        from: AttributionGraph(profile: profile),
        parameters: CallTreeParameters(minimumFraction: 0, maximumDepth: 60))
      tree.expandAll(below: tree.top)
      let topTotal = tree.total[tree.top]
      let sumRoots = tree.children(tree.top).reduce(0) { $0 + tree.total[$1] }
      #expect(topTotal >= sumRoots - 1e-9 * max(1, topTotal))
      for node in 1..<tree.count {
        let total = tree.total[node]
        let tolerance = 1e-9 * max(1, abs(total))
        let children = tree.children(node)
        let sum = tree.selfTime[node] + children.reduce(0) { $0 + tree.total[$1] }
        #expect(abs(sum - total) <= tolerance, "trial \(trial): self + children != total")
        #expect(tree.selfTime[node] >= -tolerance && tree.selfTime[node] <= total + tolerance)
        for child in children { #expect(tree.total[child] <= total + tolerance) }
        guard tree.kind[node] == .root || tree.kind[node] == .call else { continue }
        // Real nodes: the true time of the path lies within the bounds.
        let path = tree.path(to: node).dropFirst().map { Int(tree.function[$0]) }
        let functions = path.map { Int(tree.names.name(of: $0).name.dropFirst())! }
        let trueTime = truth[functions] ?? 0
        let slack = 1e-9 * max(1, abs(trueTime))
        #expect(
          tree.lower[node] - slack <= trueTime && trueTime <= tree.upper[node] + slack,
          "trial \(trial): true \(trueTime) outside [\(tree.lower[node]), \(tree.upper[node])]")
        if !recursion { #expect(!tree.flags[node].contains(.outsideBounds)) }
        nodesChecked += 1
      }
    }
    #expect(nodesChecked > 5000)
  }
}
