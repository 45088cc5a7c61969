import ArgumentParser
import Explorer
import Foundation
import ProfileFormats
import ProfileModel
import TerminalUI

/// `flamewalk diff BASE NEW`: where two runs differ, largest regression first; with
/// `--fail-above`, a performance gate for CI.
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare two runs: the functions and call paths whose time changed most.",
    discussion: """
      On a terminal the explorer opens in diff mode: the new run's flame graph coloured by \
      change (red slower, blue faster), the tree and functions with base, new and Δ columns, \
      g/G walking the largest regressions, d toggling absolute and normalized amounts. With \
      --format, --to or --fail-above, or when standard output is not a terminal, it prints \
      a report instead. BASE and NEW may be of any formats. Several files on a side merge: \
      separate them with --new (flamewalk diff a1.prof a2.prof --new b1.prof b2.prof). \
      Changes are ranked by own \
      time — where the time changed — and also given as a share of the base run's total. \
      With --fail-above P, the exit status is 3 when the total or any function's cumulative \
      time grew by more than P% of the base run's total.
      """
  )

  enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @Argument(help: "The base run's file(s), then the new run's (or give the new one with --new).")
  var files: [String]

  @Option(
    parsing: .upToNextOption,
    help: "The new run's files, when a side has several (all FILES are then the base).")
  var new: [String] = []

  @Option(help: "Print the report as text or json instead of opening the explorer.")
  var format: OutputFormat?

  @Option(
    help:
      "Write the differential flame graph instead of the report: svg (to -o FILE or standard output)."
  )
  var to: DiffTarget?

  @Option(name: .shortAndLong, help: "With --to svg: the file to write.")
  var output: String?

  @Option(
    help:
      "The colours of the explorer and the SVG: default, light, mono, colorblind (blue–orange), or a TOML theme file."
  )
  var theme = "default"

  @Flag(
    name: .customLong("no-color"), help: "No colours, attributes only (also when NO_COLOR is set).")
  var noColor = false

  @Option(help: "Show this many functions and paths.")
  var top = 20

  @Option(help: "Match functions by name, name+file (default: line numbers may move) or exact.")
  var match: ProfileDiff.Matching = .nameAndFile

  @Flag(help: "Scale each run to 100% of its own total (runs of different lengths).")
  var normalized = false

  @Option(
    name: .customLong("fail-above"),
    help:
      "Exit 3 when the total or a function's cumulative time grew by more than this % of the base run."
  )
  var failAbove: Double?

  @OptionGroup var input: InputOptions

  func validate() throws {
    guard new.isEmpty ? files.count == 2 : !files.isEmpty else {
      throw ValidationError("give two files, BASE NEW (or BASE… --new NEW…)")
    }
    guard top > 0 else { throw ValidationError("--top must be at least 1") }
    if let failAbove, !(failAbove >= 0) { throw ValidationError("--fail-above must be ≥ 0") }
  }

  /// Whether to open the explorer rather than print a report.
  var opensExplorer: Bool {
    format == nil && to == nil && failAbove == nil && isatty(STDOUT_FILENO) != 0
  }

  func run() throws {
    let basePaths = new.isEmpty ? [files[0]] : files
    let newPaths = new.isEmpty ? [files[1]] : new
    if opensExplorer {
      try explore(basePaths, newPaths)
      return
    }
    let base = try input.load(basePaths)
    let newRun = try input.load(newPaths)
    let diff: ProfileDiff
    do {
      diff = try ProfileDiff(
        base: base, new: newRun, matching: match, normalized: normalized,
        minimumFraction: to == .svg ? DiffSVG.minimumFraction : 0.001)
    } catch {
      throw UsageError(message: error.message)
    }
    let runs = (
      DiffReport.Run(files: basePaths, origin: base.originDescription),
      DiffReport.Run(files: newPaths, origin: newRun.originDescription)
    )
    var destination = try Destination(path: to == .svg ? output : nil)
    switch (to, format) {
    case (.svg, _):
      let colors = try ExportWriting.theme(theme)
      let title = Self.title(basePaths, newPaths)
      try destination.output.write(DiffSVG.render(diff, theme: colors, title: title))
    case (nil, .text), (nil, nil):
      try destination.output.write(DiffReport.text(diff, base: runs.0, new: runs.1, top: top))
    case (nil, .json):
      try destination.output.write(DiffReport.json(diff, base: runs.0, new: runs.1, top: top))
    }
    try destination.finish()
    if let failAbove, let growth = diff.largestGrowth, growth.percent > failAbove {
      Diagnostics.write(
        "flamewalk: \(TerminalText.escaped(growth.what)) grew by "
          + FixedDecimal.percent(growth.percent)
          + " of the base run, above --fail-above \(failAbove)%")
      Diagnostics.exit(.regression)
    }
  }
}

extension DiffCommand {
  /// `base.prof → new.prof`: the runs as the SVG and the explorer name them.
  static func title(_ basePaths: [String], _ newPaths: [String]) -> String {
    func names(_ paths: [String]) -> String {
      paths.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " + ")
    }
    return names(basePaths) + " → " + names(newPaths)
  }

  /// The explorer in diff mode: the new run shown, the base run beside it. The two runs
  /// load at once, on two threads.
  func explore(_ basePaths: [String], _ newPaths: [String]) throws {
    let colors = ExplorerOptions.colors(noColor: noColor)
    let theme = try ExplorerOptions.theme(self.theme, colors: colors)
    try ExplorerLaunch.checkTerminal()
    let runs = try ExplorerLaunch.withLoadingLine(basePaths + newPaths) {
      try Self.loadBoth(basePaths, newPaths, input)
    }
    if let mismatch = ProfileDiff.mismatch(runs.base, runs.new) {
      throw UsageError(message: mismatch.message)
    }
    let sources = SourceFile(sourceRoots: [], profilePaths: newPaths)
    try ExplorerLaunch.run(colors: colors, theme: theme, readSource: sources.lookUp) {
      width, height in
      var state = ExplorerState.comparing(
        base: runs.base, new: runs.new, matching: match, title: Self.title(basePaths, newPaths),
        width: width, height: height)
      // --normalized starts the explorer as `d` would leave it.
      if normalized { state.apply(.toggleNormalized) }
      return state
    }
  }

  /// Loads both runs, each on its own thread.
  static func loadBoth(_ basePaths: [String], _ newPaths: [String], _ input: InputOptions) throws
    -> (base: Profile, new: Profile)
  {
    let results = ThreadResults<Result<Profile, any Error>>(count: 2)
    // The loading line's count goes with the loads onto their threads.
    let progress = LoadProgress.current
    DispatchQueue.concurrentPerform(iterations: 2) { side in
      let result = Result {
        try LoadProgress.$current.withValue(progress) {
          try input.load(side == 0 ? basePaths : newPaths)
        }
      }
      results.set(side, result)
    }
    return (try results.take(0).get(), try results.take(1).get())
  }
}

extension ProfileDiff.Matching: ExpressibleByArgument {}

/// What `diff --to` writes instead of the report.
enum DiffTarget: String, ExpressibleByArgument, CaseIterable {
  case svg
}
