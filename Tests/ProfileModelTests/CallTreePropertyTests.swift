import Foundation
import ProfileModel
import TestSupport
import Testing

/// Spec B.5 and B.6 as property tests: random programs (plain, recursive, import-shaped; as
/// cProfile and as the pure-Python `profile` module records them) give exact pstats data; the
/// estimated tree must keep the invariants of B.3.5, its bounds must hold the true,
/// recursion-folded time of every path, and — against the baseline estimator of B.3
/// (`calltree_ref.py`) on the same programs — its bounds must lie inside the baseline's and
/// its estimates be no further from the truth.
@Suite struct CallTreePropertyTests {
  struct Case {
    var program: RandomPrograms.Program
    var countsOnly: Bool
  }

  /// 3,000 programs: a fifth import-shaped, the rest half plain and half recursive; every
  /// fourth recorded by the `profile` module (counts only, everything under its frame).
  static func cases() -> [Case] {
    var random = SplitMix64(seed: 2026)
    return (0..<3000).map { i in
      let shape: RandomPrograms.Shape =
        i % 5 == 0 ? .importing : (i % 2 == 0 ? .plain : .recursive)
      let countsOnly = i % 3 == 2
      var program = RandomPrograms.make(shape, &random)
      if countsOnly { program = RandomPrograms.underProfilerFrame(program) }
      return Case(program: program, countsOnly: countsOnly)
    }
  }

  static func tree(_ c: Case) -> CallTree {
    var tree = CallTree.estimated(
      from: AttributionGraph(
        profile: RandomPrograms.profile(of: c.program, countsOnly: c.countsOnly)),
      parameters: CallTreeParameters(minimumFraction: 0, maximumDepth: 60))
    tree.expandAll(below: tree.top)
    return tree
  }

  static func functions(_ tree: CallTree, _ node: Int) -> [Int] {
    tree.path(to: node).dropFirst().map {
      Int(tree.names.name(of: Int(tree.function[$0])).name.dropFirst())!
    }
  }

