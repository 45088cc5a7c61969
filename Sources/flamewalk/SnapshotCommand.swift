import ArgumentParser
import Explorer
import Layout
import ProfileFormats
import ProfileModel
import Screen

/// `flamewalk snapshot`: runs the explorer headless — the same state, layout and rendering
/// — and prints the final screen.
struct SnapshotCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "snapshot",
    abstract: "Render the explorer headless after some keys and print the screen.",
    discussion: """
      KEYS are tmux send-keys names separated by spaces: Enter, Escape, Tab, BTab, Up, Down, \
      Left, Right, PageUp, PageDown, Home, End, BSpace, Space, F1…F12, C-a…C-z; any other \
      token is typed character by character ("/ work Enter" searches for work).
      """)

  @OptionGroup var options: ExplorerOptions

  @Option(help: "Screen size, WIDTHxHEIGHT.")
  var size: String = "80x24"

  @Option(help: "Keys to press before the screen is printed.")
  var keys: String = ""

  @Option(
    help: ArgumentHelp(
      "View to start in: \(Self.viewNames); sandwich and source show the selected function.",
      valueName: "view"))
  var view: String?

  /// The views `--view` opens, by name, in the order help lists them.
  static let views: [(name: String, action: Action)] = [
    ("flame", .showView(.flame)), ("tree", .showView(.tree)),
    ("functions", .showView(.functions)), ("callers", .showView(.callers)),
    ("gaps", .showView(.gaps)), ("inverted", .showView(.inverted)),
    ("sandwich", .showView(.sandwich)), ("time-order", .showView(.timeOrder)),
    ("source", .showSource),
  ]
  static var viewNames: String { views.map(\.name).joined(separator: ", ") }

  @Flag(help: "Print colours and attributes as ANSI escapes.")
  var ansi = false

  @Option(
    parsing: .upToNextOption,
    help: "A base run to compare FILES with: the diff explorer's screen (as flamewalk diff).")
  var base: [String] = []

  func run() throws {
    let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
    guard parts.count == 2, parts[0] > 0, parts[1] > 0, parts[0] <= 1000, parts[1] <= 1000 else {
      throw UsageError(message: "--size must be WIDTHxHEIGHT, like 80x24")
    }
    let theme = try options.loadTheme()
    var state: ExplorerState
    if base.isEmpty {
      state = options.makeState(
        try options.loadProfile(), width: parts[0], height: parts[1],
        libraries: try options.libraryFrames())
    } else {
      guard !options.files.isEmpty else {
        throw UsageError(message: "--base needs the new run's FILES too")
      }
      let runs = try DiffCommand.loadBoth(base, options.files, options.tree.input)
      if let mismatch = ProfileDiff.mismatch(runs.base, runs.new) {
        throw UsageError(message: mismatch.message)
      }
      state = ExplorerState.comparing(
        base: runs.base, new: runs.new, matching: .nameAndFile,
        title: DiffCommand.title(base, options.files), width: parts[0], height: parts[1])
    }
    if let view {
      guard let action = Self.views.first(where: { $0.name == view })?.action else {
        throw UsageError(message: "--view must be one of \(Self.viewNames)")
      }
      // The explorer starts in the flame view: asking for it is no key press to answer.
      if action != .showView(state.view) { state.apply(action) }
      if let path = state.sourceRequest { state.sourceLoaded(options.sourceFiles.lookUp(path)) }
    }
    for key in Key.parseList(keys) {
      ScreenInput.handle(key, in: &state)
      if let path = state.sourceRequest {
        state.sourceLoaded(options.sourceFiles.lookUp(path))
      }
    }
    let grid = ScreenRenderer(theme: theme).render(state)
    try StandardOutput.write((ansi ? AnsiText.render(grid) : grid.text) + "\n")
  }
}
