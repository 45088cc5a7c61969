import ProfileModel

/// What a prompt line is typed for.
public enum PromptPurpose: Sendable {
  case search, export
}

/// A request to write the zoomed subtree to a file: where, and which subtree — the zoom
/// root's (kind, function) steps from the top (`CallTree.steps(to:)`), so that a tree grown
/// afresh, without the display's pruning, finds the same node.
public struct ExportRequest: Sendable, Equatable {
  public var path: String
  public var zoomKinds: [CallTree.Kind]
  public var zoomFunctions: [Int32]
}

extension ExplorerState {
  /// Opens the `export to:` prompt with a file name made from the profile and the zoom.
  mutating func startExport() {
    let source = profile.sources.first?.path ?? "profile"
    var base = String(source.split(separator: "/").last ?? "profile")
    for suffix in [".json", ".prof", ".pstats", ".folded", ".txt", ".austin", ".pprof"]
    where base.hasSuffix(suffix) {
      base.removeLast(suffix.count)
    }
    if zoomRoot != tree.top, let name = tree.name(zoomRoot) {
      let cleaned = name.name.unicodeScalars.map { scalar -> String in
        let c = Character(scalar)
        return c.isLetter || c.isNumber || c == "_" ? String(c) : "_"
      }.joined()
      base += "-" + String(cleaned.prefix(40))
    }
    prompt = base + ".folded"
    promptPurpose = .export
  }

  /// Asks the app to write the zoom to `path`.
  mutating func requestExport(_ path: String) {
    let steps = tree.steps(to: zoomRoot)
    exportRequest = ExportRequest(
      path: path, zoomKinds: steps.kinds, zoomFunctions: steps.functions)
    message = "exporting to \(path)…"
  }

  /// The app's answer to `exportRequest`: what was written, or why not.
  public mutating func exportFinished(_ outcome: String) {
    exportRequest = nil
    message = outcome
  }
}
