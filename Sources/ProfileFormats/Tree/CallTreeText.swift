import Foundation
import ProfileModel

/// A call tree as indented text, like pyinstrument's console output: total, % of the top,
/// self time, name and file:line per line; bounds on estimated nodes, gaps marked.
public enum CallTreeText {
  /// Levels indented by two spaces each; deeper lines keep this indent and say their level
  /// (`[5000] `), so a chain thousands of frames deep stays linear in size.
  public static let indentedLevels = 64

  public static func render(
    _ tree: inout CallTree, gaps thresholds: GapThresholds, maximumDepth: Int = .max,
    unit: WeightUnit = .seconds
  ) -> String {
    var out = ""
    write(&tree, gaps: thresholds, maximumDepth: maximumDepth, unit: unit) { out += $0 }
    return out
  }

  /// Writes the tree to `output` in pieces of about 64 KB, depth first without recursion.
  public static func write(
    _ tree: inout CallTree, gaps thresholds: GapThresholds, maximumDepth: Int = .max,
    unit: WeightUnit = .seconds, to output: (String) throws -> Void
  ) rethrows {
    let format = TimeFormat(largest: tree.total[tree.top], unit: unit)
    var out = ""
    if tree.isEstimated {
      out += "call tree estimated from the caller graph: [lo .. hi] bound the true time\n"
    }
    var stack: [(node: Int, level: Int)] = [(tree.top, 0)]
    while let (node, level) = stack.popLast() {
      // Expanded before it is written: expanding settles a node's own time (its callees'
      // bounds can move time between its own code and them), as the explorer shows it.
      let children = tree.expand(node)
      out += line(node, level: level, &tree, format, thresholds) + "\n"
      if out.utf8.count >= 1 << 16 {
        try output(out)
        out = ""
      }
      guard level < maximumDepth else { continue }
      for child in children.reversed() { stack.append((child, level + 1)) }
    }
    try output(out)
  }

  static func indent(_ level: Int) -> String {
    let spaces = String(repeating: "  ", count: min(level, indentedLevels))
    return level > indentedLevels ? spaces + "[\(level)] " : spaces
  }

  static func line(
    _ node: Int, level: Int, _ tree: inout CallTree, _ format: TimeFormat,
    _ thresholds: GapThresholds
  ) -> String {
    let indent = indent(level)
    let total = tree.total[node]
    let share = FixedDecimal.percent(
      tree.total[tree.top] > 0 ? 100 * total / tree.total[tree.top] : 0)
    let percent = String(repeating: " ", count: max(0, 6 - share.count)) + share
    let time = format.format(total)
    switch tree.kind[node] {
    case .top:
      return "\(time)  100.0%  <profile>"
    case .recursion:
      let name = TerminalText.escaped(tree.name(node)?.displayName ?? "")
      return "\(indent)\(time) \(percent)  ↻ \(name) (recursive call to an ancestor)"
    case .unattributed:
      return "\(indent)\(time) \(percent)  (unattributed)"
    case .pruned:
      return "\(indent)\(time) \(percent)  (pruned)"
    case .library:
      return "\(indent)\(time) \(percent)  (library)"
    case .root, .call:
      let name = tree.name(node)!
      var text = "\(indent)\(time) \(percent)  self \(format.format(tree.selfTime[node]))  "
      text += TerminalText.escaped(name.displayName)
      let location = name.location
      if !location.isEmpty { text += "  " + TerminalText.escaped(location) }
      if tree.flags[node].contains(.reentry) { text += "  (\(CallTree.Flags.reentryNote))" }
      if let band = EstimateBand(node, in: tree, format: format) { text += "  " + band.label }
      if tree.isGap(node, thresholds: thresholds) {
        let parts = tree.breakdown(node)
        text += "  ◀ gap: \(format.format(parts.unexplained)) unexplained"
      }
      return text
    }
  }
}

/// The ranked list of gaps, as text or JSON.
public enum GapReport {
  public static func text(
    _ tree: inout CallTree, thresholds: GapThresholds, unit: WeightUnit = .seconds, limit: Int = 50
  ) -> String {
    let (gaps, candidates) = tree.rankGaps(thresholds: thresholds)
    let format = TimeFormat(largest: tree.total[tree.top], unit: unit)
    var out = ""
    if tree.isEstimated { out += "Estimated tree: " + tree.unplacedTime().summary + "\n" }
    var list = gaps
    if gaps.isEmpty {
      out +=
        "No node passes the gap thresholds (unexplained ≥ \(Int(thresholds.share * 100))% "
        + "of the node and ≥ \(thresholds.minimum * 100)% of the total); lower them with "
        + "--gap-share and --gap-min. The nodes with the most unexplained time:\n"
      list = Array(candidates.prefix(10))
    }
    for (rank, gap) in list.prefix(limit).enumerated() {
      let node = gap.node
      let parts = tree.breakdown(node)
      let name = tree.name(node)!
      let share = parts.total > 0 ? 100 * parts.unexplained / parts.total : 0
      out += String(format: "%3d. ", rank + 1)
      out +=
        "\(format.format(gap.unexplained)) unexplained (\(FixedDecimal.text(share, digits: 0))% of "
      out += "\(format.format(parts.total)))  " + TerminalText.escaped(name.displayName)
      if !name.location.isEmpty { out += "  " + TerminalText.escaped(name.location) }
      out += "\n     self \(format.format(parts.selfTime))"
      if parts.unattributed > 0 { out += ", unattributed \(format.format(parts.unattributed))" }
      if parts.uncertainty > 0 { out += ", uncertain \(format.format(parts.uncertainty))" }
      out += "\n     path: " + pathText(node, tree) + "\n"
    }
    return out
  }

  public static func json(_ tree: inout CallTree, thresholds: GapThresholds) -> String {
    let (gaps, _) = tree.rankGaps(thresholds: thresholds)
    var writer = JSONWriter()
    writer.raw("[")
    for (i, gap) in gaps.enumerated() {
      if i > 0 { writer.raw(",\n ") }
      let parts = tree.breakdown(gap.node)
      let name = tree.name(gap.node)!
      writer.raw("{\"func\": ")
      writer.function(name)
      writer.raw(", \"unexplained\": ")
      writer.number(gap.unexplained)
      writer.raw(", \"total\": ")
      writer.number(parts.total)
      writer.raw(", \"self\": ")
      writer.number(parts.selfTime)
      writer.raw(", \"unattributed\": ")
      writer.number(parts.unattributed)
      writer.raw(", \"uncertainty\": ")
      writer.number(parts.uncertainty)
      writer.raw(", \"path\": [")
      for (j, n) in tree.path(to: gap.node).dropFirst().enumerated() {
        if j > 0 { writer.raw(", ") }
        writer.string(tree.name(n)?.standardString ?? tree.kind[n].name)
      }
      writer.raw("]}")
    }
    writer.raw("]\n")
    return writer.text
  }

  static func pathText(_ node: Int, _ tree: CallTree) -> String {
    tree.path(to: node).dropFirst().map {
      TerminalText.escaped(tree.name($0)?.displayName ?? tree.kind[$0].name)
    }.joined(separator: " › ")
  }
}
