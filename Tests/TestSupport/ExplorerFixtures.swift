import Explorer
import Foundation
import Layout
import ProfileFormats
import ProfileModel
import Screen

/// Profiles and rendering helpers for the explorer tests.
public enum ExplorerFixtures {
  /// A small stack profile the screen and key tests share: recursion, a gap, several roots.
  public static let foldedText = """
    main (app.py:1);load (app.py:10);parse (json.py:20) 40
    main (app.py:1);load (app.py:10) 10
    main (app.py:1);work (app.py:30);crunch (app.py:40) 35
    main (app.py:1);work (app.py:30);work (app.py:30);crunch (app.py:40) 5
    main (app.py:1);report (app.py:50) 10

    """

  public static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

  public static func profile(_ relative: String) throws -> Profile {
    let bytes = Array(try Data(contentsOf: root.appendingPathComponent("pstats/" + relative)))
    return try PstatsImporter.decode(
      bytes, source: ProfileSource(path: (relative as NSString).lastPathComponent, modified: nil))
  }

  /// A fixture of any format (`trace/…`, `speedscope/…`), loaded as the program loads it.
  public static func load(_ relative: String) throws -> Profile {
    try InputFormat.load([root.appendingPathComponent(relative).path], format: .auto)
  }

  /// A profile of folded stacks given as text, with no file name (the header shows none).
  public static func foldedProfile(_ text: String) throws -> Profile {
    var importer = FoldedImporter()
    let bytes = Array(text.utf8)
    try bytes.withUnsafeBufferPointer { (buffer) throws(InputError) in try importer.add(buffer) }
    return try importer.profile()
  }

  public static func state(_ profile: Profile, width: Int = 80, height: Int = 24) -> ExplorerState {
    ExplorerState(
      profile: profile, tree: CallTreeBuilder.tree(for: profile), width: width, height: height)
  }

  public static func press(_ keys: String, _ state: inout ExplorerState) {
    for key in Key.parseList(keys) { ScreenInput.handle(key, in: &state) }
  }

  public static func screen(_ state: ExplorerState, theme: Theme = .standard) -> String {
    ScreenRenderer(theme: theme).render(state).text
  }

  public static func selectedName(_ state: ExplorerState) -> String? {
    state.tree.name(state.selection)?.name
  }
}
