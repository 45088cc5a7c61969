import Explorer
import Foundation
import ProfileFormats
import ProfileModel

/// Writes exported stacks in a format to standard output or a file: for `convert`, and for
/// `x` in the explorer.
enum ExportWriting {
  /// The formats stacks are written in.
  enum Format: String, CaseIterable {
    case folded, speedscope

    /// The format a file name asks for: `.json` is speedscope, anything else folded.
    init(path: String) {
      self = path.hasSuffix(".json") ? .speedscope : .folded
    }
  }

  static func write(_ stacks: ExportedStacks, as format: Format, name: String, to path: String?)
    throws
  {
    var destination = try Destination(path: path)
    switch format {
    case .folded:
      try FoldedWriter.write(stacks) { try destination.output.write($0) }
    case .speedscope:
      try SpeedscopeWriter.write(stacks, name: name) { try destination.output.write($0) }
    }
    try destination.finish()
  }

  /// `x` in the explorer: the zoomed subtree of the profile shown (its metric, threads as
  /// shown) written to the requested file; the line to show.
  static func export(_ request: ExportRequest, _ state: ExplorerState) -> String {
    guard
      let stacks = ExportedStacks(
        state.profile, zoomKinds: request.zoomKinds, zoomFunctions: request.zoomFunctions)
    else { return "cannot export: the zoomed frame is not in the whole tree" }
    let format = Format(path: request.path)
    let name = URL(fileURLWithPath: request.path).lastPathComponent
    do {
      try write(stacks, as: format, name: name, to: request.path)
    } catch let error as UsageError {
      return error.message
    } catch let error as StandardOutput.WriteError {
      return error.message
    } catch {
      return "cannot write \(request.path): \(error)"
    }
    let estimated = stacks.isEstimated ? ", estimated from the call graph" : ""
    let count = stacks.count == 1 ? "1 stack" : "\(stacks.count) stacks"
    return "exported \(count) to \(request.path) (\(format.rawValue)\(estimated))"
  }
}
