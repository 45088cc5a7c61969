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
    let terminal: Terminal
    do {
      terminal = try Terminal(colors: options.colors)
    } catch let error as TerminalError {
      Diagnostics.error(error.description)
      Diagnostics.exit(.usage)
    }
    let size = options.files.reduce(0) { total, path in
      total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
    }
    if size > 1 << 20 {
      ExplorerApp.showLoading(
        "Loading \(options.files.joined(separator: ", ")) (\(size >> 20) MB)…", on: terminal)
    }
    let profile: ProfileModel.Profile
    do {
      profile = try options.loadProfile()
    } catch {
      terminal.close()
      throw error
    }
    var app = ExplorerApp(
      state: options.makeState(profile, width: terminal.width, height: terminal.height),
      theme: theme, readSource: SourceFile.lines)
    let status = app.run(on: terminal)
    terminal.close()
    if status != 0 { Foundation.exit(status) }
  }
}
