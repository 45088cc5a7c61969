import Explorer
import Foundation
import ProfileModel

/// One call drawn by the time-order chart: timeline span `span` over columns `x0 ..< x1` of
/// chart row `row` (row 0 is the lane's outermost calls, or the call zoomed into). Calls too
/// short for a column are drawn together, one merged run per row, with span -1.
public struct ChartSpan: Equatable, Sendable {
  public var span: Int
  public var row: Int
  public var x0: Int
  public var x1: Int

  public init(span: Int, row: Int, x0: Int, x1: Int) {
    self.span = span
    self.row = row
    self.x0 = x0
    self.x1 = x1
  }

  public var isMerged: Bool { span < 0 }
  public var width: Int { x1 - x0 }
}

/// The time-order chart's layout: time runs left to right over the window the explorer
/// shows (`ExplorerState.chartWindow`), each call at its start and as wide as it ran, one row
/// per depth. Calls narrower than a column are not entered, so the cost follows what is on
/// screen (and the count of outermost calls), not the profile.
public enum TimeChartLayout {
  /// The layout of the explorer's chart, `width` columns by `rows` chart rows.
  public static func spans(_ state: ExplorerState, width: Int, rows: Int) -> [ChartSpan] {
    guard let timeline = state.timeline, let window = state.chartWindow else { return [] }
    let range =
      state.chartZoom.map { $0..<timeline.subtreeEnd($0) }
      ?? timeline.spans(ofLane: window.lane)
    return spans(
      timeline, range, from: window.start, to: window.end, depth: window.depth, width: width,
      rows: rows)
  }

  /// The calls of `range` (a run of whole subtrees) from time `t0` to `t1`, row 0 being
  /// depth `depth`.
  public static func spans(
    _ timeline: Timeline, _ range: Range<Int>, from t0: Double, to t1: Double, depth: Int,
    width: Int, rows: Int
  ) -> [ChartSpan] {
    guard width > 0, rows > 0, t1 > t0, (t1 - t0).isFinite else { return [] }
    let scale = Double(width) / (t1 - t0)
    var spans: [ChartSpan] = []
    var merged = [Int](repeating: -1, count: rows)
    var s = range.lowerBound
    while s < range.upperBound {
      let row = Int(timeline.depth[s]) - depth
      // A call outside the time shown, or deeper than the rows, is skipped with its calls.
      guard row >= 0 && row < rows, timeline.runs(s, during: t0...t1) else {
        s = timeline.subtreeEnd(s)
        continue
      }
      let start = (timeline.start[s] - t0) * scale
      let end = (timeline.end[s] - t0) * scale
      let x0 = FlameLayout.column(start, width)
      let x1 = FlameLayout.column(end, width)
      if x1 - x0 >= 1 && end - start >= 0.5 {
        spans.append(ChartSpan(span: s, row: row, x0: x0, x1: x1))
        s += 1
        continue
      }
      // A short call marks the column it starts in; runs of them on a row join.
      let cell = min(FlameLayout.column(start.rounded(.down), width), width - 1)
      if merged[row] >= 0 && spans[merged[row]].x1 >= cell {
        spans[merged[row]].x1 = max(spans[merged[row]].x1, cell + 1)
      } else {
        merged[row] = spans.count
        spans.append(ChartSpan(span: -1, row: row, x0: cell, x1: cell + 1))
      }
      s = timeline.subtreeEnd(s)
    }
    return spans
  }

  /// The call drawn under a cell of the chart (merged runs are no call).
  public static func span(at x: Int, row: Int, in spans: [ChartSpan]) -> ChartSpan? {
    spans.last { $0.row == row && $0.x0 <= x && x < $0.x1 && !$0.isMerged }
  }

  /// Where the time ruler marks: every `step` (1, 2 or 5 times a power of ten) from the
  /// window's start, about one mark per `spacing` columns.
  public static func rulerStep(duration: Double, width: Int, spacing: Int = 16) -> Double {
    guard duration > 0, duration.isFinite, width > 0 else { return 1 }
    let raw = duration * Double(spacing) / Double(width)
    let power = pow(10, floor(log10(raw)))
    for factor in [1.0, 2, 5] where factor * power >= raw { return factor * power }
    return 10 * power
  }
}
