import Explorer
import Foundation
import ProfileModel
import Screen

/// Renders an `ExplorerState` into a `CellGrid`: header, the current view, the status line
/// and the bottom line (prompt, message or hints), the help overlay on top. Pure: the same
/// state gives the same grid.
public struct ScreenRenderer: Sendable {
  public let theme: Theme

  public init(theme: Theme) {
    self.theme = theme
  }

  public func render(_ state: ExplorerState) -> CellGrid {
    var grid = CellGrid(width: state.width, height: state.height, style: theme.style(.normal))
    if state.isTooSmall {
      let text =
        "terminal too small: \(state.width)×\(state.height), needs "
        + "\(ScreenFrame.minimumWidth)×\(ScreenFrame.minimumHeight)"
      grid.write(text, x: 0, y: 0, style: theme.style(.message), limit: state.width)
      return grid
    }
    drawHeader(state, &grid)
    let area = ViewArea(top: state.frame.viewTop, rows: state.frame.viewRows, width: state.width)
    switch state.view {
    case .flame: FlameView(theme: theme, state: state, area: area).draw(&grid)
    case .tree, .inverted: TreeView(theme: theme, state: state, area: area).draw(&grid)
    case .sandwich: SandwichView(theme: theme, state: state, area: area).draw(&grid)
    case .timeOrder: TimeChartView(theme: theme, state: state, area: area).draw(&grid)
    case .functions: TableViews(theme: theme, state: state, area: area).drawFunctions(&grid)
    case .callers: TableViews(theme: theme, state: state, area: area).drawCallers(&grid)
    case .gaps: TableViews(theme: theme, state: state, area: area).drawGaps(&grid)
    case .source: TableViews(theme: theme, state: state, area: area).drawSource(&grid)
    }
    drawStatus(state, &grid)
    drawBottom(state, &grid)
    if state.showHelp { drawHelp(state, &grid) }
    return grid
  }

  // MARK: - Header, status, bottom line

  func drawHeader(_ state: ExplorerState, _ grid: inout CellGrid) {
    let style = theme.style(.header)
    let y = state.frame.headerLine
    grid.fill(x: 0, y: y, count: state.width, style: style)
    let file =
      state.profile.sources.first.map { URL(fileURLWithPath: $0.path).lastPathComponent } ?? ""
    var title = " flamewalk · \(state.view.title)"
    if let comparison = state.comparison {
      title += " · diff " + TerminalText.escaped(comparison.title)
      if comparison.normalized { title += " · normalized" }
    } else if !file.isEmpty {
      title += " · " + TerminalText.escaped(file)
    }
    if !state.profile.otherMetrics.isEmpty {
      title += " · " + TerminalText.escaped(state.profile.metric.name)
    }
    if state.profile.groupsMerged { title += " · threads merged" }
    if state.tree.isEstimated { title += " · estimated from call graph" }
    if state.recursionCollapsed { title += " · recursion collapsed" }
    if state.librariesHidden { title += " · library frames hidden" }
    let crumbs = breadcrumb(state)
    guard !crumbs.isEmpty else {
      grid.write(title, x: 0, y: y, style: style)
      return
    }
    // Zoomed: the breadcrumb gets the room it needs (up to half the line) and keeps its
    // most specific end; the title takes what is left.
    let crumbWidth = min(
      DisplayWidth.of(crumbs) + 2, max(state.width / 2, state.width - DisplayWidth.of(title)))
    let used = grid.write(title, x: 0, y: y, style: style, limit: state.width - crumbWidth)
    grid.write(
      "  " + Self.tail(crumbs, width: crumbWidth - 2), x: used, y: y,
      style: theme.style(.breadcrumb))
  }

  /// The end of a `›`-separated path in `width` columns, its head cut with `… ›`.
  static func tail(_ path: String, width: Int) -> String {
    guard DisplayWidth.of(path) > width else { return path }
    var parts = path.components(separatedBy: " › ")
    while parts.count > 1 && DisplayWidth.of("… › " + parts.joined(separator: " › ")) > width {
      parts.removeFirst()
    }
    return "… › " + parts.joined(separator: " › ")
  }

