import Explorer
import Layout
import ProfileModel
import TestSupport
import Testing

/// One spelling of call counts everywhere — pstats' `total/primitive` — in the tree, the
/// functions table, the status line and `print`'s ncalls column.
@Suite struct CallCountSpellingTests {
  @Test func treeTableAndStatusAgree() throws {
    let profile = try ExplorerFixtures.profile("prof/mutual.prof")
    let isEven = try #require(
      (0..<profile.graph.entryCount).first { profile.graph.name(of: $0).name == "is_even" })
    #expect(profile.callsText(isEven) == "10100/200")
    var state = ExplorerFixtures.state(profile, width: 160, height: 48)
    ExplorerFixtures.press("Tab E", &state)
    let tree = ExplorerFixtures.screen(state)
    let row = try #require(tree.split(separator: "\n").first { $0.contains("is_even") })
    #expect(row.contains("10100/200"), "\(row)")
    let node = try #require((0..<state.tree.count).first { state.tree.name($0)?.name == "is_even" })
    #expect(StatusText.describe(node, in: state).contains("function: calls 10100/200"))
    ExplorerFixtures.press("3", &state)
    let table = ExplorerFixtures.screen(state)
    let tableRow = try #require(table.split(separator: "\n").first { $0.contains("is_even") })
    #expect(tableRow.contains("10100/200"), "\(tableRow)")
    #expect(!table.contains("200/10100") && !tree.contains("200/10100"))
  }
}
