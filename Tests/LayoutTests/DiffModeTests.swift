import Explorer
import Foundation
import Layout
import ProfileFormats
import ProfileModel
import Screen
import TestSupport
import Testing

/// The explorer in diff mode (`flamewalk diff`): a real before/after pair, where `checksum`
/// got four times slower, and small runs whose every number is known.
struct DiffModeTests {
  static func diffFixture(_ name: String) throws -> Profile {
    let url = ExplorerFixtures.root.appendingPathComponent("diff/" + name)
    return try PstatsImporter.decode(
      Array(try Data(contentsOf: url)), source: ProfileSource(path: name, modified: nil))
  }

  static func state(
    base: Profile, new: Profile, matching: FunctionMatching = .nameAndFile, width: Int = 100,
    height: Int = 30
  ) -> ExplorerState {
    ExplorerState.comparing(
      base: base, new: new, matching: matching, title: "base → new", width: width,
      height: height)
  }

  static func status(_ state: ExplorerState) -> String {
    StatusText.describe(state.selection, in: state)
  }

  @Test func gWalksTheRealRegressionFirst() throws {
    var state = Self.state(
      base: try Self.diffFixture("before.prof"), new: try Self.diffFixture("after.prof"))
    #expect(ExplorerFixtures.screen(state).hasPrefix(" flamewalk · Flame · diff base → new"))
    ExplorerFixtures.press("g", &state)
    #expect(ExplorerFixtures.selectedName(state) == "checksum")
    #expect(state.message?.hasPrefix("regression 1/") == true, "\(state.message ?? "")")
    #expect(Self.status(state).contains("Δ +"), "\(Self.status(state))")
    // G goes back round to the last regression, g again to the first.
    ExplorerFixtures.press("G g", &state)
    #expect(ExplorerFixtures.selectedName(state) == "checksum")
    // The functions table lists checksum first (by the change of its own time).
    ExplorerFixtures.press("3", &state)
    let first = try #require(state.changeRows().first)
    #expect(state.comparison!.functions.entries[first].function.name == "checksum")
    let screen = ExplorerFixtures.screen(state)
    #expect(screen.split(separator: "\n")[2].contains("checksum"), "\(screen)")
    // Enter on it opens its callers and callees in the new run.
    ExplorerFixtures.press("Enter", &state)
    #expect(state.view == .callers)
    #expect(state.profile.graph.name(of: state.focusFunction!).name == "checksum")
  }

  /// Golden screens of the real pair: the flame graph after `g`, the tree, the functions
  /// table, normalized, and the help.
  @Test(arguments: [
    ("diff-flame-100x30", "g"), ("diff-tree-100x30", "2 E"), ("diff-functions-100x30", "3"),
    ("diff-normalized-tree-100x30", "2 E d"), ("diff-help-100x30", "?"),
  ])
  func screensMatchTheirGoldens(_ name: String, _ keys: String) throws {
    var state = Self.state(
      base: try Self.diffFixture("before.prof"), new: try Self.diffFixture("after.prof"))
    ExplorerFixtures.press(keys, &state)
    try GoldenScreenTests.expectGolden(name, ExplorerFixtures.screen(state))
  }

  @Test func aRunAgainstItselfHasNoRegression() throws {
    let run = try Self.diffFixture("before.prof")
    var state = Self.state(base: run, new: run)
    ExplorerFixtures.press("g", &state)
    #expect(state.message == "no call path's own time grew")
    ExplorerFixtures.press("2 E", &state)
    let screen = ExplorerFixtures.screen(state)
    #expect(screen.contains("±0.000 ms") && !screen.contains("removed"), "\(screen)")
  }

