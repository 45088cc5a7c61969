import Explorer
import Layout
import ProfileModel
import TestSupport
import Testing

/// One gap test: every node the flame and tree views show is a gap there exactly when
/// `CallTree.isGap` (what `tree --gaps` and `g` use) says so.
@Suite struct GapPredicateTests {
  static let fixtures = [
    "prof/mutual.prof", "prof/two_callers.prof", "variants/worked_example.synthetic.prof",
    "prof/recursion.prof", "prof/context_loss.prof", "prof/deep_chain.prof",
    "prof/builtins_demo.prof", "prof/generator.prof", "prof/recursion.pyprofile.prof",
    "variants/quirks_valid.synthetic.prof",
  ]
  static let sessions = [
    "", "Down Down", "Down Enter", "Tab", "Tab E", "Tab e Down Down", "Tab s s",
  ]

  @Test(arguments: fixtures)
  func viewsAndTreeAgree(_ fixture: String) throws {
    let profile = try ExplorerFixtures.profile(fixture)
    for keys in Self.sessions {
      for (width, height) in [(120, 30), (60, 10), (40, 12)] {
        var state = ExplorerFixtures.state(profile, width: width, height: height)
        ExplorerFixtures.press(keys, &state)
        let shown: [Int]
        if state.view == .flame {
          shown = FlameLayout.spans(state, width: state.width, rows: state.viewRows)
            .filter { !$0.isMerged }.map(\.node)
        } else {
          shown = state.treeRows().dropFirst(state.treeScroll).prefix(state.treeViewRows)
            .filter(\.isNode).map(\.node)
        }
        #expect(!shown.isEmpty)
        var reference = state.tree
        for node in shown {
          let ours = state.isGapNode(node)
          let theirs = reference.isGap(node, thresholds: state.gapThresholds)
          #expect(ours == theirs, "\(fixture) \(width)x\(height) '\(keys)': node \(node)")
        }
      }
    }
  }
}
