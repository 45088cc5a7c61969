import Explorer
import Foundation
import Layout
import ProfileModel
import TestSupport
import Testing

/// Every key of the key map, pressed in every view, either changes what is on screen or
/// says on the bottom line why it does nothing there — never silence.
struct EveryKeyEveryViewTests {
  static let views: [(name: String, keys: String)] = [
    ("flame", "j"), ("tree", "2 j"), ("functions", "3 j"), ("callers", "4 j"), ("gaps", "5 j"),
    ("inverted", "6 j"), ("sandwich", "7 j"), ("source", "v"),
  ]

  @Test(arguments: views.map(\.name), ["prof/two_callers.prof", "folded"])
  func everyKeyAnswers(_ view: String, _ fixture: String) throws {
    let profile =
      fixture == "folded"
      ? try ExplorerFixtures.foldedProfile(ExplorerFixtures.foldedText)
      : try ExplorerFixtures.profile(fixture)
    let opening = try #require(Self.views.first { $0.name == view }).keys
    var silent: [String] = []
    for (keys, action) in KeyMap.standard.bindings where action != .quit {
      for key in keys {
        var state = ExplorerFixtures.state(profile, width: 120, height: 30)
        // Source: a file that exists, so the view opens.
        ExplorerFixtures.press(fixture == "folded" ? "/ ^load$ Enter" : "/ ^work$ Enter", &state)
        ExplorerFixtures.press(opening, &state)
        if state.sourceRequest != nil {
          state.sourceLoaded(
            SourceText(lines: ["def work():", "    pass"], path: "two_callers.py", tried: []))
        }
        let before = ExplorerFixtures.screen(state)
        state.handle(key)
        if state.sourceRequest != nil {
          state.sourceLoaded(
            SourceText(lines: ["def work():", "    pass"], path: "two_callers.py", tried: []))
        }
        let after = ExplorerFixtures.screen(state)
        if after == before && state.message == nil && state.prompt == nil
          && state.exportRequest == nil
        {
          silent.append("\(key.name) (\(action.summary))")
        }
      }
    }
    #expect(
      silent.isEmpty, "in the \(view) view these keys did nothing and said nothing: \(silent)")
  }
}
