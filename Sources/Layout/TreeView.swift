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

  func draw(_ grid: inout CellGrid) {
    if let comparison = state.comparison {
      drawChanges(comparison, &grid)
      return
    }
    let tree = state.tree
    // The inverted tree has no unexplained time, and a node's self time there is where its
    // stacks began: its columns are the time and the calls.
    let inverted = state.showsInvertedTree
    let header =
      (inverted
      ? [
        TextFit.right("total", Self.numberWidth), TextFit.right("ncalls", 11),
        TextFit.right("%", 6),
      ]
      : [
        TextFit.right("total", Self.numberWidth), TextFit.right("self", Self.numberWidth),
        TextFit.right("unexplained", 12), TextFit.right("ncalls", 11), TextFit.right("%", 6),
      ]).joined(separator: " ")
      + (inverted
        ? "  function: own time, then the callers it ran under (sorted by \(state.treeSort.title))"
        : "  function (sorted by \(state.treeSort.title))")
    grid.write(header, x: 0, y: area.top, style: theme.style(.tableHeader))
    let rows = state.treeRows()
    let visible = rows.dropFirst(state.treeScroll).prefix(area.rows - 1)
    let root = max(tree.total[tree.top], 1e-300)
    for (i, row) in visible.enumerated() {
      let y = area.top + 1 + i
      let node = row.node
      if !row.isNode {
        let u = state.unexplained(node)
        let text =
          String(repeating: " ", count: Self.numberWidth + 1)
          + TextFit.right(number(u), Self.numberWidth)
          + String(repeating: " ", count: 1 + 12 + 1 + 11 + 1 + 6) + "  "
          + String(repeating: "  ", count: row.depth)
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
      var columns = [TextFit.right(number(tree.total[node]), Self.numberWidth)]
      if !inverted {
        columns.append(
          TextFit.right(functionNode ? number(tree.selfTime[node]) : "", Self.numberWidth))
        columns.append(TextFit.right(functionNode ? number(state.unexplained(node)) : "", 12))
      }
      columns.append(TextFit.right(calls, 11))
      columns.append(TextFit.right(String(format: "%.1f", 100 * tree.total[node] / root), 6))
      var text = columns.joined(separator: " ")
      text += "  " + String(repeating: "  ", count: row.depth)
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
    let header =
      [
        TextFit.right("base", Self.numberWidth), TextFit.right("new", Self.numberWidth),
        TextFit.right("Δ", 11), TextFit.right("Δ%", 7),
      ].joined(separator: " ") + "  function (sorted by \(state.treeSort.title))"
    grid.write(header, x: 0, y: area.top, style: theme.style(.tableHeader))
    let rows = state.treeRows()
    for (i, row) in rows.dropFirst(state.treeScroll).prefix(area.rows - 1).enumerated() {
      let y = area.top + 1 + i
      let node = row.node
      let selected = row.isNode && node == state.selection
      let normal = selected ? theme.style(.selected) : theme.style(.normal)
      grid.fill(x: 0, y: y, count: area.width, style: normal)
      if !row.isNode && row.removedPath < 0 {
        let u = state.unexplained(node)
        let text =
          String(repeating: " ", count: 2 * Self.numberWidth + 11 + 7 + 5)
          + String(repeating: "  ", count: row.depth)
          + "  self (unexplained) \(state.timeFormat.format(u)) in the new run"
        grid.write(text, x: 0, y: y, style: theme.style(.gap))
        continue
      }
      let path = row.isNode ? comparison.paths.path(of: node) : row.removedPath
      var used = 0
      if let path {
        let total = comparison.totals(path)
        let change = total.new - total.base
        let isNew = comparison.paths.paths[path].base.nodes.isEmpty
        used += grid.write(
          TextFit.right(isNew ? "—" : format.value(total.base), Self.numberWidth) + " "
            + TextFit.right(row.isNode ? format.value(total.new) : "—", Self.numberWidth) + " ",
          x: 0, y: y, style: normal)
        let changeStyle = selected ? normal : theme.changeStyle(comparison.totalShare(path))
        used += grid.write(
          TextFit.right(format.signed(change), 11) + " "
            + TextFit.right(isNew ? "new" : format.share(change), 7),
          x: used, y: y, style: changeStyle)
      } else {
        used += grid.write(
          String(repeating: " ", count: 2 * Self.numberWidth + 11 + 7 + 3), x: 0, y: y,
          style: normal)
      }
      used += grid.write(
        "  " + String(repeating: "  ", count: row.depth), x: used, y: y, style: normal)
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
