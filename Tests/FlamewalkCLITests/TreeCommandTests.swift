import Foundation
import Testing

/// `flamewalk tree` against the baseline oracle on profiles the machine's python3 makes,
/// and its text, gaps and error behaviour.
@Suite struct TreeCommandTests {
  static let oracle = CommandRunner.packageRoot.appendingPathComponent(
    "Tests/Fixtures/oracle/calltree_ref.py")

  /// Real nodes of a tree in the oracle's JSON schema by path ("file:line:name" joined by
  /// " › "), with their bounds.
  static func bounds(
    _ node: [String: Any], path: String = "", into result: inout [String: (Double, Double)]
  ) {
    for child in node["children"] as! [[String: Any]] {
      guard let function = child["func"] as? [Any],
        ["root", "call"].contains(child["kind"] as! String)
      else { continue }
      let next = path + " › " + function.map { "\($0)" }.joined(separator: ":")
      result[next] = (
        (child["lo"] as! NSNumber).doubleValue, (child["hi"] as! NSNumber).doubleValue
      )
      bounds(child, path: next, into: &result)
    }
  }

  /// Where two trees disagree beyond what the tightening allows: the top totals differ, or
  /// a bound of `ours` is not inside the baseline's bound on the same path (docs/estimates.md: an
  /// estimator may beat the baseline, never loosen a bound it proves).
  static func looser(_ ours: Any, than baseline: Any) -> [String] {
    let (x, y) = (ours as! [String: Any], baseline as! [String: Any])
    var issues: [String] = []
    let (p, q) = ((x["total"] as! NSNumber).doubleValue, (y["total"] as! NSNumber).doubleValue)
    if abs(p - q) > 1e-9 * max(1, p, q) { issues.append("top total \(p) != \(q)") }
    var mine: [String: (Double, Double)] = [:]
    var theirs: [String: (Double, Double)] = [:]
    bounds(x, into: &mine)
    bounds(y, into: &theirs)
    for (path, (lower, upper)) in mine {
      guard let (baseLower, baseUpper) = theirs[path], baseLower <= baseUpper else { continue }
      let slack = 1e-9 * max(1, baseUpper)
      if lower < baseLower - slack || upper > baseUpper + slack {
        issues.append("\(path): [\(lower), \(upper)] not inside [\(baseLower), \(baseUpper)]")
      }
    }
    return issues
  }

  @Test(.enabled(if: CommandRunner.python3 != nil, "python3 is not installed"))
  func realProfilesAreAtLeastAsTightAsTheOracle() throws {
    let directory = try CommandRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try PythonComparisonTests.program.write(
      to: directory.appendingPathComponent("app.py"), atomically: true, encoding: .utf8)
    for (output, module) in [("c.prof", "cProfile"), ("p.prof", "profile")] {
      let made = try CommandRunner.python(
        ["-m", module, "-o", output, "app.py"], directory: directory)
      try #require(made.status == 0, "\(made.stderr)")
      for fraction in ["0.001", "0.0001", "0.02"] {
        let reference = try CommandRunner.python(
          [Self.oracle.path, output, "--json", "--min-fraction", fraction], directory: directory)
        try #require(reference.status == 0, "\(reference.stderr)")
        let percent = String(Double(fraction)! * 100)
        let ours = try CommandRunner.flamewalk(
          "tree", output, "--format", "json", "--min-percent", percent, directory: directory)
        #expect(ours.status == 0, "\(ours.stderr)")
        let a = try JSONSerialization.jsonObject(with: Data(ours.stdout.utf8))
        let b = try JSONSerialization.jsonObject(with: Data(reference.stdout.utf8))
        let issues = Self.looser(a, than: b)
        #expect(issues.isEmpty, "\(module) at \(fraction): \(issues.prefix(5))")
      }
    }
  }

  @Test func textTreeAndGaps() throws {
    let path = CommandRunner.fixtures.appendingPathComponent(
      "variants/worked_example.synthetic.prof"
    ).path
    let text = try CommandRunner.flamewalk("tree", path)
    #expect(text.status == 0)
    #expect(text.stdout.contains("estimated from the caller graph"))
    #expect(text.stdout.contains("h  example.py:23  [est. 0.000 s .. 4.000 s]"))
    #expect(text.stdout.contains("4.000 s  30.8%  self 4.000 s  h  example.py:23  ◀ gap"))
    let gaps = try CommandRunner.flamewalk("tree", path, "--gaps")
    #expect(gaps.status == 0)
    #expect(gaps.stdout.contains("path: main › p1 › f"))
    let json = try CommandRunner.flamewalk("tree", path, "--gaps", "--format", "json")
    let list = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
    #expect(!list.isEmpty)
  }