  func breadcrumb(_ state: ExplorerState) -> String {
    if state.view == .timeOrder { return TimeChartView.breadcrumb(in: state) }
    guard state.zoomRoot != state.tree.top else { return "" }
    let path = state.tree.path(to: state.zoomRoot).dropFirst()
    return path.map { TerminalText.escaped(state.tree.name($0)?.displayName ?? "?") }
      .joined(separator: " › ")
  }

  func drawStatus(_ state: ExplorerState, _ grid: inout CellGrid) {
    let y = state.frame.statusLine
    let style = theme.style(.status)
    grid.fill(x: 0, y: y, count: state.width, style: style)
    var text = " " + StatusText.describeSelection(in: state)
    if DisplayWidth.of(text) > state.width {
      // Directories give way to the numbers.
      text = " " + StatusText.describeSelection(in: state, compact: true)
    }
    grid.write(text, x: 0, y: y, style: style)
  }

  func drawBottom(_ state: ExplorerState, _ grid: inout CellGrid) {
    let y = state.frame.bottomLine
    if let prompt = state.prompt {
      let lead = state.promptPurpose == .search ? "/" : "export to: "
      let used = grid.write(
        lead + TerminalText.escaped(prompt), x: 0, y: y, style: theme.style(.prompt))
      grid.write("█", x: used, y: y, style: theme.style(.prompt))
      let hint =
        state.promptPurpose == .search
        ? "  Enter search · Esc cancel · regular expression, smart case"
        : "  Enter writes · Esc cancel · .json: speedscope, .svg: flame graph, .prof: pstats, else folded"
      grid.write(hint, x: used + 1, y: y, style: theme.style(.dim))
      return
    }
    if let message = state.message {
      grid.write(" " + TerminalText.escaped(message), x: 0, y: y, style: theme.style(.message))
      return
    }
    if let search = state.search, search.error == nil {
      let text =
        " " + TerminalText.escaped(state.matchSummary(search))
        + " · \(search.matches.count) matches · n/N"
      grid.write(text, x: 0, y: y, style: theme.style(.match))
      return
    }
    let hint =
      state.comparison != nil
      ? " ? help · g/G regressions · d normalize · red slower, blue faster · Tab view · q quit"
      : state.view == .timeOrder
        ? " ? help · ←/→ calls · +/- </> time axis · / search, n/N · Enter zoom · Esc back · q quit"
        : " ? help · / search · g gap · Enter zoom · Esc back · Tab view · q quit"
    grid.write(hint, x: 0, y: y, style: theme.style(.dim))
  }

  // MARK: - Help

  func drawHelp(_ state: ExplorerState, _ grid: inout CellGrid) {
    var lines = ["profile        " + TerminalText.escaped(state.profile.originDescription)]
    if let comparison = state.comparison {
      lines.append(
        "base run       " + TerminalText.escaped(comparison.baseProfile.originDescription))
      lines.append(contentsOf: HelpText.diffLines)
    }
    lines += HelpText.lines(for: state.keyMap)
    let width = min(state.width - 2, 76)
    lines = HelpText.wrapped(lines, width: width - 1)
    let height = min(state.height - 2, lines.count + 2)
    let x = (state.width - width) / 2
    let y = (state.height - height) / 2
    let style = theme.style(.help)
    for row in 0..<height { grid.fill(x: x, y: y + row, count: width, style: style) }
    let shown = height - 2
    let first = min(state.helpScroll, max(0, lines.count - shown))
    grid.write(
      " Keys — ↑↓ scroll, any other key closes", x: x, y: y, style: theme.style(.tableHeader))
    for (i, line) in lines.dropFirst(first).prefix(shown).enumerated() {
      grid.write(" " + line, x: x, y: y + 1 + i, style: style, limit: width)
    }
    if first + shown < lines.count {
      grid.write(
        " ↓ \(lines.count - first - shown) more", x: x, y: y + height - 1, style: style,
        limit: width)
    }
  }
}

