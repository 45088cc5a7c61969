import Explorer
import Layout
import ProfileModel
import Screen
import TestSupport
import Testing

/// Key sequences → state, without a terminal: navigation, zoom, views, tree expansion,
/// search and gaps behave as the key reference says.
@Suite struct ReducerTests {
  let profile: Profile

  init() throws {
    profile = try ExplorerFixtures.profile("variants/worked_example.synthetic.prof")
  }

  func start(_ keys: String = "", width: Int = 80, height: Int = 24) -> ExplorerState {
    var state = ExplorerFixtures.state(profile, width: width, height: height)
    ExplorerFixtures.press(keys, &state)
    return state
  }

  @Test func startsOnTheLargestRootInTheFlameView() {
    let state = start()
    #expect(state.view == .flame)
    #expect(ExplorerFixtures.selectedName(state) == "main")
    #expect(state.zoomStack.isEmpty)
  }

  @Test func flameNavigation() {
    #expect(ExplorerFixtures.selectedName(start("Down")) == "p2")
    #expect(ExplorerFixtures.selectedName(start("j")) == "p2")
    #expect(ExplorerFixtures.selectedName(start("Down Right")) == "p1")
    #expect(ExplorerFixtures.selectedName(start("Down l h")) == "p2")
    #expect(ExplorerFixtures.selectedName(start("Down Down Up")) == "p2")
    #expect(ExplorerFixtures.selectedName(start("Down k")) == "main")
    // Flipped, up goes to the callee.
    #expect(ExplorerFixtures.selectedName(start("f Up")) == "p2")
  }

  @Test func zoomInOutAndReset() {
    var state = start("Down Down Enter")
    #expect(state.tree.name(state.zoomRoot)?.name == "f")
    ExplorerFixtures.press("Escape", &state)
    #expect(state.zoomStack.isEmpty)
    state = start("Down Enter Down Enter")
    #expect(state.zoomStack.count == 2)
    #expect(state.tree.name(state.zoomRoot)?.name == "f")
    ExplorerFixtures.press("BSpace", &state)
    #expect(state.zoomStack.count == 1)
    ExplorerFixtures.press("u 0", &state)
    #expect(state.zoomStack.isEmpty)
    ExplorerFixtures.press("Down Enter Home", &state)
    #expect(state.zoomStack.isEmpty)
  }

  @Test func tabKeepsTheSelectionAcrossViews() {
    var state = start("Down Down Tab")
    #expect(state.view == .tree)
    #expect(ExplorerFixtures.selectedName(state) == "f")
    #expect(state.treeRows().contains { $0.node == state.selection })
    ExplorerFixtures.press("Tab", &state)
    #expect(state.view == .functions)
    ExplorerFixtures.press("1", &state)
    #expect(state.view == .flame)
    #expect(ExplorerFixtures.selectedName(state) == "f")
  }

  @Test func treeExpandCollapse() {
    var state = start("2")
    #expect(state.view == .tree)
    let before = state.treeRows().count
    ExplorerFixtures.press("Right", &state)
    #expect(ExplorerFixtures.selectedName(state) == "p2")
    ExplorerFixtures.press("Right", &state)
    #expect(state.expanded.contains(state.selection))
    #expect(state.treeRows().count > before)
    ExplorerFixtures.press("Left", &state)
    #expect(!state.expanded.contains(state.selection))
    ExplorerFixtures.press("Left", &state)
    #expect(ExplorerFixtures.selectedName(state) == "main")
    ExplorerFixtures.press("Space", &state)
    #expect(!state.expanded.contains(state.selection))
    ExplorerFixtures.press("Space", &state)
    #expect(state.expanded.contains(state.selection))
  }

  @Test func hotPathExpandAllCollapseAll() {
    var state = start("2 e")
    #expect(ExplorerFixtures.selectedName(state) == "h")
    ExplorerFixtures.press("C", &state)
    #expect(ExplorerFixtures.selectedName(state) == "main")
    ExplorerFixtures.press("E", &state)
    let names = state.treeRows().filter(\.isNode).compactMap { state.tree.name($0.node)?.name }
    #expect(names.filter { $0 == "f" }.count == 2)
    #expect(names.filter { $0 == "g" }.count == 2)
  }

