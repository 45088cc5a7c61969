import Explorer
import ProfileFormats
import ProfileModel
import TestSupport
import Testing

/// `x`: the export prompt, the request it makes of the app, and the stacks that request
/// names — the zoomed subtree, re-rooted at the zoom.
struct ExportKeyTests {
  let profile: Profile

  init() throws {
    profile = try ExplorerFixtures.foldedProfile("main;a;b 3\nmain;a;c 1\nmain;d 2\n")
  }

  @Test func xAsksForAFileAndRequestsTheZoomedSubtree() throws {
    var state = ExplorerFixtures.state(profile)
    ExplorerFixtures.press("Down Enter x", &state)
    #expect(ExplorerFixtures.selectedName(state) == "a")
    let prompt = try #require(state.prompt)
    #expect(prompt.hasSuffix("-a.folded"), "\(prompt)")
    #expect(ExplorerFixtures.screen(state).contains("export to: " + prompt))
    #expect(ExplorerFixtures.screen(state).contains("Enter writes"))
    // Edit the name, then write.
    ExplorerFixtures.press("C-u o u t . j s o n Enter", &state)
    let request = try #require(state.exportRequest)
    #expect(request.path == "out.json")
    #expect(request.zoomFunctions.count == 2)
    #expect(state.message == "exporting to out.json…")
    let stacks = try #require(
      ExportedStacks(
        state.profile, zoomKinds: request.zoomKinds, zoomFunctions: request.zoomFunctions))
    #expect(stacks.weights.reduce(0, +) == 4)
    for s in 0..<stacks.count {
      #expect(stacks.frames[Int(stacks.stack(s).first!)].name == "a")
    }
    state.exportFinished("exported 2 stacks to out.json (speedscope)")
    #expect(state.exportRequest == nil)
    #expect(state.message == "exported 2 stacks to out.json (speedscope)")
  }

  @Test func escapeOrAnEmptyNameCancels() {
    var state = ExplorerFixtures.state(profile)
    ExplorerFixtures.press("x Escape", &state)
    #expect(state.prompt == nil && state.exportRequest == nil)
    ExplorerFixtures.press("x C-u Enter", &state)
    #expect(state.exportRequest == nil)
    #expect(state.message == "export cancelled")
    // The search prompt is still the search prompt.
    ExplorerFixtures.press("/", &state)
    #expect(ExplorerFixtures.screen(state).contains("Enter search"))
  }

  @Test func withoutAZoomTheWholeProfileIsExported() throws {
    var state = ExplorerFixtures.state(profile)
    ExplorerFixtures.press("x Enter", &state)
    let request = try #require(state.exportRequest)
    #expect(request.zoomFunctions.isEmpty)
    let stacks = try #require(ExportedStacks(state.profile, zoomKinds: [], zoomFunctions: []))
    #expect(stacks.weights.reduce(0, +) == 6)
    #expect(ExportedStacks(state.profile, zoomKinds: [.root], zoomFunctions: [999]) == nil)
  }
}