/// The rows a view may draw in.
struct ViewArea {
  var top: Int
  var rows: Int
  var width: Int
}

/// The help overlay's lines, generated from the key map.
public enum HelpText {
  /// The cells of the keys' column.
  static let keyWidth = 14

  public static func lines(for keyMap: KeyMap) -> [String] {
    keyMap.bindings.map { binding in
      let keys = binding.keys.map(label).joined(separator: " ")
      return keys.padding(toLength: keyWidth, withPad: " ", startingAt: 0)
        + " " + binding.action.summary
    } + [
      "mouse          click selects · double-click zooms · wheel scrolls",
      "estimates      ╌ marks the part of a frame the call graph cannot pin down",
      "               exact frames have none · status line: exact, or ± and bounds",
      "               ↻ re-enters a frame above · exact re-entries are grown",
    ]
  }

  /// `lines` wrapped at spaces to `width` cells, each continuation indented to the text
  /// column (after the keys' column); a word longer than a line is cut where it ends.
  public static func wrapped(_ lines: [String], width: Int) -> [String] {
    let indent = Array(repeating: Unicode.Scalar(" "), count: keyWidth + 1)
    guard width > indent.count + 8 else { return lines }
    var result: [String] = []
    for line in lines {
      var rest = Array(line.unicodeScalars)
      while true {
        var used = 0
        var cut = rest.count
        var lastSpace: Int?
        for (i, scalar) in rest.enumerated() {
          let cells = DisplayWidth.of(scalar)
          if used + cells > width {
            cut = i
            break
          }
          if scalar == " " && i > indent.count { lastSpace = i }
          used += cells
        }
        guard cut < rest.count else {
          result.append(String(String.UnicodeScalarView(rest)))
          break
        }
        let end = lastSpace ?? cut
        result.append(String(String.UnicodeScalarView(rest[..<end])))
        let tail = rest[end...].drop { $0 == " " }
        if tail.isEmpty { break }
        rest = indent + tail
      }
    }
    return result
  }

  /// What diff mode adds, shown above the keys.
  public static let diffLines = [
    "diff           frames sized by the new run, coloured by the",
    "               change of their call path: red slower, blue",
    "               faster (colorblind: orange), grey within 0.2%",
    "               tree, functions: base, new, Δ, Δ% of the base run",
    "               ✕ removed: only in the base run · functions one",
    "               by --match are one frame · g/G regressions of",
    "               own time · d absolute / normalized",
  ]

  static func label(_ key: Key) -> String {
    switch key {
    case .up: "↑"
    case .down: "↓"
    case .left: "←"
    case .right: "→"
    default: key.name
    }
  }
}

/// The status line's description of a node.
public enum StatusText {
  /// What is highlighted: the selected node in the flame and tree views (and the gap in
  /// the gaps view), the selected function in the other tables.
  /// With `compact`, places leave out their directories (for a line that would not fit).
  public static func describeSelection(in state: ExplorerState, compact: Bool = false) -> String {
    switch state.view {
    case .functions, .callers, .source:
      guard let f = state.selectedFunction else {
        return state.comparison == nil ? "" : "a function only the base run has"
      }
      return describeFunction(f, in: state, compact: compact)
    case .gaps:
      return describe(state.selectedGapNode ?? state.selection, in: state, compact: compact)
    case .flame, .tree, .inverted:
      return describe(state.selection, in: state, compact: compact)
    case .sandwich:
      guard let row = state.sandwichSelectedRow, let sandwich = state.sandwich else { return "" }
      return SandwichView.describe(row, sandwich, in: state, compact: compact)
    case .timeOrder:
      return TimeChartView.describe(in: state, compact: compact)
    }
  }