  @Test func treeSortCycles() {
    var state = start("2 s")
    #expect(state.treeSort == .selfTime)
    ExplorerFixtures.press("s s s", &state)
    #expect(state.treeSort == .total)
  }

  @Test func searchMatchesLargestFirstAndCountsNestedTimeOnce() {
    var state = start("/ f Enter")
    let search = state.search!
    #expect(search.matches.count == 2)
    #expect(state.tree.total[search.matches[0]] >= state.tree.total[search.matches[1]])
    #expect(state.selection == search.matches[0])
    // f under p2 (6 s) and under p1 (4 s): 10 of 13 s.
    #expect(abs(search.shareOfTotal - 10.0 / 13) < 1e-12)
    ExplorerFixtures.press("n", &state)
    #expect(state.selection == search.matches[1])
    ExplorerFixtures.press("N", &state)
    #expect(state.selection == search.matches[0])
    // Smart case: "F" matches nothing here; "m.*n" matches main.
    let upper = start("/ F Enter")
    #expect(upper.search?.matches.isEmpty == true)
    let main = start("/ m.*n Enter")
    #expect(main.search?.matches.count == 1)
  }

  @Test func searchPromptEditsAndCancels() {
    var state = start("/ pX BSpace")
    #expect(state.prompt == "p")
    ExplorerFixtures.press("Escape", &state)
    #expect(state.prompt == nil)
    #expect(state.search == nil)
    state = start("/ ( Enter")
    #expect(state.search?.error != nil)
  }

  @Test func starSearchesTheSelectedFunction() {
    let state = start("Down Down *")
    #expect(state.search?.pattern == "^f$")
    #expect(state.search?.matches.count == 2)
  }

  @Test func gapsWalkInRankOrder() {
    var state = start("g")
    let first = state.selection
    #expect(state.message?.hasPrefix("gap 1/") == true)
    ExplorerFixtures.press("g", &state)
    #expect(state.selection != first)
    ExplorerFixtures.press("G", &state)
    #expect(state.selection == first)
    var copy = state
    let (gaps, _) = copy.rankedGaps()
    #expect(gaps.first?.node == first)
  }

  @Test func broadProfilesSayNoNodePassesTheThresholds() throws {
    let flat = try ExplorerFixtures.foldedProfile(
      (0..<200).map { "main;f\($0) 1" }.joined(separator: "\n") + "\n")
    var state = ExplorerState(
      profile: flat, tree: CallTreeBuilder.tree(for: flat), width: 80, height: 24)
    state.handle(.character("g"))
    #expect(state.message?.contains("no node passes the gap thresholds") == true)
    #expect(state.message?.contains("--gap-share") == true)
  }

  @Test func helpOpensAndAnyKeyCloses() {
    var state = start("?")
    #expect(state.showHelp)
    ExplorerFixtures.press("Down", &state)
    #expect(state.showHelp)
    ExplorerFixtures.press("x", &state)
    #expect(!state.showHelp)
    #expect(!state.shouldQuit)
    ExplorerFixtures.press("q", &state)
    #expect(state.shouldQuit)
  }

  @Test func tablesCallersAndGapsViews() {
    var state = start("3")
    #expect(state.view == .functions)
    ExplorerFixtures.press("Down Enter", &state)
    #expect(state.view == .callers)
    #expect(state.focusFunction != nil)
    var callers = start("Down Down c")
    #expect(callers.view == .callers)
    #expect(callers.callerRows().filter { $0.kind == .caller }.count == 2)
    ExplorerFixtures.press("Escape", &callers)
    #expect(callers.view == .flame)
    var gaps = start("5")
    #expect(gaps.view == .gaps)
    ExplorerFixtures.press("Enter", &gaps)
    #expect(gaps.view == .flame)
  }

