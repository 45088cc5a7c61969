import Explorer
import Foundation
import Layout
import ProfileModel
import TestSupport
import Testing

/// `i`: library frames fold into their callers and come back, the selection kept by path.
struct LibraryToggleTests {
  static let folded = """
    main (app.py:1);load (app.py:10);loads (/usr/lib/python3.12/json/__init__.py:299);decode (/usr/lib/python3.12/json/decoder.py:332) 40
    main (app.py:1);load (app.py:10);loads (/usr/lib/python3.12/json/__init__.py:299);hook (app.py:20) 5
    main (app.py:1);work (app.py:30) 30

    """

  @Test func hidesLibraryFramesAndShowsThemAgain() throws {
    let profile = try ExplorerFixtures.foldedProfile(Self.folded)
    var state = ExplorerFixtures.state(profile, width: 100, height: 24)
    ExplorerFixtures.press("/ ^hook$ Enter", &state)
    #expect(ExplorerFixtures.selectedName(state) == "hook")
    ExplorerFixtures.press("i", &state)
    #expect(state.librariesHidden)
    #expect(ExplorerFixtures.screen(state).contains("library frames hidden"))
    // hook is now load's child; json's own time is load's (library) row.
    #expect(ExplorerFixtures.selectedName(state) == "hook")
    let load = Int(state.tree.parent[state.selection])
    #expect(state.tree.name(load)?.name == "load")
    let library = state.tree.children(load).filter { state.tree.kind[$0] == .library }
    #expect(library.count == 1 && library.first.map { state.tree.total[$0] } == 40)
    #expect(state.tree.total[load] == 45)
    // The selection describes the pseudo-row honestly.
    state.apply(.select(library[0]))
    #expect(StatusText.describeSelection(in: state).hasPrefix("(library) 40"))
    // r works on the stacks as recorded: it asks for the library frames back first.
    ExplorerFixtures.press("r", &state)
    #expect(state.message?.hasPrefix("r: press i first") == true)
    #expect(!state.recursionCollapsed)
    ExplorerFixtures.press("i", &state)
    #expect(!state.librariesHidden)
    #expect(!ExplorerFixtures.screen(state).contains("library frames hidden"))
    #expect(state.tree.kind.allSatisfy { $0 != .library })
  }

  @Test func refusedWhereItCannotApply() throws {
    let profile = try ExplorerFixtures.foldedProfile(Self.folded)
    var state = ExplorerFixtures.state(profile, width: 100, height: 24)
    ExplorerFixtures.press("6 i", &state)
    #expect(state.message?.hasPrefix("i: the inverted view shows every frame") == true)
    ExplorerFixtures.press("1 r", &state)
    #expect(state.message?.hasPrefix("no recursion to collapse") == true)
    let plain = try ExplorerFixtures.foldedProfile("main;work 3\nmain 1\n")
    var other = ExplorerFixtures.state(plain, width: 100, height: 24)
    ExplorerFixtures.press("i", &other)
    #expect(other.message?.hasPrefix("no library frames") == true)
    var diff = ExplorerState.comparing(
      base: profile, new: profile, matching: .nameAndFile, title: "a → b", width: 100,
      height: 24)
    ExplorerFixtures.press("i", &diff)
    #expect(diff.message?.contains("not while comparing two runs") == true)
  }
}
