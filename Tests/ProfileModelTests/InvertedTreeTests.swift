import Foundation
import ProfileModel
import TestSupport
import Testing

/// The bottom-up trees (`CallTreeBuilder.inverted` and `.sandwich`) against truths computed
/// here from the programs and stacks themselves: from stacks every node is the weight of the
/// stacks whose path it is; from a caller graph the roots are the functions' own times, the
/// first level is exact where cProfile records each caller's part, and every bound holds the
/// true time of its path.
@Suite struct InvertedTreeTests {
  // MARK: - From a caller graph

  /// The true time of every inverted path as the estimator folds recursion (as the top-down
  /// tree does): the own time of each frame goes to its function, then up the stack with a
  /// run of calls of one function to itself read as one frame, ending where a caller is
  /// already on the path.
  static func invertedTruth(of program: RandomPrograms.Program) -> [[Int]: Double] {
    var result: [[Int]: Double] = [:]
    var stack: [Int] = []
    func walk(_ frame: RandomPrograms.Frame) {
      if frame.selfTime > 0 {
        var path = [frame.function]
        result[path, default: 0] += frame.selfTime
        var index = stack.count - 1
        while true {
          let current = path.last!
          while index >= 0 && stack[index] == current { index -= 1 }
          guard index >= 0, !path.contains(stack[index]) else { break }
          path.append(stack[index])
          result[path, default: 0] += frame.selfTime
        }
      }
      stack.append(frame.function)
      for child in frame.children { walk(child) }
      stack.removeLast()
    }
    for top in program.tops { walk(top) }
    return result
  }

  static func functions(_ tree: CallTree, _ node: Int) -> [Int] {
    tree.path(to: node).dropFirst().map {
      Int(tree.names.name(of: Int(tree.function[$0])).name.dropFirst())!
    }
  }

