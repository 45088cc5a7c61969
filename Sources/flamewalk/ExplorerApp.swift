import Explorer
import Foundation
import Layout
import TerminalUI

/// The interactive loop: draw the state, wait for a key, apply it, repeat — until the
/// person quits or a signal asks the program to stop. The terminal is restored either way.
struct ExplorerApp {
  var state: ExplorerState
  let renderer: ScreenRenderer
  /// Reads the lines of a source file for the source view (nil when it cannot be read).
  let readSource: (String) -> SourceText
  /// Writes an export (`x`) of the state's profile; returns the line to show.
  let export: (ExportRequest, ExplorerState, Theme) -> String

  init(
    state: ExplorerState, theme: Theme, readSource: @escaping (String) -> SourceText,
    export: @escaping (ExportRequest, ExplorerState, Theme) -> String
  ) {
    self.state = state
    self.renderer = ScreenRenderer(theme: theme)
    self.readSource = readSource
    self.export = export
  }

  /// Runs until quit; returns the process exit status (128 + signal when a signal stopped it).
  mutating func run(on terminal: Terminal) -> Int32 {
    state.apply(.resize(width: terminal.width, height: terminal.height))
    while true {
      terminal.draw(renderer.render(state))
      if state.shouldQuit { return 0 }
      let signal = terminal.pendingSignal
      if signal != 0 { return 128 + signal }
      guard let key = terminal.readKey(timeout: 100) else { continue }
      ScreenInput.handle(key, in: &state)
      if let path = state.sourceRequest {
        state.sourceLoaded(readSource(path))
      }
      if let request = state.exportRequest {
        terminal.draw(renderer.render(state))
        state.exportFinished(export(request, state, renderer.theme))
      }
    }
  }
}
