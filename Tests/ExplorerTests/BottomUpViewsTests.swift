import Explorer
import Foundation
import Layout
import ProfileModel
import Screen
import TestSupport
import Testing

/// The inverted and sandwich views: they open on the selected function, keep the one
/// selection, leave the top-down tree as it was, and refuse what needs the top-down tree.
struct BottomUpViewsTests {
  static func functionName(_ state: ExplorerState) -> String? {
    state.selectedFunction.map { state.profile.graph.name(of: $0).name }
  }

  @Test func invertedOpensOnTheSelectedFunctionsOwnTime() throws {
    let profile = try ExplorerFixtures.profile("prof/two_callers.prof")
    var state = ExplorerFixtures.state(profile, width: 120, height: 30)
    ExplorerFixtures.press("/ ^work$ Enter", &state)
    let work = try #require(state.selectedFunction)
    ExplorerFixtures.press("2 j", &state)
    let topDownSelection = state.selection
    ExplorerFixtures.press("k 6", &state)
    #expect(state.view == .inverted && state.showsInvertedTree)
    // The function's root: its own time, exactly as the file records it.
    #expect(state.selectedFunction == work)
    #expect(state.tree.kind[state.selection] == .root)
    #expect(state.tree.total[state.selection] == profile.graph.tt[work])
    #expect(state.tree.isExact(state.selection))
    let screen = ExplorerFixtures.screen(state)
    #expect(screen.contains("flamewalk · Inverted"))
    #expect(screen.contains("function: own time, then the callers it ran under"))
    #expect(StatusText.describeSelection(in: state).contains("own time"))
    // Its callers below it: cProfile records each one's part of work's own time.
    ExplorerFixtures.press("l l", &state)
    #expect(Self.functionName(state) == "cheap" || Self.functionName(state) == "expensive")
    #expect(state.tree.isExact(state.selection))
    let caller = try #require(state.selectedFunction)
    let edge = try #require(
      profile.graph.incoming(work).first { Int(profile.graph.edgeCaller[$0]) == caller })
    #expect(state.tree.total[state.selection] == profile.graph.edgeTT[edge])
    #expect(StatusText.describeSelection(in: state).contains("of work's own time ran under"))
    // Back to the top-down tree: the caller is kept as the selection, on its own node there.
    ExplorerFixtures.press("2", &state)
    #expect(!state.showsInvertedTree && state.selectedFunction == caller)
    #expect(state.tree.kind[state.selection] == .call)
    // The top-down tree is the one left: the row moved to earlier is still there.
    #expect(topDownSelection < state.tree.count)
  }

  /// The status line of an estimated frame names its parent's calls of its function.
  @Test func statusNamesTheCallsFromTheParent() throws {
    let profile = try ExplorerFixtures.profile("prof/two_callers.prof")
    var state = ExplorerFixtures.state(profile, width: 200, height: 30)
    ExplorerFixtures.press("/ ^work$ Enter", &state)
    let work = try #require(state.selectedFunction)
    let parent = Int(state.tree.parent[state.selection])
    let caller = try #require(state.tree.name(parent)?.name)
    let edge = try #require(
      profile.graph.incoming(work).first {
        Int(profile.graph.edgeCaller[$0]) == Int(state.tree.function[parent])
      })
    let expected = "calls from \(caller) \(profile.graph.edgeNC[edge])"
    #expect(StatusText.describeSelection(in: state).contains(expected))
    // Stacks record no calls: no such part.
    let stacks = try ExplorerFixtures.foldedProfile("main;work 3\n")
    var folded = ExplorerFixtures.state(stacks, width: 200, height: 30)
    ExplorerFixtures.press("j", &folded)
    #expect(!StatusText.describeSelection(in: folded).contains("calls from"))
  }

  @Test func invertedRefusesWhatNeedsTheTopDownTree() throws {
    let profile = try ExplorerFixtures.foldedProfile(
      "main;work;work;leaf 3\nmain;other;leaf 2\nmain 1\n")
    var state = ExplorerFixtures.state(profile, width: 100, height: 24)
    ExplorerFixtures.press("6", &state)
    let before = ExplorerFixtures.screen(state)
    ExplorerFixtures.press("r", &state)
    #expect(state.message?.hasPrefix("r: the inverted view shows recursion as recorded") == true)
    #expect(!state.recursionCollapsed)
    ExplorerFixtures.press("x", &state)
    #expect(state.message?.hasPrefix("x exports call stacks from the top-down views") == true)
    #expect(state.exportRequest == nil)
    // From stacks the inverted tree is exact: leaf's own 5 samples, 3 under work, 2 under other.
    ExplorerFixtures.press("Home", &state)
    #expect(Self.functionName(state) == "leaf" && state.tree.total[state.selection] == 5)
    ExplorerFixtures.press("l l", &state)
    #expect(Self.functionName(state) == "work" && state.tree.total[state.selection] == 3)
    // s cycles total and name only: the inverted tree has no unexplained time.
    ExplorerFixtures.press("s", &state)
    #expect(state.treeSort == .name)
    ExplorerFixtures.press("s", &state)
    #expect(state.treeSort == .total)
    #expect(!before.contains("unexplained"))
  }

  @Test func sandwichShowsCallersAboveCalleesBelowAndRecentres() throws {
    let profile = try ExplorerFixtures.profile("prof/two_callers.prof")
    var state = ExplorerFixtures.state(profile, width: 120, height: 30)
    ExplorerFixtures.press("/ ^work$ Enter", &state)
    let work = try #require(state.selectedFunction)
    ExplorerFixtures.press("7", &state)
    let sandwich = try #require(state.sandwich)
    #expect(state.view == .sandwich && sandwich.trees.function == work)
    // Both trees hold work's cumulative time at the root.
    for pane in 0..<2 {
      let tree = sandwich.tree(pane)
      #expect(tree.total[tree.top] == profile.graph.ct[work])
    }
    #expect(state.selectedFunction == work)
    let screen = ExplorerFixtures.screen(state)
    #expect(screen.contains("callers of work: who called it"))
    #expect(screen.contains("callees of work: what it called"))
    // The first caller row: the heavier caller, expensive.
    ExplorerFixtures.press("j", &state)
    #expect(Self.functionName(state) == "expensive")
    #expect(StatusText.describeSelection(in: state).hasPrefix("expensive"))
    #expect(StatusText.describeSelection(in: state).contains("of work's time came through"))
    // Enter puts it in the middle; Esc goes back to work.
    ExplorerFixtures.press("Enter", &state)
    #expect(state.sandwich?.trees.function == state.selectedFunction)
    #expect(Self.functionName(state) == "expensive")
    ExplorerFixtures.press("Escape", &state)
    #expect(state.sandwich?.trees.function == work)
    ExplorerFixtures.press("Escape", &state)
    #expect(state.message?.hasPrefix("no function before this one") == true)
    // Closing a row hides its callers; c opens the row's function's callers and callees.
    let rows = state.sandwich?.rows.count ?? 0
    ExplorerFixtures.press("Home Left", &state)
    #expect((state.sandwich?.rows.count ?? 0) < rows)
    ExplorerFixtures.press("Right", &state)
    #expect(state.sandwich?.rows.count == rows)
    ExplorerFixtures.press("End c", &state)
    #expect(state.view == .callers && state.focusFunction != nil)
  }

  /// A pane lists a few screens of rows and more as the cursor goes down (the trees grow
  /// only as far as is listed); End lists the last pane to its end; past `sandwichRowLimit`
  /// rows the title says the pane is cut.
  @Test func longPanesAreListedAsTheCursorGoes() throws {
    let text = (0..<600).map { "main;hub;leaf\($0) 1" }.joined(separator: "\n") + "\n"
    let profile = try ExplorerFixtures.foldedProfile(text)
    var state = ExplorerFixtures.state(profile, width: 120, height: 30)
    ExplorerFixtures.press("/ ^hub$ Enter 7", &state)
    var sandwich = try #require(state.sandwich)
    let step = 2 * state.viewRows
    #expect(sandwich.truncated == [false, true])
    #expect(sandwich.rows.count { $0.pane == 1 } == step)
    #expect(!ExplorerFixtures.screen(state).contains("(first "))
    // Down through the callees: the listing keeps ahead of the cursor.
    for _ in 0..<150 { ExplorerFixtures.press("j", &state) }
    sandwich = try #require(state.sandwich)
    #expect(sandwich.cursor == 150)
    #expect(sandwich.rows.count { $0.pane == 1 } > 150 - sandwich.rows.count { $0.pane == 0 })
    #expect(sandwich.truncated[1])
    ExplorerFixtures.press("End", &state)
    sandwich = try #require(state.sandwich)
    #expect(sandwich.truncated == [false, false])
    #expect(sandwich.rows.count { $0.pane == 1 } == 601)
    #expect(sandwich.cursor == sandwich.rows.count - 1)

    var capped = ExplorerFixtures.state(profile, width: 120, height: 30)
    capped.sandwichRowLimit = 100
    ExplorerFixtures.press("/ ^hub$ Enter 7 End", &capped)
    #expect(capped.sandwich?.rows.count { $0.pane == 1 } == 100)
    #expect(ExplorerFixtures.screen(capped).contains("(first 100 rows) callees of hub"))
  }

  @Test func sandwichRowsAnswerTheMouse() throws {
    let profile = try ExplorerFixtures.profile("prof/two_callers.prof")
    var state = ExplorerFixtures.state(profile, width: 120, height: 30)
    ExplorerFixtures.press("/ ^work$ Enter 7", &state)
    // Line 1 is the callers' title, line 2 the middle function, line 3 its first caller.
    ScreenInput.handle(.mouse(MouseEvent(.click, x: 30, y: 3)), in: &state)
    #expect(Self.functionName(state) == "expensive")
    ScreenInput.handle(.mouse(MouseEvent(.click, x: 30, y: 1)), in: &state)
    #expect(Self.functionName(state) == "expensive")
    ScreenInput.handle(.mouse(MouseEvent(.doubleClick, x: 30, y: 3)), in: &state)
    #expect(state.sandwich.map { profile.graph.name(of: $0.trees.function).name } == "expensive")
  }

  @Test func bottomUpViewsWaitOutsideDiffMode() throws {
    let base = try ExplorerFixtures.profile("prof/two_callers.prof")
    var state = ExplorerState.comparing(
      base: base, new: base, matching: .nameAndFile, title: "a → b", width: 100, height: 30)
    for key in ["6", "7"] {
      ExplorerFixtures.press(key, &state)
      #expect(state.view == .flame)
      #expect(state.message?.contains("not while comparing two") == true)
    }
    // Tab cycles the diff views only.
    var seen: Set<ExplorerView> = []
    for _ in 0..<6 {
      ExplorerFixtures.press("Tab", &state)
      seen.insert(state.view)
    }
    #expect(!seen.contains(.inverted) && !seen.contains(.sandwich))
  }
}