  @Test func boundsHoldTheTrueTimeAndTheFirstLevelIsExact() {
    // The first 1,000 of the estimator's programs: every shape, cProfile and `profile`.
    let cases = CallTreePropertyTests.cases().prefix(1000)
    var checked = 0
    var exact = 0
    for (trial, c) in cases.enumerated() {
      let profile = RandomPrograms.profile(of: c.program, countsOnly: c.countsOnly)
      let truth = Self.invertedTruth(of: c.program)
      var tree = CallTreeBuilder.inverted(
        for: profile, parameters: CallTreeParameters(minimumFraction: 0, maximumDepth: 60))
      tree.expandAll(below: tree.top)
      let graph = profile.graph
      let ownTotal = (0..<graph.entryCount).reduce(0) { $0 + graph.tt[$1] }
      #expect(abs(tree.total[tree.top] - ownTotal) <= 1e-9 * max(1, ownTotal))
      for node in 1..<tree.count {
        let total = tree.total[node]
        let tolerance = 1e-9 * max(1, abs(total))
        let sum = tree.selfTime[node] + tree.children(node).reduce(0) { $0 + tree.total[$1] }
        #expect(abs(sum - total) <= tolerance, "trial \(trial): self + children != total")
        guard tree.isFunctionFrame(node) else { continue }
        let path = Self.functions(tree, node)
        let trueTime = truth[path] ?? 0
        let slack = 1e-9 * max(1, abs(trueTime))
        #expect(
          tree.lower[node] - slack <= trueTime && trueTime <= tree.upper[node] + slack,
          "trial \(trial) (\(c.program.shape), counts only: \(c.countsOnly)) \(path): true \(trueTime) outside [\(tree.lower[node]), \(tree.upper[node])]"
        )
        // Roots are the functions' own times; cProfile's callers record their part of it
        // (all of it, but for a function that calls itself).
        let root = tree.path(to: node)[1]
        let callsItself = graph.outgoing(Int(tree.function[root])).contains {
          graph.edgeCallee[Int($0)] == tree.function[root]
        }
        if path.count == 1 || (path.count == 2 && !c.countsOnly && !callsItself) {
          #expect(tree.isExact(node) && abs(total - trueTime) <= slack, "trial \(trial) \(path)")
        }
        checked += 1
        if tree.isExact(node) { exact += 1 }
      }
    }
    #expect(checked > 20_000)
    #expect(exact * 10 > checked)
  }

  // MARK: - From stacks

  /// Random weighted stacks over a few functions, recursion included.
  static func randomStacks(_ random: inout SplitMix64) -> [(stack: [Int], weight: Double)] {
    let count = 1 + Int(random.next() % 30)
    return (0..<count).map { _ in
      let depth = Int(random.next() % 7)
      let stack = (0..<depth).map { _ in Int(random.next() % 5) }
      return (stack, Double(1 + random.next() % 9))
    }
  }

  static func profile(_ stacks: [(stack: [Int], weight: Double)]) -> Profile {
    var samples = StackSamples()
    let ids = (0..<5).map { samples.frame(file: "t.py", line: 1, name: "f\($0)") }
    for (stack, weight) in stacks {
      samples.beginStack(weight: weight)
      for f in stack { samples.push(ids[f]) }
      samples.endStack()
    }
    return Profile(stacks: samples, weightUnit: .samples, sources: [])
  }

  /// Each node's total is the weight of the stacks whose path (as `paths` reads a stack) it
  /// starts with, and every such path prefix is a node.
  static func expectTree(
    _ tree: CallTree, holds paths: [(path: [Int], weight: Double)], _ context: String
  ) {
    var truth: [[Int]: Double] = [:]
    for (path, weight) in paths {
      for length in stride(from: 1, through: path.count, by: 1) {
        truth[Array(path.prefix(length)), default: 0] += weight
      }
    }
    var seen = 0
    for node in 1..<tree.count where tree.isFunctionFrame(node) {
      let path = functions(tree, node)
      #expect(tree.total[node] == truth[path], "\(context): \(path)")
      #expect(tree.isExact(node))
      seen += 1
    }
    #expect(seen == truth.count, "\(context): \(seen) nodes for \(truth.count) paths")
  }

  @Test func invertedStacksAreTheStacksLeafFirst() {
    var random = SplitMix64(seed: 7)
    for trial in 0..<300 {
      let stacks = Self.randomStacks(&random)
      var tree = CallTreeBuilder.inverted(
        for: Self.profile(stacks), parameters: CallTreeParameters(minimumFraction: 0))
      tree.expandAll(below: tree.top)
      Self.expectTree(
        tree, holds: stacks.map { (Array($0.stack.reversed()), $0.weight) }, "trial \(trial)")
    }
  }

  @Test func sandwichStacksAreCutAtTheOutermostFrame() {
    var random = SplitMix64(seed: 8)
    for trial in 0..<300 {
      let stacks = Self.randomStacks(&random)
      let profile = Self.profile(stacks)
      let f = Int(random.next() % 5)
      var sandwich = CallTreeBuilder.sandwich(
        of: f, in: profile, parameters: CallTreeParameters(minimumFraction: 0))
      sandwich.callers.expandAll(below: sandwich.callers.top)
      sandwich.callees.expandAll(below: sandwich.callees.top)
      let through = stacks.compactMap { s -> (at: Int, stack: [Int], weight: Double)? in
        s.stack.firstIndex(of: f).map { ($0, s.stack, s.weight) }
      }
      let cumulative = through.reduce(0) { $0 + $1.weight }
      #expect(sandwich.callers.total[sandwich.callers.top] == cumulative)
      #expect(sandwich.callees.total[sandwich.callees.top] == cumulative)
      Self.expectTree(
        sandwich.callers, holds: through.map { (Array($0.stack[...$0.at].reversed()), $0.weight) },
        "trial \(trial) callers of f\(f)")
      Self.expectTree(
        sandwich.callees, holds: through.map { (Array($0.stack[$0.at...]), $0.weight) },
        "trial \(trial) callees of f\(f)")
    }
  }
}
