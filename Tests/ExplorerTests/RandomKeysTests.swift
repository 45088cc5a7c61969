import Explorer
import Layout
import ProfileModel
import Screen
import TestSupport
import Testing

/// Random key presses, mouse events and resizes never crash the explorer, never leave the
/// selection or the zoom pointing outside the tree, and every frame renders.
@Suite struct RandomKeysTests {
  static let keys: [Key] =
    Key.parseList(
      "Up Down Left Right PageUp PageDown Home End Enter Escape Tab BTab BSpace Space F1 C-b C-f"
    ) + "hjklueECnNgGcvfs%?*/01234567rTiqxz(".unicodeScalars.map { Key.character($0) }

  @Test(arguments: ["prof/mutual.prof", "prof/two_callers.prof", "folded"])
  func randomSessions(_ name: String) throws {
    let profile =
      name == "folded"
      ? try ExplorerFixtures.foldedProfile(ExplorerFixtures.foldedText)
      : try ExplorerFixtures.profile(name)
    var random = SplitMix64(seed: 42)
    let renderer = ScreenRenderer(theme: .standard)
    for session in 0..<20 {
      var state = ExplorerFixtures.state(profile, width: 80, height: 24)
      for _ in 0..<150 {
        let roll = random.next() % 100
        let key: Key
        if roll < 4 {
          key = .resize(width: 30 + Int(random.next() % 150), height: 8 + Int(random.next() % 50))
        } else if roll < 10 {
          let kinds: [MouseEvent.Kind] = [.click, .doubleClick, .wheelUp, .wheelDown]
          key = .mouse(
            MouseEvent(
              kinds[Int(random.next() % 4)], x: Int(random.next() % 100),
              y: Int(random.next() % 40)))
        } else {
          key = Self.keys[Int(random.next() % UInt64(Self.keys.count))]
        }
        ScreenInput.handle(key, in: &state)
        if state.shouldQuit { break }
        #expect(state.selection >= 0 && state.selection < state.tree.count, "session \(session)")
        #expect(state.zoomStack.allSatisfy { $0 >= 0 && $0 < state.tree.count })
        let grid = renderer.render(state)
        #expect(grid.width == state.width && grid.height == state.height)
      }
    }
  }
}
