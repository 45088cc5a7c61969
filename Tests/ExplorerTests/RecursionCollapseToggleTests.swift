import Explorer
import Foundation
import Layout
import ProfileModel
import TestSupport
import Testing

/// `r` collapses recursion in trees of stacks (py-spy's deep_recursion.folded) and restores
/// it; totals do not change and the selection stays on its function.
@Suite struct RecursionCollapseToggleTests {
  static func recordedProfile() throws -> Profile {
    let url = ExplorerFixtures.root.appendingPathComponent("folded/deep_recursion.folded")
    return try ExplorerFixtures.foldedProfile(String(contentsOf: url, encoding: .utf8))
  }

  static func deepest(_ tree: inout CallTree) -> Int {
    tree.expandAll(below: tree.top)
    return (0..<tree.count).max { tree.depth[$0] < tree.depth[$1] } ?? tree.top
  }

  @Test func rCollapsesAndRestoresWithTotalsUnchanged() throws {
    var state = ExplorerFixtures.state(try Self.recordedProfile(), width: 120, height: 40)
    let total = state.tree.total[state.tree.top]
    ExplorerFixtures.press("Tab E", &state)
    let recorded = state.tree
    #expect(recorded.depth.max() ?? 0 > 250)
    // Select a frame hundreds of levels down the mutual recursion.
    let walkOdd = try #require(
      (0..<recorded.count).last {
        recorded.name($0)?.name == "walk_odd" && recorded.depth[$0] > 200
      })
    state.apply(.select(walkOdd))
    state.apply(.toggleRecursion)
    #expect(state.recursionCollapsed)
    #expect(state.tree.total[state.tree.top] == total)
    #expect(state.tree.name(state.selection)?.name == "walk_odd")
    #expect(state.tree.depth[state.selection] < 6)
    #expect(ExplorerFixtures.screen(state).hasPrefix(" flamewalk · Tree · recursion collapsed"))
    #expect(ExplorerFixtures.screen(state).contains("· recursion collapsed"))
    var collapsed = state.tree
    let deepestCollapsed = Self.deepest(&collapsed)
    #expect(collapsed.depth[deepestCollapsed] < 8)
    // Every path names each function (file and name) at most once.
    for node in 0..<collapsed.count where collapsed.isFunctionFrame(node) {
      let names = collapsed.path(to: node).compactMap { collapsed.name($0) }.map {
        "\($0.file)|\($0.name)"
      }
      #expect(Set(names).count == names.count, "\(names)")
    }
    state.apply(.toggleRecursion)
    #expect(!state.recursionCollapsed)
    #expect(state.tree.total[state.tree.top] == total)
    #expect(state.tree.name(state.selection)?.name == "walk_odd")
    #expect(!ExplorerFixtures.screen(state).contains("recursion collapsed"))
  }

  @Test func estimatedTreesSayWhyNothingChanges() throws {
    var state = ExplorerFixtures.state(try ExplorerFixtures.profile("prof/mutual.prof"))
    let before = state.tree.count
    ExplorerFixtures.press("r", &state)
    #expect(!state.recursionCollapsed)
    #expect(state.tree.count == before)
    #expect(state.message?.contains("↻ leaf") == true)
  }

  @Test func stacksWithoutRecursionSaySo() throws {
    var state = ExplorerFixtures.state(try ExplorerFixtures.foldedProfile("a;b;c 3\na;d 1\n"))
    ExplorerFixtures.press("r", &state)
    #expect(!state.recursionCollapsed)
    #expect(state.message?.hasPrefix("no recursion to collapse") == true)
  }
}