  /// A written node's own time and its children add up to its total, as in the explorer:
  /// expanding a node can move time between its own code and its callees (an exact re-entry
  /// of `is_even` holds nearly all of the outermost `is_odd`), so nodes are expanded before
  /// they are written (before: `is_odd` written with its folded own time, 2.516 ms of 4.428).
  @Test func writtenNodesAddUp() throws {
    let path = CommandRunner.fixtures.appendingPathComponent("prof/mutual.prof").path
    // Own time by path, for the whole tree and for one cut below `is_odd`.
    var ownTimes: [[String: Double]] = []
    for depth in ["99", "5"] {
      let json = try CommandRunner.flamewalk("tree", path, "--format", "json", "--depth", depth)
      #expect(json.status == 0)
      let top = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
      var open: [([String: Any], String)] = [(top, "")]
      var own: [String: Double] = [:]
      while let (node, path) = open.popLast() {
        let children = node["children"] as! [[String: Any]]
        guard node["kind"] as? String == "call" || node["kind"] as? String == "root" else {
          open += children.map { ($0, path) }
          continue
        }
        let name = path + "/" + ((node["func"] as! [Any])[2] as! String)
        own[name] = (node["self"] as! NSNumber).doubleValue
        open += children.map { ($0, name) }
        guard !children.isEmpty else { continue }
        let total = (node["total"] as! NSNumber).doubleValue
        let parts = children.reduce(own[name]!) { $0 + ($1["total"] as! NSNumber).doubleValue }
        #expect(abs(parts - total) <= 1e-9 * max(1, total), "\(name): \(parts) of \(total)")
      }
      ownTimes.append(own)
    }
    #expect(ownTimes[0].count >= 10)
    for (name, time) in ownTimes[1] { #expect(ownTimes[0][name] == time, "\(name)") }
    let text = try CommandRunner.flamewalk("tree", path, "--depth", "5")
    #expect(text.stdout.contains("4.428 ms  52.2%  self 0.040 ms  is_odd  mutual.py:7"))
  }

  /// `--metric` picks a metric by name (an unknown one lists them); `--merge-threads` drops
  /// the thread nodes and keeps the total.
  @Test func metricsAndMergedThreads() throws {
    let path = CommandRunner.packageRoot.appendingPathComponent(
      "Tests/Fixtures/austin/full.austin"
    ).path
    let wall = try CommandRunner.flamewalk("tree", path, "--depth", "1")
    #expect(wall.status == 0)
    #expect(wall.stdout.contains("thread 3190"))
    let merged = try CommandRunner.flamewalk("tree", path, "--depth", "1", "--merge-threads")
    #expect(!merged.stdout.contains("thread 3190"))
    #expect(wall.stdout.split(separator: "\n").first == merged.stdout.split(separator: "\n").first)
    let memory = try CommandRunner.flamewalk("tree", path, "--metric", "Allocated", "--depth", "0")
    #expect(memory.status == 0)
    #expect(memory.stdout.contains("MiB"))
    let unknown = try CommandRunner.flamewalk("tree", path, "--metric", "heap")
    #expect(unknown.status != 0)
    #expect(unknown.stderr.contains("'wall time', 'cpu time', 'allocated', 'released'"))
  }

  @Test func focusAndInverted() throws {
    let path = CommandRunner.fixtures.appendingPathComponent("prof/two_callers.prof").path
    let focused = try CommandRunner.flamewalk("tree", path, "--focus", "work")
    #expect(focused.stdout.split(separator: "\n")[2].contains("work"))
    let inverted = try CommandRunner.flamewalk("tree", path, "--focus", "leaf", "--inverted")
    #expect(inverted.status == 0)
    #expect(inverted.stdout.contains("work"))
    let missing = try CommandRunner.flamewalk("tree", path, "--inverted")
    #expect(missing.status == 1)
    // Anchored patterns match the name as the views show it, as `/` does in the explorer.
    let anchored = try CommandRunner.flamewalk("tree", path, "--focus", "^work$")
    #expect(anchored.status == 0, "\(anchored.stderr)")
    #expect(anchored.stdout.split(separator: "\n")[2].contains("work"))
  }

  @Test func foldedInputIsSniffed() throws {
    let directory = try CommandRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("stacks.txt")
    try "main (a.py:1);work (a.py:5) 7\nmain (a.py:1) 3\n".write(
      to: file, atomically: true, encoding: .utf8)
    let result = try CommandRunner.flamewalk("tree", file.path)
    #expect(result.status == 0)
    #expect(result.stdout.contains("work  a.py:5"))
    let bad = directory.appendingPathComponent("bad.txt")
    try "main 3\nmain three\n".write(to: bad, atomically: true, encoding: .utf8)
    let failed = try CommandRunner.flamewalk("tree", bad.path)
    #expect(failed.status == 2)
    #expect(failed.stderr.contains("bad.txt: line 2: "))
  }
}
