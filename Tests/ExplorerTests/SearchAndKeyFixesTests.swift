import Explorer
import Layout
import ProfileModel
import TestSupport
import Testing

/// Keys that used to surprise (issue: the explorer, consistent everywhere): `q` in help,
/// a fresh `/`, searches that zoomed by themselves, a match share about an old zoom, `%`
/// outside the tree.
@Suite struct SearchAndKeyFixesTests {
  func start(_ keys: String, width: Int = 80) throws -> ExplorerState {
    let profile = try ExplorerFixtures.profile("prof/mutual.prof")
    var state = ExplorerFixtures.state(profile, width: width, height: 24)
    ExplorerFixtures.press(keys, &state)
    return state
  }

  @Test func qInHelpClosesTheHelp() throws {
    let state = try start("? q")
    #expect(!state.showHelp)
    #expect(!state.shouldQuit)
    #expect(try start("? q q").shouldQuit)
  }

  @Test func aFreshSearchStartsEmpty() throws {
    var state = try start("/ i s _ o d d Enter")
    #expect(state.search?.pattern == "is_odd")
    ExplorerFixtures.press("/", &state)
    #expect(state.prompt == "")
  }

  /// A narrow match is selected, not zoomed into (the flame view used to zoom into its
  /// parent without saying so); Enter zooms when asked.
  @Test func searchSelectsWithoutZooming() throws {
    var state = try start("/ i s _ o d d Enter", width: 40)
    #expect(ExplorerFixtures.selectedName(state) == "is_odd")
    #expect(state.zoomStack.isEmpty)
    ExplorerFixtures.press("Enter", &state)
    #expect(!state.zoomStack.isEmpty)
  }

  /// "x% of zoom" is about the zoom on screen after zooming in and out.
  @Test func matchedShareFollowsTheZoom() throws {
    var state = try start("/ p i n g Enter")
    let search = try #require(state.search)
    #expect(abs(search.shareOfZoom - search.shareOfTotal) < 1e-12)
    ExplorerFixtures.press("Enter", &state)
    let zoomed = try #require(state.search)
    #expect(zoomed.zoomRoot == state.zoomRoot)
    #expect(abs(zoomed.shareOfZoom - 1) < 1e-9, "the zoom is the match: \(zoomed.shareOfZoom)")
    ExplorerFixtures.press("Escape", &state)
    #expect(abs((state.search?.shareOfZoom ?? 0) - search.shareOfZoom) < 1e-12)
  }

  @Test func percentOutsideTheTreeSaysWhereItApplies() throws {
    let state = try start("%")
    #expect(state.showPercent)
    #expect(state.message?.contains("% applies there") == true)
  }

  /// Home goes to the first row in the tree and tables (and back to the root in the flame
  /// view); Shift-Tab goes to the previous view.
  @Test func homeAndShiftTab() throws {
    var tree = try start("Tab E End")
    #expect(tree.treeScroll > 0 || tree.selection != tree.tree.top)
    let last = tree.selection
    ExplorerFixtures.press("Home", &tree)
    #expect(tree.selection != last)
    #expect(tree.treeScroll == 0)
    let flame = try start("Down Enter Home")
    #expect(flame.zoomStack.isEmpty)
    #expect(try start("Tab BTab").view == .flame)
    #expect(try start("BTab").view == .sandwich)
  }
}