  /// Known numbers: `b` only in the base run (removed), `c` only in the new one, `a` slower.
  @Test func treeShowsBothRunsTheChangeAndRemovedCallees() throws {
    let base = try ExplorerFixtures.foldedProfile("main;a 5\nmain;b 3\nmain 2\n")
    let new = try ExplorerFixtures.foldedProfile("main;a 9\nmain;c 2\nmain 2\n")
    var state = Self.state(base: base, new: new)
    ExplorerFixtures.press("2", &state)
    let rows = ExplorerFixtures.screen(state).split(separator: "\n").map(String.init)
    #expect(rows[1].contains("base") && rows[1].contains("Δ%"), "\(rows[1])")
    func row(_ name: String) -> String { rows.first { $0.contains(" " + name) } ?? "" }
    #expect(row("main").hasPrefix("        10         13          +3  +30.0%"), "\(rows)")
    #expect(row("a").hasPrefix("         5          9          +4  +40.0%"), "\(rows)")
    #expect(row("c").hasPrefix("         —          2          +2     new"), "\(rows)")
    #expect(row("✕ b").hasPrefix("         3          —          -3  -30.0%"), "\(rows)")
    #expect(row("✕ b").contains("removed: only in the base run"))
    // The status line: both runs and the change; c is new.
    ExplorerFixtures.press("Down", &state)
    #expect(Self.status(state).contains("base 5 → new 9  Δ +4 +40.0%"), "\(Self.status(state))")
    ExplorerFixtures.press("Down", &state)
    #expect(Self.status(state).contains("new in this run"), "\(Self.status(state))")
    // d: each run as 100% of itself — a is 50% of the base run, 69.23% of the new one.
    ExplorerFixtures.press("Up d", &state)
    #expect(state.comparison!.normalized)
    #expect(Self.status(state).contains("base 50.00% → new 69.23%"), "\(Self.status(state))")
    #expect(
      ExplorerFixtures.screen(state).hasPrefix(" flamewalk · Tree · diff base → new · normalized"))
    // s sorts the tree by Δ: c (+2) before... a (+4) first.
    ExplorerFixtures.press("d s s s s", &state)
    #expect(state.treeSort == .change)
    let sorted = ExplorerFixtures.screen(state).split(separator: "\n").map(String.init)
    let a = try #require(sorted.firstIndex { $0.hasSuffix("  a") || $0.contains("   a  ") })
    let c = try #require(sorted.firstIndex { $0.contains(" c") && $0.contains("new") })
    #expect(a < c, "\(sorted)")
  }

  @Test func functionsTableMarksFunctionsOfOneRun() throws {
    let base = try ExplorerFixtures.foldedProfile("main;a 5\nmain;b 3\n")
    let new = try ExplorerFixtures.foldedProfile("main;a 9\nmain;c 2\n")
    var state = Self.state(base: base, new: new)
    ExplorerFixtures.press("3", &state)
    let names = state.changeRows().map { state.comparison!.functions.entries[$0].function.name }
    #expect(names == ["a", "c", "main", "b"])
    let screen = ExplorerFixtures.screen(state)
    #expect(screen.contains("+ c") && screen.contains("(new)"), "\(screen)")
    #expect(screen.contains("✕ b") && screen.contains("(only in the base run)"), "\(screen)")
    // Enter on a function only the base run has says so and stays.
    ExplorerFixtures.press("End Enter", &state)
    #expect(state.view == .functions)
    #expect(state.message == "b is only in the base run")
    ExplorerFixtures.press("s", &state)
    #expect(
      state.changeSort == .cumulativeChange && state.message == "functions sorted by Δ cumulative")
  }

  /// The flame graph names callees only the base run has in the room their caller's own
  /// time leaves below it.
  @Test func flameNamesRemovedCalleesBelowTheirCaller() throws {
    let base = try ExplorerFixtures.foldedProfile("main;a 5\nmain;b 3\nmain 4\n")
    let new = try ExplorerFixtures.foldedProfile("main;a 9\nmain;c 2\nmain 4\n")
    let state = Self.state(base: base, new: new)
    let lines = ExplorerFixtures.screen(state).split(separator: "\n").map(String.init)
    let main = try #require(lines.firstIndex { $0.hasPrefix("main") })
    #expect(lines[main + 1].contains("✕ b"), "\(lines)")
    #expect(lines[main + 1].hasPrefix("a"), "\(lines)")
  }

  /// Callers and callees: each call's time in both runs and the change.
  @Test func callersAndCalleesShowBothRuns() throws {
    let base = try ExplorerFixtures.foldedProfile("main;a 5\nmain;b 3\nmain 2\n")
    let new = try ExplorerFixtures.foldedProfile("main;a 9\nmain;c 2\nmain 2\n")
    var state = Self.state(base: base, new: new)
    ExplorerFixtures.press("c", &state)
    #expect(state.view == .callers)
    let rows = ExplorerFixtures.screen(state).split(separator: "\n").map(String.init)
    #expect(rows[1].hasPrefix("      base        new           Δ  callers"), "\(rows)")
    #expect(rows.contains("        10         13          +3  ● main"), "\(rows)")
    #expect(rows.contains("         5          9          +4    → a"), "\(rows)")
    #expect(rows.contains("         0          2          +2    → c"), "\(rows)")
  }

  @Test func keysThatRebuildTheTreeAreRefused() throws {
    let base = try ExplorerFixtures.foldedProfile("main;a 5\n")
    var state = Self.state(base: base, new: base)
    for key in ["m", "T", "r"] {
      ExplorerFixtures.press(key, &state)
      #expect(state.message?.contains("not while comparing two runs") == true, "\(key)")
    }
    // Outside diff mode, d says what it is for.
    var plain = ExplorerFixtures.state(base)
    ExplorerFixtures.press("d", &plain)
    #expect(plain.message?.contains("flamewalk diff") == true)
  }

  /// Frames are coloured by the change of their call path: warm for growth, cool for
  /// shrinkage, grey within noise; the colour-blind theme uses orange, not red.
  @Test func flameFramesTakeTheChangeColour() throws {
    let base = try ExplorerFixtures.foldedProfile("main;grow 10\nmain;shrink 50\nmain;same 40\n")
    let new = try ExplorerFixtures.foldedProfile("main;grow 30\nmain;shrink 30\nmain;same 40\n")
    let state = Self.state(base: base, new: new)
    func background(_ name: String, _ theme: Theme) throws -> ThemeColor {
      let grid = ScreenRenderer(theme: theme).render(state)
      let lines = grid.text.split(separator: "\n", omittingEmptySubsequences: false)
      let y = try #require(lines.firstIndex { $0.contains(name) })
      let x = lines[y].distance(
        from: lines[y].startIndex, to: lines[y].range(of: name)!.lowerBound)
      return grid[x, y].style.background
    }
    let standard = Theme.standard
    #expect(try background("grow", standard) == standard.changeStyle(0.2).background)
    #expect(try background("shrink", standard) == standard.changeStyle(-0.2).background)
    #expect(try background("same", standard) == standard.changeStyle(0).background)
    #expect(standard.changeStyle(0.2).background != standard.changeStyle(-0.2).background)
    let colorblind = Theme.builtin("colorblind")!
    #expect(colorblind.changeStyle(0.2).background != standard.changeStyle(0.2).background)
    let mono = Theme.builtin("mono")!
    #expect(mono.changeStyle(0.2).reverse && !mono.changeStyle(-0.2).reverse)
  }
}
