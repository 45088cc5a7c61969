import Explorer
import Foundation
import ProfileModel
import Screen

/// Draws the table views: the flat functions table (pstats' columns), the callers/callees of
/// one function (the butterfly), the ranked gaps, and a frame's source lines.
struct TableViews {
  let theme: Theme
  let state: ExplorerState
  let area: ViewArea

  var format: TimeFormat { state.timeFormat }

  func rowStyle(_ index: Int) -> TextStyle {
    index == state.tableRow ? theme.style(.selected) : theme.style(.normal)
  }

  func drawRow(_ text: String, index: Int, _ grid: inout CellGrid, style: TextStyle? = nil) {
    let y = area.top + 1 + index - state.tableScroll
    guard y > area.top && y < area.top + area.rows else { return }
    let style = style ?? rowStyle(index)
    grid.fill(x: 0, y: y, count: area.width, style: style)
    grid.write(text, x: 0, y: y, style: style)
  }

  func name(_ f: Int) -> String {
    let name = state.profile.graph.name(of: f)
    let location = name.location.isEmpty ? "" : "  " + name.location
    return TerminalText.escaped(name.displayName + location)
  }

  func calls(_ f: Int) -> String { state.profile.callsText(f) ?? "" }

  /// The number columns (title, width) with their ranks, fitted to the view's width; those
  /// at `absent` have no numbers in this profile.
  func fitted(_ columns: [(String, Int)], ranks: [Int], absent: Set<Int> = []) -> FittedColumns {
    FittedColumns(
      columns.indices.map {
        .init(
          title: columns[$0].0, width: columns[$0].1, rank: ranks[$0],
          isPresent: !absent.contains($0))
      }, width: area.width, nameWidth: FittedColumns.tableNameWidth(screenWidth: area.width))
  }

  func drawFunctions(_ grid: inout CellGrid) {
    if let comparison = state.comparison {
      drawChangedFunctions(comparison, &grid)
      return
    }
    let graph = state.profile.graph
    let promoted: Int? =
      switch state.functionSort {
      case .cumulative: 3
      case .own: 1
      case .calls: 0
      case .name: nil
      }
    let columns = fitted(
      ["ncalls", "tottime", "percall", "cumtime", "percall"].map { ($0, 10) },
      ranks: FittedColumns.ranks([2, 1, 3, 0, 4], promoting: promoted),
      absent: state.profile.hasCallCounts ? [] : [0, 2, 4])
    let header =
      columns.header + "  function (sorted by \(state.functionSort.title), s to change)"
    grid.write(header, x: 0, y: area.top, style: theme.style(.tableHeader))
    let rows = state.functionRows()
    for (index, f) in rows.enumerated().dropFirst(state.tableScroll).prefix(area.rows - 1) {
      let n = Double(state.profile.totalCalls(f))
      let p = Double(state.profile.primitiveCalls(f))
      let text =
        columns.line([
          calls(f), format.format(graph.tt[f]), n > 0 ? format.format(graph.tt[f] / n) : "",
          format.format(graph.ct[f]), p > 0 ? format.format(graph.ct[f] / p) : "",
        ]) + "  " + name(f)
      drawRow(text, index: index, &grid)
    }
  }

  /// Diff mode: every function of either run, with the change of its own and cumulative
  /// time (as the diff report lists them); functions only one run has are marked.
  func drawChangedFunctions(_ comparison: RunComparison, _ grid: inout CellGrid) {
    let format = comparison.format
    let columns = fitted(
      [("Δ own", 11), ("Δ%", 7), ("base own", 10), ("new own", 10), ("Δ cumul.", 11)],
      ranks: [0, 1, 4, 3, 2])
    let header =
      columns.header
      + "  function (sorted by \(state.changeSort.title), s to change; Δ% of the base run)"
    grid.write(header, x: 0, y: area.top, style: theme.style(.tableHeader))
    let rows = state.changeRows()
    for (index, i) in rows.enumerated().dropFirst(state.tableScroll).prefix(area.rows - 1) {
      let entry = comparison.functions.entries[i]
      let amounts = comparison.functionAmounts(i)
      let own = amounts.own.new - amounts.own.base
      let cumulative = amounts.cumulative.new - amounts.cumulative.base
      let location = entry.function.location.isEmpty ? "" : "  " + entry.function.location
      let mark = !entry.inNew ? "✕ " : !entry.inBase ? "+ " : ""
      let note = !entry.inNew ? "  (only in the base run)" : !entry.inBase ? "  (new)" : ""
      let text =
        columns.line([
          format.signed(own), format.share(own),
          entry.inBase ? format.value(amounts.own.base) : "—",
          entry.inNew ? format.value(amounts.own.new) : "—", format.signed(cumulative),
        ]) + "  " + mark + TerminalText.escaped(entry.function.displayName + location) + note
      drawRow(text, index: index, &grid)
      let y = area.top + 1 + index - state.tableScroll
      if index != state.tableRow, let x = columns.x(of: 0) {
        // The change in its colour.
        grid.write(
          columns.cell(format.signed(own), index: 0), x: x, y: y,
          style: theme.changeStyle(comparison.share(own)))
      }
    }
  }

