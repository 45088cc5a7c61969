import Explorer
import Foundation
import Layout
import ProfileModel
import TestSupport
import Testing

/// One selection across the views: the function a table's cursor is on is the one the
/// status line describes, `c`, `v` and `*` act on, and the other views show.
struct SelectionTests {
  static func name(_ f: Int?, _ state: ExplorerState) -> String? {
    f.map { state.profile.graph.name(of: $0).name }
  }

  @Test func theTableCursorIsTheSelectionEveryViewKeeps() throws {
    let profile = try ExplorerFixtures.profile("prof/two_callers.prof")
    var state = ExplorerFixtures.state(profile, width: 120, height: 30)
    // The functions table opens on the flame selection's row.
    let first = try #require(state.selectedFunction)
    ExplorerFixtures.press("3", &state)
    #expect(state.selectedFunction == first)
    #expect(state.functionRows()[state.tableRow] == first)
    // Moving the cursor moves the selection; the status line describes the row.
    ExplorerFixtures.press("j j", &state)
    let chosen = try #require(state.selectedFunction)
    #expect(chosen != first && state.functionRows()[state.tableRow] == chosen)
    let chosenName = try #require(Self.name(chosen, state))
    #expect(StatusText.describeSelection(in: state).hasPrefix(chosenName))
    // c: the callers of the row's function, the cursor on the function itself.
    ExplorerFixtures.press("c", &state)
    #expect(state.view == .callers && state.focusFunction == chosen)
    #expect(state.selectedFunction == chosen)
    // The flame and tree views select the function's heaviest node.
    ExplorerFixtures.press("1", &state)
    #expect(ExplorerFixtures.selectedName(state) == chosenName)
    let heaviest = (0..<state.tree.count).filter {
      Int(state.tree.function[$0]) == chosen && state.tree.kind[$0] == .call
    }.map { state.tree.total[$0] }.max()
    #expect(state.tree.total[state.selection] == heaviest)
    ExplorerFixtures.press("2", &state)
    #expect(ExplorerFixtures.selectedName(state) == chosenName)
    ExplorerFixtures.press("3", &state)
    #expect(state.selectedFunction == chosen)
    // * searches the row's function; Esc returns to the flame view on it.
    ExplorerFixtures.press("*", &state)
    #expect(state.search?.pattern == "^" + chosenName + "$")
    ExplorerFixtures.press("3 Escape", &state)
    #expect(ExplorerFixtures.selectedName(state) == chosenName)
  }

  @Test func sourceOfTheTableRowsFunction() throws {
    let profile = try ExplorerFixtures.profile("prof/two_callers.prof")
    var state = ExplorerFixtures.state(profile, width: 120, height: 30)
    ExplorerFixtures.press("3", &state)
    // The first row with a file of its own.
    let rows = state.functionRows()
    let row = try #require(
      rows.firstIndex { state.profile.graph.name(of: $0).file.hasSuffix(".py") })
    for _ in 0..<row { state.handle(.down) }
    ExplorerFixtures.press("v", &state)
    #expect(state.sourceRequest == state.profile.graph.name(of: rows[row]).file)
  }

  /// The gaps view describes the highlighted gap.
  @Test func theGapsViewDescribesItsRow() throws {
    let profile = try ExplorerFixtures.profile("prof/two_callers.prof")
    var state = ExplorerFixtures.state(profile, width: 120, height: 30)
    ExplorerFixtures.press("5", &state)
    let gap = try #require(state.selectedGapNode)
    let name = try #require(state.tree.name(gap)?.displayName)
    #expect(StatusText.describeSelection(in: state).hasPrefix(name))
  }
}