  /// A function's place on the status line, `file:line`; with `compact`, the file without
  /// its directories. Nil for a frame with no place.
  static func place(_ name: FunctionName, compact: Bool) -> String? {
    let place = compact ? name.shortLocation : name.location
    return place.isEmpty ? nil : TerminalText.escaped(place)
  }

  /// A function over all its calls: name, place, and its numbers (both runs' in diff mode).
  static func describeFunction(_ f: Int, in state: ExplorerState, compact: Bool = false)
    -> String
  {
    let name = state.profile.graph.name(of: f)
    var parts = [TerminalText.escaped(name.displayName)]
    if let place = StatusText.place(name, compact: compact) { parts.append(place) }
    if let comparison = state.comparison {
      let format = comparison.format
      let amounts = comparison.functionAmounts(ofNew: f)
      for (label, pair) in [("own", amounts.own), ("cumulative", amounts.cumulative)] {
        parts.append(
          "\(label) \(format.value(pair.base)) → \(format.value(pair.new)) "
            + "Δ \(format.signed(pair.new - pair.base))")
      }
      return parts.joined(separator: "  ")
    }
    let format = state.timeFormat
    parts.append("tottime \(format.format(state.profile.graph.tt[f]))")
    parts.append("cumtime \(format.format(state.profile.graph.ct[f]))")
    if let overall = functionOverall(f, in: state) { parts.append(overall) }
    return parts.joined(separator: "  ")
  }

  /// `function: calls N, X per call` — a function's calls over the whole run, where the
  /// file counts calls.
  static func functionOverall(_ f: Int, in state: ExplorerState) -> String? {
    guard let calls = state.profile.callsText(f) else { return nil }
    var overall = "·  function: calls \(calls)"
    let primitive = state.profile.primitiveCalls(f)
    if primitive > 0 {
      overall +=
        ", \(state.timeFormat.format(state.profile.graph.ct[f] / Double(primitive))) per call"
    }
    return overall
  }

  public static func describe(_ node: Int, in state: ExplorerState, compact: Bool = false)
    -> String
  {
    if let comparison = state.comparison, let path = comparison.paths.path(of: node) {
      return describeChange(node, path: path, comparison, in: state, compact: compact)
    }
    let tree = state.tree
    let format = state.timeFormat
    let topTotal = max(tree.total[tree.top], 1e-300)
    let zoomTotal = max(tree.total[state.zoomRoot], 1e-300)
    let total = tree.total[node]
    func percent(_ x: Double, _ of: Double) -> String { FixedDecimal.percent(100 * x / of) }
    switch tree.kind[node] {
    case .top:
      let unplaced = state.unplaced.map { " · " + $0.summary } ?? ""
      return "<profile>  total \(format.format(total))" + unplaced
    case .pruned:
      return "(pruned) \(format.format(total)) · callees too small to show (--min-percent) · "
        + "\(percent(total, topTotal)) of root"
    case .unattributed:
      return "(unattributed) \(format.format(total)) · recorded for the caller but for no callee "
        + "nor its own code · \(percent(total, topTotal)) of root"
    case .library:
      return "(library) \(format.format(total)) · the own time of the library frames folded "
        + "into this caller (i shows them) · \(percent(total, topTotal)) of root"
    case .recursion:
      let name = TerminalText.escaped(tree.name(node)?.displayName ?? "")
      var text = "↻ \(name) \(format.format(total)) · a call back into an ancestor"
      if let target = state.reentered(by: node) {
        text +=
          " · \(percent(total, max(tree.total[target], 1e-300))) of that frame's time re-enters here"
      }
      if tree.hasBounds(node) {
        let band = EstimateBand(
          lower: tree.lower[node], upper: tree.upper[node], estimate: total, format: format)
        text += tree.isExact(node) ? " (exact)" : " (\(band.text))"
      }
      return text + " · Enter follows it"
    case .root, .call:
      let name = tree.name(node)!
      var parts = [TerminalText.escaped(name.displayName)]
      if let place = StatusText.place(name, compact: compact) { parts.append(place) }
      if state.showsInvertedTree {
        // A root is a function's own time; below it, the part that ran under the path.
        let root = tree.path(to: node).dropFirst().first ?? node
        if root == node {
          parts.append("own time \(format.format(total)), \(percent(total, topTotal)) of all")
        } else {
          let rootName = TerminalText.escaped(tree.name(root)?.displayName ?? "?")
          parts.append(
            "\(format.format(total)) of \(rootName)'s own time ran under this path "
              + "(\(percent(total, max(tree.total[root], 1e-300))) of it)")
        }
      } else {
        parts.append("total \(format.format(total))")
        parts.append("self \(format.format(tree.selfTime[node]))")
        parts.append("unexplained \(format.format(state.unexplained(node)))")
        parts.append("\(percent(total, topTotal)) of root")
        parts.append("\(percent(total, zoomTotal)) of zoom")
        // Calls on this path are known only as the parent's calls of the function, over the
        // whole run (the caller may sit on other paths too): said as such.
        if let e = tree.incomingEdge(node),
          state.profile.graph.edgeValues != .inclusive
            || state.profile.graph.edgeNC[e] > 0
        {
          let parent = Int(tree.parent[node])
          let caller = TerminalText.escaped(tree.name(parent)?.displayName ?? "?")
          parts.append("calls from \(caller) \(state.profile.graph.callsText(ofEdge: e))")
        }
      }
      if let band = EstimateBand(node, in: tree, format: format) {
        parts.append("estimated ± \(band.spread)" + (band.range.map { ": " + $0 } ?? ""))
      } else if tree.hasBounds(node) {
        parts.append("exact")
      }
      if tree.flags[node].contains(.reentry) {
        parts.append(CallTree.Flags.reentryNote)
      }
      // The numbers above are this path's; the function's own, over all its calls, follow.
      if let overall = functionOverall(Int(tree.function[node]), in: state) {
        parts.append(overall)
      }
      return parts.joined(separator: "  ")
    }
  }
}