  func drawCallers(_ grid: inout CellGrid) {
    let graph = state.profile.graph
    guard let focus = state.focusFunction else { return }
    if let comparison = state.comparison, graph.edgeValues != .counts {
      drawChangedCallers(comparison, focus: focus, &grid)
      return
    }
    let columns = fitted(
      [("ncalls", 10), ("tottime", 10), ("cumtime", 10)], ranks: [1, 2, 0],
      absent: state.profile.hasCallCounts ? [] : [0])
    grid.write(
      columns.header + "  callers ↑ / callees ↓ of \(name(focus))  (Enter: follow)",
      x: 0, y: area.top, style: theme.style(.tableHeader))
    for (index, row) in state.callerRows().enumerated().dropFirst(state.tableScroll).prefix(
      area.rows - 1)
    {
      switch row.kind {
      case .function:
        let text =
          columns.line([
            calls(focus), format.format(graph.tt[focus]), format.format(graph.ct[focus]),
          ]) + "  ● " + name(focus)
        drawRow(
          text, index: index, &grid,
          style: index == state.tableRow ? theme.style(.selected) : theme.style(.tableHeader))
      case .caller, .callee:
        let e = row.edge
        let count = graph.callsText(ofEdge: e)
        let arrow = row.kind == .caller ? "← " : "→ "
        let text =
          columns.line([
            count,
            graph.edgeValues == .timed ? format.format(graph.edgeTT[e]) : "",
            graph.edgeValues != .counts ? format.format(graph.edgeCT[e]) : "",
          ]) + "    " + arrow + name(row.function)
        drawRow(text, index: index, &grid)
      }
    }
  }

  /// Diff mode: the new run's callers and callees of the function, each call's cumulative
  /// time in both runs and the change (the function's own row: its cumulative time).
  func drawChangedCallers(_ comparison: RunComparison, focus: Int, _ grid: inout CellGrid) {
    let graph = state.profile.graph
    let format = comparison.format
    let columns = fitted([("base", 10), ("new", 10), ("Δ", 11)], ranks: [2, 1, 0])
    grid.write(
      columns.header + "  callers ↑ / callees ↓ of \(name(focus)) in the new run  (Enter: follow)",
      x: 0, y: area.top, style: theme.style(.tableHeader))
    for (index, row) in state.callerRows().enumerated().dropFirst(state.tableScroll).prefix(
      area.rows - 1)
    {
      var base: Double?
      var new: Double
      var lead: String
      switch row.kind {
      case .function:
        let amounts = comparison.functionAmounts(ofNew: focus).cumulative
        (base, new, lead) = (amounts.base, amounts.new, "● ")
      case .caller:
        base = comparison.baseCallTime(caller: row.function, callee: focus)
        (new, lead) = (graph.edgeCT[row.edge] * comparison.newScale, "  ← ")
      case .callee:
        base = comparison.baseCallTime(caller: focus, callee: row.function)
        (new, lead) = (graph.edgeCT[row.edge] * comparison.newScale, "  → ")
      }
      let change = base.map { new - $0 }
      let text =
        columns.line([
          base.map(format.value) ?? "", format.value(new), change.map(format.signed) ?? "",
        ])
        + "  " + lead + name(row.function)
      let style =
        index == state.tableRow
        ? theme.style(.selected)
        : row.kind == .function ? theme.style(.tableHeader) : theme.style(.normal)
      drawRow(text, index: index, &grid, style: style)
      if index != state.tableRow, let change, let x = columns.x(of: 2) {
        grid.write(
          columns.cell(format.signed(change), index: 2), x: x,
          y: area.top + 1 + index - state.tableScroll,
          style: theme.changeStyle(comparison.share(change)))
      }
    }
  }

  func drawGaps(_ grid: inout CellGrid) {
    let list = state.gapWalkList
    let columns = fitted([("", 4), ("unexplained", 11), ("of node", 8)], ranks: [1, 0, 2])
    let title =
      state.gapList.gaps.isEmpty
      ? "no node passes the gap thresholds — the nodes with the most unexplained time:"
      : columns.header + "  function ← callers (Enter: show in the flame view)"
    let run = state.comparison == nil ? "" : "  — the new run's"
    grid.write(title + run, x: 0, y: area.top, style: theme.style(.tableHeader))
    let tree = state.tree
    for (index, gap) in list.enumerated().dropFirst(state.tableScroll).prefix(area.rows - 1) {
      let node = gap.node
      let share = 100 * gap.unexplained / max(tree.total[node], 1e-300)
      let path = tree.path(to: node).dropFirst().reversed().map {
        TerminalText.escaped(tree.name($0)?.displayName ?? tree.kind[$0].name)
      }.joined(separator: " ← ")
      let text =
        columns.line([
          "\(index + 1).", format.format(gap.unexplained), String(format: "%.0f%%", share),
        ]) + "  " + path
      drawRow(text, index: index, &grid)
    }
  }

  func drawSource(_ grid: inout CellGrid) {
    guard let f = state.selectedFunction else { return }
    let name = state.profile.graph.name(of: f)
    grid.write(
      " \(TerminalText.escaped(name.file)) — \(TerminalText.escaped(name.displayName)) (Esc: back)",
      x: 0, y: area.top, style: theme.style(.tableHeader))
    guard let lines = state.sourceLines else {
      grid.write(
        state.sourceRequest != nil ? " reading…" : " the source file cannot be read here",
        x: 0, y: area.top + 1, style: theme.style(.dim))
      return
    }
    for row in 0..<(area.rows - 1) {
      let index = state.sourceScroll + row
      guard index < lines.count else { break }
      let isTarget = index + 1 == Int(name.line)
      let style = isTarget ? theme.style(.selected) : theme.style(.normal)
      let y = area.top + 1 + row
      if isTarget { grid.fill(x: 0, y: y, count: area.width, style: style) }
      let text =
        TextFit.right("\(index + 1)", 6) + "  "
        + TerminalText.escaped(lines[index].replacingOccurrences(of: "\t", with: "    "))
      grid.write(text, x: 0, y: y, style: style)
    }
  }
}
