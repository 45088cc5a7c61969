import Explorer
import ProfileModel
import Screen

/// Draws the flame (icicle) view: frames coloured by package, the selection, search matches,
/// gaps (the part of a gap frame no callee covers), pseudo-frames styled as what they are,
/// and the uncertain part of estimated frames marked.
struct FlameView {
  let theme: Theme
  let state: ExplorerState
  let area: ViewArea

  func screenRow(_ row: Int) -> Int {
    state.flipped ? area.top + area.rows - 1 - row : area.top + row
  }

  func draw(_ grid: inout CellGrid) {
    let spans = FlameLayout.spans(state, width: area.width, rows: area.rows)
    let tree = state.tree
    var covered: [Int: [FlameSpan]] = [:]
    for span in spans where span.row > 0 || tree.kind[state.zoomRoot] == .top {
      if !span.isMerged, tree.parent[span.node] >= 0 {
        covered[Int(tree.parent[span.node]), default: []].append(span)
      }
    }
    for span in spans {
      let y = screenRow(span.row)
      if span.isMerged {
        grid.fill(x: span.x0, y: y, count: span.width, style: theme.style(.pruned), with: " ")
        continue
      }
      let node = span.node
      var style = frameStyle(node)
      if node == state.selection {
        style = theme.style(.selected)
      } else if state.search?.matchSet.contains(node) == true {
        style = theme.style(.match)
      }
      // Frames wider than three columns end in a one-column gap, so siblings of one colour
      // stay apart; narrow frames get no label (an ellipsis alone says nothing).
      let body = span.width > 3 ? span.width - 1 : span.width
      grid.fill(x: span.x0, y: y, count: body, style: style)
      var labelEnd = span.x0
      if body >= 3 {
        labelEnd += grid.write(
          NodeText.label(node, in: state.tree), x: span.x0, y: y, style: style, limit: body)
      }
      // The uncertain part of an estimated frame (total − lower bound, at its right end) is
      // drawn dashed (╌), outside the label so that names stay readable.
      if tree.hasBounds(node) && !tree.isExact(node) && tree.total[node] > 0 {
        let share = (tree.total[node] - tree.lower[node]) / tree.total[node]
        let cells = FlameLayout.column(Double(body) * share, body)
        var hatch = style
        let uncertain = theme.style(.uncertain)
        hatch.dim = hatch.dim || uncertain.dim
        hatch.italic = hatch.italic || uncertain.italic
        hatch.underline = hatch.underline || uncertain.underline
        let end = span.x0 + body
        for x in stride(from: max(labelEnd + 1, end - cells), to: end, by: 1) {
          grid[x, y] = Cell("╌", style: hatch)
        }
      }
      // A gap: the part of the row below that no callee covers is its unexplained time.
      if state.isGapNode(node) && span.row + 1 < area.rows {
        drawGap(span, children: covered[node] ?? [], &grid)
      }
      if state.comparison != nil && span.row + 1 < area.rows {
        drawRemoved(span, children: covered[node] ?? [], &grid)
      }
    }
  }

  /// The runs of cells on the row below `span` that no child covers: its own time.
  func freeRuns(below span: FlameSpan, children: [FlameSpan]) -> [Range<Int>] {
    var free = [Bool](repeating: true, count: span.width)
    for child in children where child.row == span.row + 1 {
      for x in max(child.x0, span.x0)..<min(child.x1, span.x1) { free[x - span.x0] = false }
    }
    var runs: [Range<Int>] = []
    var x = 0
    while x < span.width {
      guard free[x] else {
        x += 1
        continue
      }
      var end = x
      while end < span.width && free[end] { end += 1 }
      runs.append(span.x0 + x..<span.x0 + end)
      x = end
    }
    return runs
  }

  func drawGap(_ span: FlameSpan, children: [FlameSpan], _ grid: inout CellGrid) {
    let y = screenRow(span.row + 1)
    let style = theme.style(.gap)
    for run in freeRuns(below: span, children: children) {
      grid.fill(x: run.lowerBound, y: y, count: run.count, style: style, with: "░")
      if run.count >= 6 {
        grid.write("self", x: run.lowerBound, y: y, style: style, limit: run.count)
      }
    }
  }