extension StatusText {
  /// Diff mode: the node's call path in both runs and the change, then the function's.
  static func describeChange(
    _ node: Int, path: Int, _ comparison: RunComparison, in state: ExplorerState,
    compact: Bool = false
  ) -> String {
    let tree = state.tree
    let format = comparison.format
    let total = comparison.totals(path)
    let own = comparison.selves(path)
    let change = total.new - total.base
    var parts: [String] = []
    switch tree.kind[node] {
    case .top: parts.append("<profile>")
    case .root, .call:
      let name = tree.name(node)!
      parts.append(TerminalText.escaped(name.displayName))
      if let place = StatusText.place(name, compact: compact) { parts.append(place) }
    default: parts.append(NodeText.label(node, in: tree))
    }
    parts.append("base \(format.value(total.base)) → new \(format.value(total.new))")
    parts.append(
      comparison.paths.paths[path].base.nodes.isEmpty
        ? "new in this run" : "Δ \(format.signed(change)) \(format.share(change))")
    if tree.kind[node] != .top {
      parts.append("own Δ \(format.signed(own.new - own.base))")
    }
    if tree.isEstimated || comparison.paths.base.isEstimated {
      // Both trees' uncertainties, carried into the change.
      let bounds = comparison.changeBounds(path)
      parts.append(
        bounds.upper - bounds.lower <= 1e-9 * max(1, abs(bounds.upper))
          ? "Δ exact"
          : "est. Δ \(format.signed(bounds.lower)) .. \(format.signed(bounds.upper))")
    }
    let merged = comparison.paths.paths[path].new.nodes.count
    if merged > 1 { parts.append("one path with \(merged - 1) more of that name") }
    let f = Int(tree.function[node])
    if f >= 0 {
      let e = comparison.functionAmounts(ofNew: f)
      parts.append(
        "·  function: cumulative \(format.signed(e.cumulative.new - e.cumulative.base))")
    }
    return parts.joined(separator: "  ")
  }
}
