import ArgumentParser
import Foundation
import ProfileFormats
import ProfileModel

/// `flamewalk tree`: the call tree as indented text or JSON, a focused or inverted tree, or
/// the ranked list of unexplained-time gaps.
struct TreeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tree",
    abstract: "Print the call tree of a profile, or its ranked gaps of unexplained time.",
    discussion: """
      From caller graphs (pstats, callgrind) the tree is an estimate with certainty bounds; \
      from stacks (folded, speedscope, traces, austin, pprof, perf…) it is exact. Nodes \
      below --min-percent of the top fold into one (pruned) node.
      """
  )

  enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @Argument(
    help:
      "Profile files; several merge (stack profiles of different formats too, when they measure the same)."
  )
  var files: [String]

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Option(help: "Print at most this many levels below the top.")
  var depth: Int?

  @Option(help: "Re-root the tree at the function matching this regular expression.")
  var focus: String?

  @Flag(help: "With --focus: show who called the function instead of what it called.")
  var inverted = false

  @Flag(help: "Print the ranked list of gaps (unexplained time) instead of the tree.")
  var gaps = false

  @OptionGroup var options: TreeOptions

  func validate() throws {
    if inverted && focus == nil {
      throw ValidationError("--inverted needs --focus FUNCTION: the callers of which function?")
    }
  }

  func run() throws {
    let profile = try options.input.load(files)
    let parameters = options.parameters
    var tree: CallTree
    if let focus {
      guard let f = try FunctionSearch.heaviest(matching: focus, in: profile) else {
        throw UsageError(message: "no function matches --focus \(focus)")
      }
      tree = CallTreeBuilder.focused(on: f, in: profile, inverted: inverted, parameters: parameters)
    } else {
      tree = CallTreeBuilder.tree(for: profile, parameters: parameters)
    }
    let thresholds = options.gapThresholds
    var output = StandardOutput()
    switch (format, gaps) {
    case (.json, false):
      try CallTreeJSON.write(&tree, summary: summary(profile), maximumDepth: depth ?? .max) {
        try output.write($0)
      }
    case (.text, false):
      try CallTreeText.write(
        &tree, gaps: thresholds, maximumDepth: depth ?? .max, unit: profile.weightUnit
      ) { try output.write($0) }
    case (.json, true):
      try output.write(GapReport.json(&tree, thresholds: thresholds))
    case (.text, true):
      try output.write(
        GapReport.text(&tree, thresholds: thresholds, unit: profile.weightUnit))
    }
    try output.flush()
  }

  private func summary(_ profile: Profile) -> [(String, String)] {
    var fields = [("kind", "\"\(profile.kind.rawValue)\"")]
    if let producer = profile.producer {
      fields.append(("producer", CallTreeJSON.quoted(producer)))
    }
    if let flavor = profile.pstatsFlavor { fields.append(("flavor", "\"\(flavor.rawValue)\"")) }
    fields += [
      ("functions", "\(profile.graph.functionCount)"),
      ("exact", profile.kind.isExact ? "true" : "false"),
    ]
    return fields
  }
}
