import Foundation
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// Module runs (`python -m`): runpy's `exec` runs the program inside the `exec` that started
/// the profile. The re-entry is exact, so it is grown as a node and the run shows under it,
/// not behind a `↻` leaf; its bounds hold the truth of a traced run.
@Suite struct ModuleRunTests {
  static func profile(_ name: String) throws -> Profile {
    let relative = "module-runs/\(name)"
    return try PstatsImporter.decode(
      try Fixtures.bytes(relative), source: ProfileSource(path: relative, modified: nil))
  }

  static func tree(_ name: String, minimumFraction: Double = 0.001) throws -> CallTree {
    var tree = CallTree.estimated(
      from: AttributionGraph(profile: try profile(name)),
      parameters: CallTreeParameters(minimumFraction: minimumFraction))
    tree.expandAll(below: tree.top)
    return tree
  }

  static func names(_ tree: CallTree, _ node: Int) -> [String] {
    tree.path(to: node).dropFirst().map { tree.name($0)?.name ?? "" }
  }

  /// The program's own `<module>` sits under the grown re-entry, exact. Behind one `↻ exec`
  /// leaf these runs hid 98% (pytest) and 99.8% (pip) of their time; what stays behind `↻`
  /// leaves now is real recursion whose re-entries are not exact (pluggy's hooks calling
  /// hooks: the exact path down to the session's hook ends in `↻ _hookexec`; imports
  /// importing).
  @Test(arguments: [
    ("pytest.cprofile.prof", "pytest/__main__.py", 0.95),
    ("pip-list.cprofile.prof", "pip/__main__.py", 0.4),
  ])
  func theProgramRunsUnderTheGrownReentry(_ file: String, _ main: String, _ hidden: Double)
    throws
  {
    var tree = try Self.tree(file)
    let runpy = [
      "<built-in method builtins.exec>", "<module>", "run_module", "_run_code",
      "<built-in method builtins.exec>",
    ]
    let reentry = try #require(
      (1..<tree.count).first {
        tree.flags[$0].contains(.reentry) && Self.names(tree, $0) == runpy
      })
    #expect(tree.isExact(reentry))
    let program = try #require(
      tree.children(reentry).first { tree.name($0)?.file.hasSuffix(main) == true })
    #expect(tree.isExact(program), "\(file): the module's <module> is not exact")
    #expect(tree.total[program] >= 0.9 * tree.total[reentry])
    let unplaced = tree.unplacedTime()
    #expect(unplaced.recursionShare < hidden, "\(file): \(unplaced.summary)")
    #expect(unplaced.unattributedShare < 0.01, "\(file): \(unplaced.summary)")
  }

  /// A `python -m json.tool` run traced whole: every node's bounds hold the true time of its
  /// path (paths under the truth file's cutoff took less than the cutoff).
  @Test func boundsHoldTheTracedTruth() throws {
    let tree = try Self.tree("json-tool.live.prof", minimumFraction: 1e-4)
    let data = try Data(
      contentsOf: Fixtures.pstats.appendingPathComponent("module-runs/json-tool.live.truth.json"))
    let recorded = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    let cutoff = (recorded["cutoff"] as! NSNumber).doubleValue
    var truth: [[String]: (low: Double, high: Double)] = [:]
    for entry in recorded["paths"] as! [[Any]] {
      let path = (entry[0] as! [[Any]]).map { "\($0[0]):\($0[1]):\($0[2])" }
      truth[path] = ((entry[1] as! NSNumber).doubleValue, (entry[2] as! NSNumber).doubleValue)
    }
    var checked = 0
    var grown = 0
    for node in 1..<tree.count where tree.isFunctionFrame(node) {
      let path = tree.path(to: node).dropFirst().map { n -> String in
        let name = tree.name(n)!
        return "\(name.file):\(name.line):\(name.name)"
      }
      let (low, high) = truth[path] ?? (0, cutoff)
      let slack = 2e-9 + 1e-9 * high
      #expect(
        tree.lower[node] - slack <= high && low <= tree.upper[node] + slack,
        "\(path.suffix(4)): true \(low)…\(high) outside [\(tree.lower[node]), \(tree.upper[node])]")
      checked += 1
      if tree.flags[node].contains(.reentry) { grown += 1 }
    }
    #expect(checked > 40)
    // runpy's `exec`, and the encoder's `_iterencode_list` inside `_iterencode_dict`: N's other
    // calls into the cycle cannot hold the rest of the edge's time, so the re-entry is exact.
    #expect(grown == 2)
  }

  /// Two runs merged: both top-level frames are `exec`'s, and cProfile's counts show that
  /// every other function's calls all had recorded callers, so every call of `exec` from a
  /// recorded caller ran inside an `exec` frame: the root holds all of `exec`'s time, exactly
  /// (before: down to its time less the imports' and runpy's calls of it).
  @Test func theRootOfMergedRunsIsExact() throws {
    let tree = try Self.tree("merged.cprofile.prof")
    let roots = tree.children(tree.top).filter { tree.kind[$0] == .root }
    let root = try #require(roots.first)
    #expect(tree.name(root)?.name == "<built-in method builtins.exec>")
    #expect(tree.isExact(root))
    // The rest of the run is the two `disable` calls that stopped the profilers.
    #expect(abs(tree.total[root] - tree.total[tree.top]) <= 1e-5 * tree.total[tree.top])
    let graph = AttributionGraph(profile: try Self.profile("merged.cprofile.prof"))
    let exec = Int(tree.function[root])
    #expect(graph.entryBounds(exec).lower == graph.ct[exec])
    #expect(graph.ct[exec] - graph.inflowUpper[exec] < 0.96 * graph.ct[exec])
  }

  /// pluggy's `_multicall` runs every hook, re-entering itself; the `pytest_cmdline_main`
  /// hook's one call (2.065 s) could sit in a re-entry only inside one of `_multicall`'s calls
  /// into its own component at least as long, and none is: it is exact under the first hook.
  @Test func aHookCallNoReentryCanHoldIsExact() throws {
    let tree = try Self.tree("pytest.cprofile.prof")
    let suffix = ["main", "__call__", "_hookexec", "_multicall", "pytest_cmdline_main"]
    let node = try #require(
      (1..<tree.count).first { Self.names(tree, $0).suffix(5).elementsEqual(suffix) })
    #expect(tree.isExact(node))
    #expect(tree.flags[node].contains(.singleCall))
    #expect(tree.total[node] > 0.8 * tree.total[tree.top])
  }

  /// The text tree names a grown re-entry as such.
  @Test func theTextTreeNamesTheReentry() throws {
    var tree = try Self.tree("pip-list.cprofile.prof")
    var text = ""
    CallTreeText.write(&tree, gaps: GapThresholds(), maximumDepth: 8) { text += $0 }
    let lines = text.split(separator: "\n").filter { $0.contains("(re-entry") }
    #expect(lines.count == 1)
    #expect(lines.first?.contains("{built-in method builtins.exec}") == true)
  }
}
