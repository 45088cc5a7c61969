import ArgumentParser
import Explorer
import Foundation
import ProfileFormats
import ProfileModel

/// `flamewalk diff BASE NEW`: where two runs differ, largest regression first; with
/// `--fail-above`, a performance gate for CI.
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare two runs: the functions and call paths whose time changed most.",
    discussion: """
      BASE and NEW may be of any formats. Several files on a side merge: separate them with \
      --new (flamewalk diff a1.prof a2.prof --new b1.prof b2.prof). Changes are ranked by own \
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

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Option(
    help:
      "Write the differential flame graph instead of the report: svg (to -o FILE or standard output)."
  )
  var to: DiffTarget?

  @Option(name: .shortAndLong, help: "With --to svg: the file to write.")
  var output: String?

  @Option(help: "With --to svg: the colours (default, light, mono, colorblind: blue–orange).")
  var theme = "default"

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

  func run() throws {
    let basePaths = new.isEmpty ? [files[0]] : files
    let newPaths = new.isEmpty ? [files[1]] : new
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
      let title =
        basePaths.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " + ")
        + " → "
        + newPaths.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " + ")
      try destination.output.write(DiffSVG.render(diff, new: newRun, theme: colors, title: title))
    case (nil, .text):
      try destination.output.write(DiffReport.text(diff, base: runs.0, new: runs.1, top: top))
    case (nil, .json):
      try destination.output.write(DiffReport.json(diff, base: runs.0, new: runs.1, top: top))
    }
    try destination.finish()
    if let failAbove, let growth = diff.largestGrowth, growth.percent > failAbove {
      Diagnostics.write(
        "flamewalk: \(TerminalText.escaped(growth.what)) grew by "
          + String(format: "%.1f%%", growth.percent)
          + " of the base run, above --fail-above \(failAbove)%")
      Diagnostics.exit(.regression)
    }
  }
}

extension ProfileDiff.Matching: ExpressibleByArgument {}

/// What `diff --to` writes instead of the report.
enum DiffTarget: String, ExpressibleByArgument, CaseIterable {
  case svg
}
