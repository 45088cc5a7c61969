import Explorer
import Layout
import ProfileModel
import TestSupport
import Testing

/// `Enter` on a `↻` leaf selects the frame it re-enters, `Esc` comes back, and the status
/// line says how much of that frame comes back through the leaf.
@Suite struct RecursionFollowTests {
  @Test func enterFollowsAndEscapeReturns() throws {
    let profile = try ExplorerFixtures.profile("prof/mutual.prof")
    var state = ExplorerFixtures.state(profile, width: 120, height: 40)
    ExplorerFixtures.press("Tab E", &state)
    let leaf = try #require(
      (0..<state.tree.count).first { state.tree.kind[$0] == .recursion && state.tree.total[$0] > 0 }
    )
    state.apply(.select(leaf))
    let status = StatusText.describe(leaf, in: state)
    #expect(status.contains("of that frame's time re-enters here"), "\(status)")
    state.apply(.zoomIn)
    let target = state.selection
    #expect(target != leaf)
    #expect(state.tree.function[target] == state.tree.function[leaf])
    #expect(state.tree.path(to: leaf).contains(target))
    #expect(state.tree.kind[target] == .call || state.tree.kind[target] == .root)
    state.apply(.zoomOut)
    #expect(state.selection == leaf)
    #expect(state.recursionReturns.isEmpty)
  }

  @Test func statusLineSaysExactOrTheRange() throws {
    let profile = try ExplorerFixtures.profile("variants/worked_example.synthetic.prof")
    var state = ExplorerFixtures.state(profile, width: 120, height: 40)
    ExplorerFixtures.press("Tab E", &state)
    let names = (0..<state.tree.count).map { state.tree.name($0)?.name }
    let p2 = try #require(names.firstIndex(of: "p2"))
    #expect(StatusText.describe(p2, in: state).contains("  exact  ·  function: calls 1"))
    // h under p2 is exact (its one call is all there); under p1 it is a range.
    let hs = names.indices.filter { names[$0] == "h" }
    let underP1 = try #require(
      hs.first { state.tree.name(state.tree.path(to: $0)[2])?.name == "p1" })
    #expect(StatusText.describe(underP1, in: state).contains("estimated ± "))
    let underP2 = try #require(
      hs.first { state.tree.name(state.tree.path(to: $0)[2])?.name == "p2" })
    #expect(StatusText.describe(underP2, in: state).contains("  exact  "))
    let top = StatusText.describe(state.tree.top, in: state)
    #expect(top.contains("(unattributed) 0.0% · ↻ recursion 0.0% of the run"), "\(top)")
  }
}