  @Test func mouseClickSelectsAndDoubleClickZooms() {
    var state = start("", width: 80, height: 24)
    // Row 2 of the screen is the second flame row (p2 starts at the left).
    ScreenInput.handle(.mouse(MouseEvent(.click, x: 1, y: 2)), in: &state)
    #expect(ExplorerFixtures.selectedName(state) == "p2")
    ScreenInput.handle(.mouse(MouseEvent(.doubleClick, x: 1, y: 2)), in: &state)
    #expect(state.tree.name(state.zoomRoot)?.name == "p2")
  }

  @Test func mouseInTables() {
    var state = start("3")
    // Row 2 of the screen is the first table row (the header is row 1).
    ScreenInput.handle(.mouse(MouseEvent(.click, x: 5, y: 3)), in: &state)
    #expect(state.tableRow == 1)
    ScreenInput.handle(.mouse(MouseEvent(.doubleClick, x: 5, y: 2)), in: &state)
    #expect(state.view == .callers)
  }

  @Test func resizeAndTooSmall() {
    var state = start()
    state.handle(.resize(width: 30, height: 8))
    #expect(state.isTooSmall)
    #expect(ExplorerFixtures.screen(state).contains("terminal too small"))
    state.handle(.resize(width: 40, height: 10))
    #expect(!state.isTooSmall)
  }

  /// docs/keys.md, written by hand, names every character key the key map binds (the help
  /// overlay is generated from the key map, so only the document can drift).
  @Test func everyBoundKeyIsInTheKeyReference() throws {
    let keys = ExplorerFixtures.root.deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("docs/keys.md")
    let text = try String(contentsOf: keys, encoding: .utf8)
    // The first cell of every table row: the keys it documents.
    let rows = text.split(separator: "\n").filter { $0.hasPrefix("| ") }
      .map { $0.dropFirst(2).prefix { $0 != "|" } }.joined(separator: "\n")
    for binding in KeyMap.standard.bindings {
      for key in binding.keys {
        guard case .character(let c) = key else { continue }
        // Digits are listed as a range (`1`–`8`).
        if ("1"..."9").contains(c) {
          let covered = (Int(String(c))!...9).contains { rows.contains("`1`–`\($0)`") }
          #expect(covered, "docs/keys.md lists no range of view keys that holds \(c)")
          continue
        }
        #expect(rows.contains("`\(c)`"), "docs/keys.md does not list `\(c)` (\(binding.action))")
      }
    }
  }
}

/// The functions table sorts by name in code-point order, long common prefixes included.
@Suite struct FunctionTableTests {
  @Test func nameSortIsCodePointOrder() throws {
    let names = [
      "very_long_common_prefix_function_b", "very_long_common_prefix_function_a", "Zeta", "alpha",
      "ünïcøde", "zeta", "very_long_common_prefix_functio", "a",
    ]
    let text = names.map { "\($0) (m.py:1) 1" }.joined(separator: "\n") + "\n"
    let profile = try ExplorerFixtures.foldedProfile(text)
    var state = ExplorerFixtures.state(profile)
    ExplorerFixtures.press("3 s s s", &state)
    #expect(state.functionSort == .name)
    let sorted = state.functionRows().map { profile.graph.name(of: $0).name }
    let expected = names.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    #expect(sorted == expected)
    // The diff explorer's functions table sorts names the same way (Swift's own String order
    // would put "e\u{301}" (decomposed) beside "é" and differ from pstats' order).
    let decomposed = "e\u{301}x"
    let all = names + [decomposed]
    let diffText = all.map { "\($0) (m.py:1) 1" }.joined(separator: "\n") + "\n"
    let run = try ExplorerFixtures.foldedProfile(diffText)
    var diff = ExplorerState.comparing(
      base: run, new: run, matching: .nameAndFile, title: "a → b", width: 120, height: 40)
    ExplorerFixtures.press("3 s s s", &diff)
    #expect(diff.changeSort == .name)
    let diffSorted = diff.changeRows().map { diff.comparison!.functions.entries[$0].function.name }
    #expect(
      diffSorted
        == all.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) })
  }
}