  /// Diff mode: the callees of a frame that only the base run has, named (`✕ name`) in the
  /// room its own time leaves on the row below, in the colour of their change.
  func drawRemoved(_ span: FlameSpan, children: [FlameSpan], _ grid: inout CellGrid) {
    guard let comparison = state.comparison, let path = comparison.paths.path(of: span.node)
    else { return }
    var removed = comparison.paths.removedCallees(of: path)[...]
    guard !removed.isEmpty else { return }
    let y = screenRow(span.row + 1)
    for run in freeRuns(below: span, children: children) where run.count >= 4 {
      guard let p = removed.popFirst() else { break }
      let change = -comparison.totals(p).base
      let name = comparison.paths.paths[p].function.displayName
      var text = "✕ " + TerminalText.escaped(name)
      if !removed.isEmpty && run.count >= DisplayWidth.of(text) + 8 {
        text += " +\(removed.count) more"
        removed.removeAll()
      }
      grid.fill(x: run.lowerBound, y: y, count: run.count, style: theme.style(.normal))
      grid.write(
        text, x: run.lowerBound, y: y, style: theme.changeStyle(comparison.share(change)),
        limit: run.count)
    }
  }

  /// A frame's style: in diff mode the colour of its call path's change, else its
  /// package's colour or its pseudo-node's role.
  func frameStyle(_ node: Int) -> TextStyle {
    if let comparison = state.comparison, let path = comparison.paths.path(of: node),
      state.tree.kind[node] != .top
    {
      return theme.changeStyle(comparison.totalShare(path))
    }
    return theme.frameStyle(node, in: state.tree)
  }

}

extension Theme {
  /// The style of a flame frame: its package's colour, or its pseudo-node's role — in the
  /// terminal and in SVG flame graphs alike.
  func frameStyle(_ node: Int, in tree: CallTree) -> TextStyle {
    if let style = pseudoNodeStyle(tree.kind[node]) { return style }
    return tree.isFunctionFrame(node)
      ? frameStyle(forKey: FrameColorKey.key(tree.name(node)!)) : style(.normal)
  }

  /// The style of a pseudo-node, by what it stands for — every view draws them alike; nil
  /// for the top and function frames.
  func pseudoNodeStyle(_ kind: CallTree.Kind) -> TextStyle? {
    switch kind {
    case .recursion: style(.recursion)
    case .pruned: style(.pruned)
    case .unattributed: style(.gap)
    case .library: style(.dim)
    case .top, .root, .call: nil
    }
  }
}

/// What decides a frame's colour: its package (the first directory that names a library),
/// so that one library keeps one hue across runs.
enum FrameColorKey {
  static func key(_ name: FunctionName) -> String {
    if name.file == "~" { return "builtins" }
    if name.file.isEmpty {
      return name.name.split(separator: "_").first.map(String.init) ?? name.name
    }
    let parts = name.file.split(separator: "/")
    if let i = parts.lastIndex(where: { $0 == "site-packages" || $0 == "dist-packages" }),
      i + 1 < parts.count
    {
      return String(parts[i + 1])
    }
    if let i = parts.lastIndex(where: { $0.hasPrefix("python3") || $0 == "lib" }),
      i + 1 < parts.count
    {
      return String(parts[i + 1])
    }
    return parts.count > 1 ? String(parts[parts.count - 2]) : String(parts.last ?? "")
  }
}

/// The text a node shows in the views: its function's name, or what a pseudo-node is.
enum NodeText {
  static func label(_ node: Int, in tree: CallTree) -> String {
    switch tree.kind[node] {
    case .pruned: return "(pruned)"
    case .unattributed: return "(unattributed)"
    case .library: return "(library)"
    case .recursion: return "↻ " + TerminalText.escaped(tree.name(node)?.displayName ?? "")
    case .top: return "<profile>"
    case .root, .call: return TerminalText.escaped(tree.name(node)?.displayName ?? "")
    }
  }

  /// `  [est. lo .. hi]` (`EstimateBand.label`) for a function frame whose time is an estimate,
  /// else nil.
  static func estimate(_ node: Int, in tree: CallTree, format: TimeFormat) -> String? {
    EstimateBand(node, in: tree, format: format).map { "  " + $0.label }
  }
}
