import Explorer
import Foundation
import Layout
import ProfileFormats
import ProfileModel

/// Writes exported stacks in a format to standard output or a file: for `convert`, and for
/// `x` in the explorer.
enum ExportWriting {
  /// The formats stacks are written in.
  enum Format: String, CaseIterable {
    case folded, speedscope, svg, pstats

    /// The format a file name asks for: `.json` is speedscope, `.svg` a flame graph,
    /// `.prof` or `.pstats` a pstats file, anything else folded stacks.
    init(path: String) {
      if path.hasSuffix(".json") {
        self = .speedscope
      } else if path.hasSuffix(".svg") {
        self = .svg
      } else if path.hasSuffix(".prof") || path.hasSuffix(".pstats") {
        self = .pstats
      } else {
        self = .folded
      }
    }
  }

  /// Writes `profile` below the node `zoom` reaches (the whole profile when it is empty) in
  /// `format`, as `name`; the number of stacks written (frames, for SVG) and whether they
  /// were estimated. Nil when the zoom is not in the profile's whole tree.
  static func write(
    _ profile: Profile, zoomKinds: [CallTree.Kind] = [], zoomFunctions: [Int32] = [],
    as format: Format, name: String, theme: Theme, to path: String?
  ) throws -> (count: Int, estimated: Bool)? {
    if format == .pstats {
      // The caller graph: the profile's own when it is written whole (a pstats file's as
      // read, exactly), else the zoomed subtree's stacks'.
      let graph: CallGraph
      let estimated: Bool
      if zoomKinds.isEmpty {
        (graph, estimated) = (profile.graph, false)
      } else {
        guard
          let stacks = ExportedStacks(profile, zoomKinds: zoomKinds, zoomFunctions: zoomFunctions)
        else { return nil }
        (graph, estimated) = (stacks.callGraph(), stacks.isEstimated)
      }
      let bytes: [UInt8]
      do {
        bytes = try PstatsWriter.bytes(graph, unit: profile.weightUnit)
      } catch {
        throw UsageError(message: "cannot write pstats: \(error.message)")
      }
      var destination = try Destination(path: path)
      try destination.output.write(bytes)
      try destination.finish()
      return (graph.entryCount, estimated)
    }
    var destination = try Destination(path: path)
    var result: (Int, Bool)
    switch format {
    case .pstats: preconditionFailure("written above")
    case .svg:
      var tree = CallTreeBuilder.tree(
        for: profile, parameters: CallTreeParameters(minimumFraction: 0.0002, maximumDepth: 1024))
      guard let node = tree.node(following: zoomKinds, zoomFunctions) else { return nil }
      let svg = FlameSVG.render(
        &tree, root: node, theme: theme, title: name, unit: profile.weightUnit)
      try destination.output.write(svg)
      result = (tree.count, tree.isEstimated)
    case .folded, .speedscope:
      // The whole profile is written from its own stacks; a zoom from its subtree.
      guard
        let stacks = zoomKinds.isEmpty
          ? ExportedStacks(profile)
          : ExportedStacks(profile, zoomKinds: zoomKinds, zoomFunctions: zoomFunctions)
      else { return nil }
      if format == .folded {
        try FoldedWriter.write(stacks) { try destination.output.write($0) }
      } else {
        try SpeedscopeWriter.write(stacks, name: name) { try destination.output.write($0) }
      }
      result = (stacks.count, stacks.isEstimated)
    }
    try destination.finish()
    return result
  }

  /// The theme an SVG is drawn in: built in, or a theme file; a bad one is a usage error.
  static func theme(_ nameOrPath: String) throws -> Theme {
    do {
      return try Theme.load(nameOrPath)
    } catch let error as ThemeError {
      throw UsageError(message: error.description)
    }
  }

  /// `x` in the explorer: the zoomed subtree of the profile shown (its metric, threads as
  /// shown) written to the requested file; the line to show.
  static func export(_ request: ExportRequest, _ state: ExplorerState, _ theme: Theme) -> String {
    let format = Format(path: request.path)
    let name = URL(fileURLWithPath: request.path).lastPathComponent
    let written: (count: Int, estimated: Bool)?
    do {
      written = try write(
        state.profile, zoomKinds: request.zoomKinds, zoomFunctions: request.zoomFunctions,
        as: format, name: name, theme: theme, to: request.path)
    } catch let error as UsageError {
      return error.message
    } catch let error as StandardOutput.WriteError {
      return error.message
    } catch {
      return "cannot write \(request.path): \(error)"
    }
    guard let written else { return "cannot export: the zoomed frame is not in the whole tree" }
    let estimated = written.estimated ? ", estimated from the call graph" : ""
    let what = format == .svg ? "node" : format == .pstats ? "function" : "stack"
    let count = written.count == 1 ? "1 \(what)" : "\(written.count) \(what)s"
    return "exported \(count) to \(request.path) (\(format.rawValue)\(estimated))"
  }
}
