import ArgumentParser
import Explorer
import Foundation
import ProfileFormats
import ProfileModel

/// Options shared by the commands that show the explorer (`open`, `snapshot`).
struct ExplorerOptions: ParsableArguments {
  @Argument(
    help: "Profile files (pstats or folded stacks; several pstats files merge). None: the demo.")
  var files: [String] = []

  @Option(
    help: "Theme: \(Theme.builtinNames.joined(separator: ", ")), or the path of a TOML theme file.")
  var theme: String = "default"

  @Flag(
    name: .customLong("no-color"), help: "No colours, attributes only (also when NO_COLOR is set).")
  var noColor = false

  @Option(name: .customLong("min-percent"), help: "Fold frames below this % of the top.")
  var minimumPercent: Double = 0.1

  @Option(name: .customLong("gap-share"), help: "A gap's unexplained share of its node.")
  var gapShare: Double = 0.30

  @Option(name: .customLong("gap-min"), help: "A gap's unexplained share of the total.")
  var gapMinimum: Double = 0.01

  @Option(name: .customLong("input-format"), help: "pstats, folded or auto (sniffed).")
  var inputFormat: InputFormat = .auto

  var colors: Bool {
    !noColor && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
  }

  func loadTheme() throws -> Theme {
    if !colors { return Theme.builtin("mono")! }
    do {
      return try Theme.load(theme)
    } catch let error as ThemeError {
      throw UsageError(message: error.description)
    }
  }

  func loadProfile() throws -> Profile {
    if files.isEmpty {
      return try PstatsImporter.decode(
        DemoProfile.bytes, source: ProfileSource(path: DemoProfile.fileName, modified: nil))
    }
    return try ProfileLoading.load(files, format: inputFormat)
  }

  func makeState(_ profile: Profile, width: Int, height: Int) -> ExplorerState {
    let tree = CallTreeBuilder.tree(
      for: profile, parameters: CallTreeParameters(minimumFraction: minimumPercent / 100))
    return ExplorerState(
      profile: profile, tree: tree, width: width, height: height,
      gapThresholds: GapThresholds(share: gapShare, minimum: gapMinimum))
  }
}
