import Explorer
import Foundation
import Layout
import ProfileModel
import TestSupport
import Testing

/// Golden screens: each view and feature rendered headless at 80×24 and 160×48 and compared
/// with `Tests/Fixtures/screens/NAME.txt`. Run with FLAMEWALK_UPDATE_GOLDENS=1 to rewrite
/// them after a deliberate change (then read the diff).
@Suite struct GoldenScreenTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var profile: String
    var keys: String
    var width: Int
    var height: Int
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "flame-80x24", profile: "variants/worked_example.synthetic.prof", keys: "", width: 80,
      height: 24),
    Case(name: "flame-160x48", profile: "prof/two_callers.prof", keys: "", width: 160, height: 48),
    Case(
      name: "flame-flipped-80x24", profile: "prof/two_callers.prof", keys: "f", width: 80,
      height: 24),
    Case(
      name: "flame-zoomed-80x24", profile: "variants/worked_example.synthetic.prof",
      keys: "Down Down Enter", width: 80, height: 24),
    Case(
      name: "flame-search-80x24", profile: "variants/worked_example.synthetic.prof",
      keys: "/ ^(g|h)$ Enter", width: 80, height: 24),
    Case(
      name: "flame-gap-160x48", profile: "prof/recursion.prof", keys: "g", width: 160, height: 48),
    Case(name: "flame-folded-80x24", profile: "folded", keys: "", width: 80, height: 24),
    Case(
      name: "tree-80x24", profile: "variants/worked_example.synthetic.prof", keys: "2 E", width: 80,
      height: 24),
    Case(name: "tree-160x48", profile: "prof/mutual.prof", keys: "2 E", width: 160, height: 48),
    Case(
      name: "tree-percent-80x24", profile: "variants/worked_example.synthetic.prof", keys: "2 E %",
      width: 80, height: 24),
    Case(name: "tree-folded-160x48", profile: "folded", keys: "2 E", width: 160, height: 48),
    Case(
      name: "functions-80x24", profile: "prof/two_callers.prof", keys: "3", width: 80, height: 24),
    Case(
      name: "functions-160x48", profile: "prof/class_method.prof", keys: "3 s", width: 160,
      height: 48),
    Case(
      name: "callers-80x24", profile: "prof/two_callers.prof", keys: "/ work Enter c", width: 80,
      height: 24),
    Case(name: "gaps-80x24", profile: "prof/two_callers.prof", keys: "5", width: 80, height: 24),
    Case(
      name: "inverted-100x30", profile: "prof/two_callers.prof", keys: "6 E", width: 100,
      height: 30),
    Case(name: "inverted-folded-100x30", profile: "folded", keys: "6 E", width: 100, height: 30),
    Case(
      name: "tree-libraries-hidden-120x30", profile: "prof/builtins_demo.prof", keys: "i 2 E",
      width: 120, height: 30),
    Case(
      name: "sandwich-100x30", profile: "prof/two_callers.prof", keys: "/ work Enter 7 j",
      width: 100, height: 30),
    Case(
      name: "sandwich-folded-100x30", profile: "folded", keys: "/ crunch Enter 7", width: 100,
      height: 30),
    Case(
      name: "time-order-100x24", profile: "trace/small_work.viztracer.json", keys: "8 j j j",
      width: 100, height: 24),
    Case(
      name: "time-order-zoomed-80x24", profile: "trace/threads.chrome.json",
      keys: "8 l j j j j Enter", width: 80, height: 24),
    Case(name: "help-80x24", profile: "prof/two_callers.prof", keys: "?", width: 80, height: 24),
    Case(name: "help-160x48", profile: "prof/two_callers.prof", keys: "?", width: 160, height: 48),
    Case(
      name: "prompt-80x24", profile: "prof/two_callers.prof", keys: "/ lea", width: 80, height: 24),
    Case(
      name: "minimum-40x10", profile: "prof/two_callers.prof", keys: "Down", width: 40, height: 10),
    Case(
      name: "too-small-39x10", profile: "prof/two_callers.prof", keys: "", width: 39, height: 10),
  ]

  static let screens = ExplorerFixtures.root.appendingPathComponent("screens")

  @Test(arguments: cases)
  func screenMatchesGolden(_ item: Case) throws {
    let profile =
      item.profile == "folded"
      ? try ExplorerFixtures.foldedProfile(ExplorerFixtures.foldedText)
      : item.profile.hasPrefix("trace/")
        ? try ExplorerFixtures.load(item.profile) : try ExplorerFixtures.profile(item.profile)
    var state = ExplorerFixtures.state(profile, width: item.width, height: item.height)
    ExplorerFixtures.press(item.keys, &state)
    try Self.expectGolden(item.name, ExplorerFixtures.screen(state))
  }

  /// Compares a screen with `Tests/Fixtures/screens/NAME.txt` (or rewrites the file).
  static func expectGolden(_ name: String, _ screen: String) throws {
    let text = screen + "\n"
    let file = screens.appendingPathComponent(name + ".txt")
    if ProcessInfo.processInfo.environment["FLAMEWALK_UPDATE_GOLDENS"] != nil {
      try text.write(to: file, atomically: true, encoding: .utf8)
      return
    }
    let golden = try String(contentsOf: file, encoding: .utf8)
    if text != golden {
      print("--- \(name): rendered screen ---\n\(text)")
    }
    #expect(text == golden, "screen \(name) differs from its golden file")
  }

  @Test func selectionGapAndMatchUseTheirStyles() throws {
    let profile = try ExplorerFixtures.profile("variants/worked_example.synthetic.prof")
    var state = ExplorerFixtures.state(profile)
    ExplorerFixtures.press("/ ^h$ Enter 0 k k k", &state)
    let theme = Theme.standard
    let grid = ScreenRenderer(theme: theme).render(state)
    // Back at the root with main selected: row 1 is main.
    #expect(ExplorerFixtures.selectedName(state) == "main")
    #expect(grid[0, 1].style == theme.style(.selected))
    let styles = Set(
      (0..<grid.width).flatMap { x in (1..<grid.height - 2).map { grid[x, $0].style } })
    #expect(styles.contains(theme.style(.match)))
    #expect(styles.contains(theme.style(.gap)))
  }

  @Test func noControlCharacterReachesTheGrid() throws {
    let profile = try ExplorerFixtures.foldedProfile("main;evil\u{1b}[2J\u{07} 5\nmain 1\n")
    var state = ExplorerFixtures.state(profile)
    ExplorerFixtures.press("Down", &state)
    for view in ["1", "2", "3", "5"] {
      ExplorerFixtures.press(view, &state)
      let grid = ScreenRenderer(theme: .standard).render(state)
      #expect(!grid.cells.contains { $0.scalar.value < 0x20 || $0.scalar.value == 0x7F })
    }
    #expect(ExplorerFixtures.screen(state).contains("\\x1b[2J"))
  }
}
