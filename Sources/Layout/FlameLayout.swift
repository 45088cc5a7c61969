import Explorer
import ProfileModel

/// One frame of the flame view: a node drawn over columns `x0 ..< x1` of a row (row 0 is
/// the zoom root). Siblings too narrow for a column are merged into one span with no node.
public struct FlameSpan: Equatable, Sendable {
  public var node: Int
  public var row: Int
  public var x0: Int
  public var x1: Int

  public var isMerged: Bool { node < 0 }
  public var width: Int { x1 - x0 }
}

/// The icicle layout: the zoom root spans the width; each child's width is proportional to
/// its time, placed left to right largest first, as deep as there are rows. Only nodes at
/// least one column wide are visited, so the cost follows the screen, not the profile. The
/// terminal's flame view and the SVG writer both lay frames out with it.
public enum FlameLayout {
  /// The layout of the explorer's zoom in its flame view.
  public static func spans(_ state: ExplorerState, width: Int, rows: Int) -> [FlameSpan] {
    spans(state.tree, root: state.zoomRoot, width: width, rows: rows)
  }

  /// The layout of `tree` below `root` (which spans the width; the top node is not drawn),
  /// `width` columns wide, at most `rows` deep. Only expanded nodes are laid out.
  public static func spans(_ tree: CallTree, root: Int, width: Int, rows: Int) -> [FlameSpan] {
    let total = tree.total[root]
    guard width > 0, rows > 0, total > 0, total.isFinite else { return [] }
    let scale = Double(width) / total
    var spans: [FlameSpan] = []
    // The top node itself is not drawn: its children (the roots) form row 0.
    var level: [(node: Int, start: Double)]
    var row = 0
    if tree.kind[root] == .top {
      level = []
      var start = 0.0
      placeChildren(
        root, from: &start, tree, scale, row: 0, width: width, into: &spans, next: &level)
      row = 1
    } else {
      spans.append(FlameSpan(node: root, row: 0, x0: 0, x1: width))
      level = [(root, 0)]
      row = 1
    }
    while !level.isEmpty && row < rows {
      var next: [(node: Int, start: Double)] = []
      for (node, start) in level {
        var position = start
        placeChildren(
          node, from: &position, tree, scale, row: row, width: width, into: &spans, next: &next)
      }
      level = next
      row += 1
    }
    return spans
  }

  private static func placeChildren(
    _ node: Int, from position: inout Double, _ tree: CallTree, _ scale: Double, row: Int,
    width: Int, into spans: inout [FlameSpan], next: inout [(node: Int, start: Double)]
  ) {
    var mergedStart: Double?
    var mergedEnd = 0.0
    func flushMerged() {
      if let start = mergedStart {
        let x0 = column(start, width)
        let x1 = column(mergedEnd, width)
        if x1 > x0 { spans.append(FlameSpan(node: -1, row: row, x0: x0, x1: x1)) }
        mergedStart = nil
      }
    }
    for child in tree.children(node) {
      let start = position
      let end = position + tree.total[child] * scale
      position = end
      let x0 = column(start, width)
      let x1 = column(end, width)
      if x1 - x0 >= 1 && end - start >= 0.5 {
        flushMerged()
        spans.append(FlameSpan(node: child, row: row, x0: x0, x1: x1))
        next.append((child, start))
      } else {
        if mergedStart == nil { mergedStart = start }
        mergedEnd = end
      }
    }
    flushMerged()
  }

  /// The screen column of position `x`, kept inside `0 ... width`: a child whose time
  /// exceeds its parent's (a hostile or inconsistent file) ends at the right edge instead
  /// of past it, and a position that is not a number starts at the left edge.
  static func column(_ x: Double, _ width: Int) -> Int {
    guard !x.isNaN else { return 0 }
    return Int(min(max(x, 0), Double(width)).rounded())
  }

  /// The span under a screen cell of the flame area.
  public static func span(at x: Int, row: Int, in spans: [FlameSpan]) -> FlameSpan? {
    spans.first { $0.row == row && $0.x0 <= x && x < $0.x1 }
  }
}
