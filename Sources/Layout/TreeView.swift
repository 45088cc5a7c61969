import Explorer
import Foundation
import ProfileModel
import Screen

/// Draws the tree view: columns total, self, unexplained, calls and % with the indented,
/// collapsible names; pseudo-rows styled as what they are; under an expanded gap a
/// `self (unexplained)` row in the gap style.
struct TreeView {
  let theme: Theme
  let state: ExplorerState
  let area: ViewArea

  static let numberWidth = 10

  func number(_ value: Double) -> String {
    if state.showPercent {
      let root = max(state.tree.total[state.tree.top], 1e-300)
      return FixedDecimal.percent(100 * value / root)
    }
    return state.timeFormat.format(value)
  }

  /// The number columns at this width: total, self, unexplained, calls and % (total, calls
  /// and % in the inverted tree), the sort column kept longest.
  func fittedColumns() -> FittedColumns {
    let promoted: Int? =
      switch state.treeSort {
      case .selfTime: 1
      case .unexplained: 2
      default: nil
      }
    // Stacks and timelines count no calls: no ncalls column for them.
    let hasCalls = state.profile.hasCallCounts
    let ranks = FittedColumns.ranks([0, 2, 1, 4, 3], promoting: promoted)
    let columns: [FittedColumns.Column] =
      state.showsInvertedTree
      ? [
        .init(title: "total", width: Self.numberWidth, rank: 0),
        .init(title: "ncalls", width: 11, rank: 2, isPresent: hasCalls),
        .init(title: "%", width: 6, rank: 1),
      ]
      : [
        .init(title: "total", width: Self.numberWidth, rank: ranks[0]),
        .init(title: "self", width: Self.numberWidth, rank: ranks[1]),
        .init(title: "unexplained", width: 12, rank: ranks[2]),
        .init(title: "ncalls", width: 11, rank: ranks[3], isPresent: hasCalls),
        .init(title: "%", width: 6, rank: ranks[4]),
      ]
    return FittedColumns(
      columns, width: area.width,
      nameWidth: FittedColumns.treeNameWidth(screenWidth: area.width))
  }

  func draw(_ grid: inout CellGrid) {
    if let comparison = state.comparison {
      drawChanges(comparison, &grid)
      return
    }
    let tree = state.tree
    // The inverted tree has no unexplained time, and a node's self time there is where its
    // stacks began: its columns are the time and the calls.
    let inverted = state.showsInvertedTree
    let columns = fittedColumns()
    let rows = state.treeRows()
    let visible = rows.dropFirst(state.treeScroll).prefix(area.rows - 1)
    let indentation = TreeIndentation(
      depths: visible.map(\.depth), room: area.width - columns.nameColumn)
    let header =
      columns.header + "  function" + indentation.note
      + (inverted
        ? ": own time, then the callers it ran under (sorted by \(state.treeSort.title))"
        : " (sorted by \(state.treeSort.title))")
    grid.write(header, x: 0, y: area.top, style: theme.style(.tableHeader))
    let root = max(tree.total[tree.top], 1e-300)
    for (i, row) in visible.enumerated() {
      let y = area.top + 1 + i
      let node = row.node
      if !row.isNode {
        let u = state.unexplained(node)
        let text =
          columns.line(["", number(u), "", "", ""]) + indentation.prefix(depth: row.depth)
          + "  self (unexplained) \(state.timeFormat.format(u))  "
          + String(format: "%.0f%%", 100 * u / max(tree.total[node], 1e-300))
        grid.fill(x: 0, y: y, count: area.width, style: theme.style(.normal))
        grid.write(text, x: 0, y: y, style: theme.style(.gap))
        continue
      }
      var style = rowStyle(node)
      if node == state.selection { style = theme.style(.selected) }
      grid.fill(
        x: 0, y: y, count: area.width, style: node == state.selection ? style : theme.style(.normal)
      )
      let functionNode = tree.isFunctionFrame(node)
      let f = Int(tree.function[node])
      let calls = functionNode ? state.profile.callsText(f) ?? "" : ""
      let total = number(tree.total[node])
      let share = String(format: "%.1f", 100 * tree.total[node] / root)
      let cells =
        inverted
        ? [total, calls, share]
        : [
          total, functionNode ? number(tree.selfTime[node]) : "",
          functionNode ? number(state.unexplained(node)) : "", calls, share,
        ]
      let text = columns.line(cells) + indentation.prefix(depth: row.depth)
      let numbersStyle = node == state.selection ? style : theme.style(.normal)
      let used = grid.write(text, x: 0, y: y, style: numbersStyle)
      let marker = expansionMarker(node)
      let name = NodeText.label(node, in: tree)
      let nameUsed = grid.write(marker + name, x: used, y: y, style: style)
      if let location = tree.name(node)?.location, functionNode, !location.isEmpty {
        grid.write(
          "  " + TerminalText.escaped(location), x: used + nameUsed, y: y,
          style: node == state.selection ? style : theme.style(.dim))
      }
      if let estimate = NodeText.estimate(node, in: tree, format: state.timeFormat) {
        let x = used + nameUsed + DisplayWidth.of("  " + (tree.name(node)?.location ?? ""))
        if x < area.width {
          grid.write(
            estimate, x: x, y: y, style: node == state.selection ? style : theme.style(.dim))
        }
      }
    }
  }

