import ProfileModel

/// One selection for every view: the function the highlighted row or frame stands for. The
/// tables set it by moving their cursor; the flame and tree views by their selected node.
/// `c`, `v` and `*` act on it, the status line describes it, and switching views keeps it —
/// a table opens on its row, the flame and tree views on its heaviest node.
extension ExplorerState {
  /// The selected function (an entry of the profile's graph), or nil where the highlight
  /// is no function (a pseudo-frame, a function only the base run has in diff mode).
  public var selectedFunction: Int? {
    switch view {
    case .functions:
      if let comparison {
        let rows = changeRows()
        guard tableRow < rows.count else { return nil }
        let f = Int(comparison.functions.firstNewFunction[rows[tableRow]])
        return f >= 0 ? f : nil
      }
      let rows = functionRows()
      return tableRow < rows.count ? rows[tableRow] : nil
    case .callers:
      let rows = callerRows()
      return tableRow < rows.count ? rows[tableRow].function : nil
    case .gaps:
      return selectedGapNode.flatMap(functionOf)
    case .source:
      return sourceFunction ?? functionOf(selection)
    case .flame, .tree, .inverted:
      return functionOf(selection)
    case .sandwich:
      guard let row = sandwichSelectedRow, let state = sandwich else { return nil }
      let f = Int(state.tree(row.pane).function[row.node])
      return f >= 0 && f < profile.graph.entryCount ? f : nil
    case .timeOrder:
      guard let timeline, let chart, chart.selection < timeline.count else { return nil }
      let f = Int(timeline.frame[chart.selection])
      return f >= 0 && f < profile.graph.entryCount ? f : nil
    }
  }

  /// The node the status line describes in the gaps view: the highlighted gap.
  public var selectedGapNode: Int? {
    guard view == .gaps else { return nil }
    let list = gapWalkList
    return tableRow < list.count ? list[tableRow].node : nil
  }

  func functionOf(_ node: Int) -> Int? {
    let f = Int(tree.function[node])
    return f >= 0 && f < profile.graph.entryCount ? f : nil
  }

  /// The node of `f` with the most time, the tree grown as far as search grows it.
  mutating func heaviestNode(of f: Int) -> Int? {
    tree.expandAll(below: tree.top, limit: 200_000)
    var best: Int?
    for node in 0..<tree.count
    where tree.isFunctionFrame(node) && Int(tree.function[node]) == f {
      if best == nil || tree.total[node] > tree.total[best!] { best = node }
    }
    return best
  }

  /// The row of `f` in the table `target` lists, if it has one.
  func row(of f: Int, in target: ExplorerView) -> Int? {
    switch target {
    case .functions:
      if let comparison {
        let entry = comparison.functions.entryOfNewFunction[f]
        return changeRows().firstIndex(of: Int(entry))
      }
      return functionRows().firstIndex(of: f)
    case .callers: return callerRows().firstIndex { $0.kind == .function }
    default: return nil
    }
  }

  /// After a switch to `view`: the view shows `f`, the function selected before.
  mutating func keepSelection(_ f: Int?) {
    guard let f else { return }
    switch view {
    case .functions, .callers:
      guard let row = row(of: f, in: view) else { return }
      tableRow = row
      tableScroll = max(0, row - tableViewRows / 2)
    case .flame, .tree:
      guard functionOf(selection) != f, let node = heaviestNode(of: f) else { return }
      select(node, reveal: true)
    case .inverted:
      // The function's own time is its root. One without own time (above the display
      // threshold) has none: the view says so rather than grow the whole tree to find it.
      guard functionOf(selection) != f else { return }
      guard let node = invertedRoot(of: f) else {
        message =
          "\(TerminalText.escaped(profile.graph.name(of: f).displayName)) has no own time "
          + "to show here: the inverted tree's roots are own time"
        return
      }
      select(node, reveal: true)
    default: break
    }
  }
}