  @Test func invariantsAndBoundsHold() {
    let cases = Self.cases()
    var nodesChecked = 0
    var exactNodes = 0
    var outside = 0
    var reentries = 0
    for (trial, c) in cases.enumerated() {
      let truth = RandomPrograms.truth(of: c.program)
      let tree = Self.tree(c)
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
        let trueTime = truth[Self.functions(tree, node)] ?? 0
        let slack = 1e-9 * max(1, abs(trueTime))
        #expect(
          tree.lower[node] - slack <= trueTime && trueTime <= tree.upper[node] + slack,
          "trial \(trial) (\(c.program.shape), counts only: \(c.countsOnly)): true \(trueTime) outside [\(tree.lower[node]), \(tree.upper[node])]"
        )
        // Recursive graphs can leave no estimate that fits every bound (the baseline allows it
        // there); elsewhere the estimate always lies inside.
        if c.program.shape == .recursive {
          if tree.flags[node].contains(.outsideBounds) { outside += 1 }
        } else {
          #expect(
            !tree.flags[node].contains(.outsideBounds),
            "trial \(trial) (\(c.program.shape)): estimate outside its bounds")
        }
        nodesChecked += 1
        if tree.isExact(node) { exactNodes += 1 }
        if tree.flags[node].contains(.reentry) { reentries += 1 }
      }
    }
    #expect(nodesChecked > 30_000)
    // The tightened bounds pin a good part of the nodes (the baseline pins far fewer).
    #expect(exactNodes * 10 > nodesChecked)
    #expect(outside * 1000 < nodesChecked)
    print("nodes checked: \(nodesChecked), exact \(exactNodes), re-entries grown \(reentries)")
    #expect(reentries > 100)
  }

  /// The run's time is under roots: `(unattributed)` at the top only where the graph cannot
  /// place it, which on these programs never happens.
  @Test func rootsCoverTheRun() {
    let cases = Self.cases()
    for (trial, c) in cases.enumerated() {
      let tree = Self.tree(c)
      let topTotal = tree.total[tree.top]
      let unattributed = tree.children(tree.top).filter { tree.kind[$0] == .unattributed }
        .reduce(0) { $0 + tree.total[$1] }
      #expect(unattributed <= 1e-6 * topTotal, "trial \(trial): \(unattributed) of \(topTotal)")
    }
  }

  @Test(.enabled(if: CommandRunnerLite.python3 != nil, "python3 is not installed"))
  func tighterAndNoLessAccurateThanTheBaseline() throws {
    let cases = Self.cases()
    let input = [
      "programs": cases.map { RandomPrograms.baselineInput($0.program, countsOnly: $0.countsOnly) }
    ]
    let data = try JSONSerialization.data(withJSONObject: input)
    let script = Fixtures.root.appendingPathComponent("oracle/baseline_trees.py").path
    let output = try CommandRunnerLite.run([script], input: data)
    let parsed = try JSONSerialization.jsonObject(with: output) as! [String: Any]
    let baseline = parsed["programs"] as! [[String: Any]]
    try #require(baseline.count == cases.count)
    var error: [String: (ours: Double, baseline: Double, truth: Double)] = [:]
    var widths = (ours: 0.0, baseline: 0.0)
    for (trial, c) in cases.enumerated() {
      let tree = Self.tree(c)
      let truth = RandomPrograms.truth(of: c.program)
      var estimate: [[Int]: Double] = [:]
      let bounds = baseline[trial]["bounds"] as! [String: [Any]]
      for node in 1..<tree.count where tree.kind[node] == .root || tree.kind[node] == .call {
        let path = Self.functions(tree, node)
        estimate[path, default: 0] += tree.total[node]
        guard let theirs = bounds[path.map { "f\($0)" }.joined(separator: ">")],
          let lower = (theirs[0] as? NSNumber)?.doubleValue,
          let upper = (theirs[1] as? NSNumber)?.doubleValue
        else { continue }
        let slack = 1e-9 * max(1, upper)
        // A baseline bound proves something only where it holds the truth: its roots raise
        // a `profile` module's entry from count shares, which can overshoot.
        let trueTime = truth[path] ?? 0
        guard lower - slack <= trueTime && trueTime <= upper + slack else { continue }
        #expect(
          tree.lower[node] >= lower - slack && tree.upper[node] <= upper + slack,
          "trial \(trial): [\(tree.lower[node]), \(tree.upper[node])] not inside [\(lower), \(upper)]"
        )
        widths.ours += tree.upper[node] - tree.lower[node]
        widths.baseline += upper - lower
      }
      // The baseline's error is over paths without re-entries (it grows none); so is ours.
      let ours = Set(truth.keys).union(estimate.keys).filter(\.isWithoutRepeats).reduce(0.0) {
        $0 + abs((estimate[$1] ?? 0) - (truth[$1] ?? 0))
      }
      let kind = "\(c.program.shape)\(c.countsOnly ? " (profile)" : "")"
      var row = error[kind] ?? (0, 0, 0)
      row.ours += ours
      row.baseline += (baseline[trial]["error"] as! NSNumber).doubleValue
      row.truth += (baseline[trial]["truth"] as! NSNumber).doubleValue
      error[kind] = row
    }
    for (kind, row) in error.sorted(by: { $0.key < $1.key }) {
      print(
        "estimate error / truth, \(kind): flamewalk \(row.ours / row.truth), baseline \(row.baseline / row.truth)"
      )
      #expect(
        row.ours <= row.baseline * (1 + 1e-9),
        "\(kind): error \(row.ours) > baseline \(row.baseline)")
    }
    print("summed bound width: flamewalk \(widths.ours), baseline \(widths.baseline)")
    #expect(widths.ours < 0.5 * widths.baseline)
  }
}

/// Just enough of a process runner for the model tests (the CLI tests have their own).
enum CommandRunnerLite {
  static let python3: URL? = {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
      let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("python3")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
  }()

  /// Runs python3 with `arguments`, feeding `input` on stdin; returns stdout.
  static func run(_ arguments: [String], input: Data) throws -> Data {
    let process = Process()
    process.executableURL = python3!
    process.arguments = arguments
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    try process.run()
    let writer = Thread {
      stdin.fileHandleForWriting.write(input)
      try? stdin.fileHandleForWriting.close()
    }
    writer.start()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return output
  }
}
