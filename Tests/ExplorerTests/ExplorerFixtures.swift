import Explorer
import Foundation
import Layout
import ProfileFormats
import ProfileModel
import Screen

/// Profiles and rendering helpers for the explorer tests.
enum ExplorerFixtures {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

  static func profile(_ relative: String) throws -> Profile {
    let bytes = Array(try Data(contentsOf: root.appendingPathComponent("pstats/" + relative)))
    return try PstatsImporter.decode(
      bytes, source: ProfileSource(path: (relative as NSString).lastPathComponent, modified: nil))
  }

  /// A fixture of any format (`trace/…`, `speedscope/…`), loaded as the program loads it.
  static func load(_ relative: String) throws -> Profile {
    try InputFormat.load([root.appendingPathComponent(relative).path], format: .auto)
  }

  static func foldedProfile(_ text: String) throws -> Profile {
    var importer = FoldedImporter()
    let bytes = Array(text.utf8)
    try bytes.withUnsafeBufferPointer { (buffer) throws(InputError) in try importer.add(buffer) }
    return try importer.profile()
  }

  static func state(_ profile: Profile, width: Int = 80, height: Int = 24) -> ExplorerState {
    ExplorerState(
      profile: profile, tree: CallTreeBuilder.tree(for: profile), width: width, height: height)
  }

  static func press(_ keys: String, _ state: inout ExplorerState) {
    for key in Key.parseList(keys) { ScreenInput.handle(key, in: &state) }
  }

  static func screen(_ state: ExplorerState, theme: Theme = .standard) -> String {
    ScreenRenderer(theme: theme).render(state).text
  }

  static func selectedName(_ state: ExplorerState) -> String? {
    state.tree.name(state.selection)?.name
  }
}