  /// `▾ ` for an expanded frame, `▸ ` for one that can be, blanks for the others.
  func expansionMarker(_ node: Int) -> String {
    let tree = state.tree
    let functionNode = tree.isFunctionFrame(node)
    guard functionNode && (!tree.isExpanded(node) || !tree.children(node).isEmpty) else {
      return "  "
    }
    return state.expanded.contains(node) && tree.isExpanded(node) ? "▾ " : "▸ "
  }

  func rowStyle(_ node: Int) -> TextStyle {
    let tree = state.tree
    if let style = theme.pseudoNodeStyle(tree.kind[node]) { return style }
    if state.search?.matchSet.contains(node) == true { return theme.style(.match) }
    if state.isGapNode(node) { return theme.style(.gap) }
    return theme.style(.normal)
  }

  // MARK: - Diff mode

  /// Diff mode: base, new, Δ and Δ% (of the base run) of each node's call path, and under
  /// each expanded node the callees only the base run has, marked removed.
  func drawChanges(_ comparison: RunComparison, _ grid: inout CellGrid) {
    let tree = state.tree
    let format = comparison.format
    let columns = FittedColumns(
      [
        .init(title: "base", width: Self.numberWidth, rank: 3),
        .init(title: "new", width: Self.numberWidth, rank: 2),
        .init(title: "Δ", width: 11, rank: 0), .init(title: "Δ%", width: 7, rank: 1),
      ], width: area.width, nameWidth: FittedColumns.treeNameWidth(screenWidth: area.width))
    let rows = state.treeRows()
    let visible = rows.dropFirst(state.treeScroll).prefix(area.rows - 1)
    let indentation = TreeIndentation(
      depths: visible.map(\.depth), room: area.width - columns.nameColumn)
    let header =
      columns.header + "  function" + indentation.note + " (sorted by \(state.treeSort.title))"
    grid.write(header, x: 0, y: area.top, style: theme.style(.tableHeader))
    for (i, row) in visible.enumerated() {
      let y = area.top + 1 + i
      let node = row.node
      let selected = row.isNode && node == state.selection
      let normal = selected ? theme.style(.selected) : theme.style(.normal)
      grid.fill(x: 0, y: y, count: area.width, style: normal)
      if !row.isNode && row.removedPath < 0 {
        let u = state.unexplained(node)
        let text =
          columns.line(["", "", "", ""]) + indentation.prefix(depth: row.depth)
          + "  self (unexplained) \(state.timeFormat.format(u)) in the new run"
        grid.write(text, x: 0, y: y, style: theme.style(.gap))
        continue
      }
      let path = row.isNode ? comparison.paths.path(of: node) : row.removedPath
      var cells = ["", "", "", ""]
      if let path {
        let total = comparison.totals(path)
        let change = total.new - total.base
        let isNew = comparison.paths.paths[path].base.nodes.isEmpty
        cells = [
          isNew ? "—" : format.value(total.base), row.isNode ? format.value(total.new) : "—",
          format.signed(change), isNew ? "new" : format.share(change),
        ]
      }
      let used = grid.write(
        columns.line(cells) + indentation.prefix(depth: row.depth), x: 0, y: y, style: normal)
      if let path, !selected {
        // The change and its share in the change's colour.
        let changeStyle = theme.changeStyle(comparison.totalShare(path))
        for column in 2...3 {
          guard let x = columns.x(of: column) else { continue }
          grid.write(
            columns.cell(cells[column], index: column), x: x, y: y,
            style: changeStyle)
        }
      }
      if !row.isNode, let path {
        let name = comparison.paths.paths[path].function
        grid.write(
          "✕ " + TerminalText.escaped(name.displayName) + "  removed: only in the base run",
          x: used, y: y, style: selected ? normal : theme.style(.dim))
        continue
      }
      let functionNode = tree.isFunctionFrame(node)
      let marker = expansionMarker(node)
      let style = selected ? normal : rowStyle(node)
      let nameUsed = grid.write(
        marker + NodeText.label(node, in: tree), x: used, y: y, style: style)
      var note = ""
      if let location = tree.name(node)?.location, functionNode, !location.isEmpty {
        note = "  " + TerminalText.escaped(location)
      }
      // Frames whose functions match (one name, one file name) are one path: its numbers.
      if let path, comparison.paths.paths[path].new.nodes.count > 1 {
        note += "  ≡ one path with \(comparison.paths.paths[path].new.nodes.count - 1) more"
      }
      grid.write(note, x: used + nameUsed, y: y, style: selected ? normal : theme.style(.dim))
    }
  }
}
