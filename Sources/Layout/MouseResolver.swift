import Explorer
import Screen

/// Turns a mouse event into an action by finding what is under it on the screen.
public enum MouseResolver {
  public static func resolve(_ state: ExplorerState, _ event: MouseEvent) -> Action? {
    switch event.kind {
    case .wheelUp: return .scroll(-3)
    case .wheelDown: return .scroll(3)
    case .click, .doubleClick: break
    }
    let top = state.frame.viewTop
    let rows = state.frame.viewRows
    guard event.y >= top && event.y < top + rows else { return nil }
    switch state.view {
    case .flame:
      let spans = FlameLayout.spans(state, width: state.width, rows: rows)
      let row = state.flipped ? top + rows - 1 - event.y : event.y - top
      guard let span = FlameLayout.span(at: event.x, row: row, in: spans), !span.isMerged else {
        return nil
      }
      return event.kind == .doubleClick ? .activate(span.node) : .select(span.node)
    case .tree, .inverted:
      let index = state.treeScroll + event.y - top - 1
      let rows = state.treeRows()
      guard event.y > top, index >= 0, index < rows.count, rows[index].isNode else { return nil }
      return event.kind == .doubleClick ? .activate(rows[index].node) : .select(rows[index].node)
    case .functions, .callers, .gaps:
      let row = state.tableScroll + event.y - top - 1
      guard event.y > top, row >= 0 else { return nil }
      return event.kind == .doubleClick ? .activateRow(row) : .selectRow(row)
    case .sandwich:
      guard let row = SandwichView.row(at: event.y - top, in: state) else { return nil }
      return event.kind == .doubleClick ? .activateRow(row) : .selectRow(row)
    case .timeOrder:
      let area = ViewArea(top: top, rows: rows, width: state.width)
      guard let row = TimeChartView.chartRow(atScreenLine: event.y, in: state, area: area),
        let span = TimeChartLayout.span(
          at: event.x, row: row,
          in: TimeChartLayout.spans(state, width: state.width, rows: rows - 1))
      else { return nil }
      return event.kind == .doubleClick ? .activate(span.span) : .select(span.span)
    case .source:
      return nil
    }
  }
}
