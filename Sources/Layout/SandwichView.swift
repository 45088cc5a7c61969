import Explorer
import ProfileModel
import Screen

/// Draws the sandwich view: a title line and the callers' tree above, a title line and the
/// callees' tree below, each row with its time, its share of the function's time, the
/// indented name and place, and `[est. …]` where the tree is estimated and the row not exact.
struct SandwichView {
  let theme: Theme
  let state: ExplorerState
  let area: ViewArea

  static let numberWidth = 10

  /// The columns total and %, fitted to the view's width.
  var fittedColumns: FittedColumns {
    FittedColumns(
      [
        .init(title: "total", width: Self.numberWidth, rank: 0),
        .init(title: "%", width: 6, rank: 1),
      ],
      width: area.width, nameWidth: FittedColumns.treeNameWidth(screenWidth: area.width))
  }

  func draw(_ grid: inout CellGrid) {
    guard let sandwich = state.sandwich else {
      grid.write(
        "no function to show: the profile lists none", x: 0, y: area.top,
        style: theme.style(.message))
      return
    }
    let name = TerminalText.escaped(
      state.profile.graph.name(of: sandwich.trees.function).displayName)
    let titles = [
      ("callers of \(name)", ": who called it, their callers below them (share of its time)"),
      ("callees of \(name)", ": what it called, over all its call sites"),
    ]
    let columns = fittedColumns
    var y = area.top
    for pane in 0..<2 {
      grid.fill(x: 0, y: y, count: area.width, style: theme.style(.tableHeader))
      let limit =
        sandwich.truncated[pane]
          && sandwich.rows.count(where: { $0.pane == pane }) >= state.sandwichRowLimit
        ? "(first \(state.sandwichRowLimit) rows) " : ""
      let first = sandwich.rows.firstIndex { $0.pane == pane } ?? sandwich.rows.count
      let rows = sandwich.rows[first...].prefix { $0.pane == pane }
      let shown = state.sandwichPaneRows[pane]
      let visible = rows.dropFirst(sandwich.scroll[pane]).prefix(shown)
      let indentation = TreeIndentation(
        depths: visible.map(\.depth), room: area.width - columns.nameColumn)
      grid.write(
        columns.header + "  " + limit
          + titles[pane].0 + indentation.note + titles[pane].1, x: 0, y: y,
        style: theme.style(.tableHeader))
      y += 1
      for (offset, row) in visible.enumerated() {
        drawRow(
          row, selected: first + sandwich.scroll[pane] + offset == sandwich.cursor,
          sandwich, columns: columns, indentation: indentation, y: y + offset, &grid)
      }
      y += shown
    }
  }

  func drawRow(
    _ row: SandwichRow, selected: Bool, _ sandwich: SandwichState,
    columns: FittedColumns, indentation: TreeIndentation, y: Int, _ grid: inout CellGrid
  ) {
    let tree = sandwich.tree(row.pane)
    let node = row.node
    let normal = selected ? theme.style(.selected) : theme.style(.normal)
    grid.fill(x: 0, y: y, count: area.width, style: normal)
    let root = max(tree.total[tree.top], 1e-300)
    var used = grid.write(
      columns.line([
        state.timeFormat.format(tree.total[node]),
        String(format: "%.1f", 100 * tree.total[node] / root),
      ]) + indentation.prefix(depth: row.depth),
      x: 0, y: y, style: normal)
    let marker = row.canOpen ? (row.isOpen ? "▾ " : "▸ ") : "  "
    let kindStyle =
      theme.pseudoNodeStyle(tree.kind[node])
      ?? (row.depth == 0 ? theme.style(.match) : theme.style(.normal))
    let style = selected ? normal : kindStyle
    used += grid.write(marker + NodeText.label(node, in: tree), x: used, y: y, style: style)
    var note = ""
    if tree.isFunctionFrame(node), let location = tree.name(node)?.location, !location.isEmpty {
      note = "  " + TerminalText.escaped(location)
    }
    note += NodeText.estimate(node, in: tree, format: state.timeFormat) ?? ""
    grid.write(note, x: used, y: y, style: selected ? normal : theme.style(.dim))
  }

  /// The index in the sandwich's rows of the row drawn `line` lines below the view's top
  /// (0 is the callers' title), or nil for a title or an empty line.
  static func row(at line: Int, in state: ExplorerState) -> Int? {
    guard let sandwich = state.sandwich else { return nil }
    let paneRows = state.sandwichPaneRows
    var top = 0
    for pane in 0..<2 {
      let index = line - top - 1
      if index >= 0 && index < paneRows[pane] {
        let first = sandwich.rows.firstIndex { $0.pane == pane } ?? sandwich.rows.count
        let row = first + sandwich.scroll[pane] + index
        guard row < sandwich.rows.count, sandwich.rows[row].pane == pane else { return nil }
        return row
      }
      top += 1 + paneRows[pane]
    }
    return nil
  }

  /// The status line for a row: the function, then what the row's time means in its pane,
  /// how certain it is, and the function's calls over the whole run.
  static func describe(
    _ row: SandwichRow, _ sandwich: SandwichState, in state: ExplorerState, compact: Bool = false
  ) -> String {
    let tree = sandwich.tree(row.pane)
    let node = row.node
    guard tree.isFunctionFrame(node) else { return NodeText.label(node, in: tree) }
    let format = state.timeFormat
    let middle = TerminalText.escaped(
      state.profile.graph.name(of: sandwich.trees.function).displayName)
    let name = tree.name(node)!
    var parts = [TerminalText.escaped(name.displayName)]
    if let place = StatusText.place(name, compact: compact) { parts.append(place) }
    let total = tree.total[node]
    let share = FixedDecimal.percent(100 * total / max(tree.total[tree.top], 1e-300))
    if row.depth == 0 {
      parts.append("cumulative \(format.format(total)) over all its call sites")
    } else if row.pane == 0 {
      parts.append("\(format.format(total)) of \(middle)'s time came through this path (\(share))")
    } else {
      parts.append(
        "\(format.format(total)) (\(share) of \(middle)'s time) in this path, "
          + "self \(format.format(tree.selfTime[node]))")
    }
    if tree.hasBounds(node) {
      parts.append(
        tree.isExact(node)
          ? "exact"
          : "estimated \(format.format(tree.lower[node])) .. \(format.format(tree.upper[node]))")
    }
    if let overall = StatusText.functionOverall(Int(tree.function[node]), in: state) {
      parts.append(overall)
    }
    if Int(tree.function[node]) != sandwich.trees.function {
      parts.append("Enter puts it in the middle")
    }
    return parts.joined(separator: "  ")
  }
}
