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
    do {
      _ = try Terminal.terminalType()
    } catch let error as TerminalError {
      Diagnostics.error(error.description)
      Diagnostics.exit(.usage)
    }
    // The profile loads before the terminal changes mode: Ctrl-C stops a long load at once,
    // and a crash or a file truncated while it is read leaves a sane terminal.
    let profile = try loadWithProgress()
    let terminal: Terminal
    do {
      terminal = try Terminal(colors: options.colors)
    } catch let error as TerminalError {
      Diagnostics.error(error.description)
      Diagnostics.exit(.usage)
    }
    var app = ExplorerApp(
      state: options.makeState(profile, width: terminal.width, height: terminal.height),
      theme: theme, readSource: options.sourceFiles.lookUp, export: ExportWriting.export)
    let status = app.run(on: terminal)
    terminal.close()
    if status != 0 { Foundation.exit(status) }
  }

  /// Loads the files, with a line on stderr (erased when done) when they are large and
  /// stderr is a terminal.
  private func loadWithProgress() throws -> ProfileModel.Profile {
    let size = options.files.reduce(0) { total, path in
      total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
    }
    let announce = size > 1 << 20 && isatty(STDERR_FILENO) != 0
    if announce {
      Diagnostics.write(
        "flamewalk: loading \(options.files.map(TerminalText.escaped).joined(separator: ", ")) "
          + "(\(size >> 20) MB)…", lineEnd: "")
    }
    defer { if announce { Diagnostics.write("\r\u{1b}[K", lineEnd: "") } }
    return try options.loadProfile()
  }
}
