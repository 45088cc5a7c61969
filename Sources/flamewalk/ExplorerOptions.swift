import ArgumentParser
import Explorer
import Foundation
import ProfileFormats
import ProfileModel

/// Options shared by the commands that show the explorer (`open`, `snapshot`).
struct ExplorerOptions: ParsableArguments {
  @Argument(
    help:
      "Profile files of any format flamewalk reads; several merge. None: the demo.")
  var files: [String] = []

  @Option(
    help: "Theme: \(Theme.builtinNames.joined(separator: ", ")), or the path of a TOML theme file.")
  var theme: String = "default"

  @Flag(
    name: .customLong("no-color"), help: "No colours, attributes only (also when NO_COLOR is set).")
  var noColor = false

  @Option(
    name: .customLong("source-root"),
    help:
      "A directory to look for source files in (repeatable); the profile's own directory and the current one are always tried."
  )
  var sourceRoots: [String] = []

  @Flag(
    name: .customLong("hide-libraries"),
    help: "Start with library frames folded into their callers (i shows them).")
  var hideLibraries = false

  @Option(
    name: .customLong("library"),
    help: ArgumentHelp(
      "A regular expression for library files (repeatable; replaces the defaults): i folds frames of matching files into their callers.",
      valueName: "regex"))
  var libraryPatterns: [String] = []

  @OptionGroup var tree: TreeOptions

  /// Where the source view looks for the profile's files.
  var sourceFiles: SourceFile { SourceFile(sourceRoots: sourceRoots, profilePaths: files) }

  var colors: Bool { Self.colors(noColor: noColor) }

  func loadTheme() throws -> Theme { try Self.theme(theme, colors: colors) }

  /// Whether the explorer uses colours: not with `--no-color`, nor when NO_COLOR is set.
  static func colors(noColor: Bool) -> Bool {
    !noColor && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
  }

  /// The theme `--theme` names (mono without colours); a usage error when it cannot be read.
  static func theme(_ name: String, colors: Bool) throws -> Theme {
    if !colors { return Theme.builtin("mono")! }
    do {
      return try Theme.load(name)
    } catch let error as ThemeError {
      throw UsageError(message: error.description)
    }
  }

  func loadProfile() throws -> Profile {
    if files.isEmpty {
      return try PstatsImporter.decode(
        DemoProfile.bytes, source: ProfileSource(path: DemoProfile.fileName, modified: nil))
    }
    return try tree.input.load(files)
  }

  /// The `--library` patterns, or the defaults; a usage error for one that is no regular
  /// expression.
  func libraryFrames() throws -> LibraryFrames {
    guard !libraryPatterns.isEmpty else { return .standard }
    do {
      return try LibraryFrames(patterns: libraryPatterns)
    } catch {
      throw UsageError(
        message: "--library: not a regular expression: \(TerminalText.escaped(error.pattern))")
    }
  }

  /// The explorer's first state; `libraries` from `libraryFrames()`.
  func makeState(
    _ profile: Profile, width: Int, height: Int, libraries: LibraryFrames
  ) -> ExplorerState {
    var state = ExplorerState(
      profile: profile, tree: CallTreeBuilder.tree(for: profile, parameters: tree.parameters),
      width: width, height: height, gapThresholds: tree.gapThresholds,
      treeParameters: tree.parameters)
    state.libraryFrames = libraries
    if hideLibraries { state.apply(.toggleLibraries) }
    return state
  }
}
