import ArgumentParser
import Explorer
import Foundation
import ProfileModel
import TerminalUI

/// `flamewalk [FILE...]`: the full-screen explorer.
struct OpenCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "open",
    abstract: "Explore a profile full-screen: flame graph, call tree, search, gaps (the default).")

  @OptionGroup var options: ExplorerOptions

  func run() throws {
    let theme = try options.loadTheme()
    let libraries = try options.libraryFrames()
    try ExplorerLaunch.checkTerminal()
    // The profile loads before the terminal changes mode: Ctrl-C stops a long load at once,
    // and a crash or a file truncated while it is read leaves a sane terminal.
    let profile = try ExplorerLaunch.withLoadingLine(options.files) { try options.loadProfile() }
    try ExplorerLaunch.run(
      colors: options.colors, theme: theme, readSource: options.sourceFiles.lookUp
    ) { width, height in
      options.makeState(profile, width: width, height: height, libraries: libraries)
    }
  }
}

/// Starting the full-screen explorer, for `open` and `diff`.
enum ExplorerLaunch {
  /// Exits with a usage error when the terminal cannot show the explorer.
  static func checkTerminal() throws {
    do {
      _ = try Terminal.terminalType()
    } catch let error as TerminalError {
      Diagnostics.error(error.description)
      Diagnostics.exit(.usage)
    }
  }

  /// Takes over the terminal, runs the explorer on the state `makeState` gives for the
  /// screen's size, and gives the terminal back.
  static func run(
    colors: Bool, theme: Theme, readSource: @escaping (String) -> SourceText,
    makeState: (Int, Int) -> ExplorerState
  ) throws {
    let terminal: Terminal
    do {
      terminal = try Terminal(colors: colors)
    } catch let error as TerminalError {
      Diagnostics.error(error.description)
      Diagnostics.exit(.usage)
    }
    var app = ExplorerApp(
      state: makeState(terminal.width, terminal.height),
      theme: theme, readSource: readSource, export: ExportWriting.export)
    let status = app.run(on: terminal)
    terminal.close()
    if status != 0 { Foundation.exit(status) }
  }

  /// Runs `load` with the loading line on stderr (`LoadingLine`).
  static func withLoadingLine<T>(_ files: [String], _ load: () throws -> T) throws -> T {
    try LoadingLine.run(files, load)
  }
}
