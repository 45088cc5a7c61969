import Explorer
import Foundation
import ProfileModel
import Screen

/// Draws the time-order chart: a time ruler (offsets from the start of the run), then the
/// calls as they ran, one row per depth, coloured by package as the flame view colours
/// them, the selected call and calls of searched functions marked. `f` puts the outermost
/// calls at the bottom.
struct TimeChartView {
  let theme: Theme
  let state: ExplorerState
  let area: ViewArea

  /// Chart rows below the ruler.
  var chartRows: Int { max(0, area.rows - 1) }

  func screenRow(_ row: Int) -> Int {
    state.flipped ? area.top + area.rows - 1 - row : area.top + 1 + row
  }

  func draw(_ grid: inout CellGrid) {
    guard let timeline = state.timeline, let chart = state.chart,
      let window = state.chartWindow
    else {
      grid.write(
        "no calls to show: the timeline is empty", x: 0, y: area.top,
        style: theme.style(.message))
      return
    }
    drawRuler(timeline, window, &grid)
    let graph = state.profile.graph
    let spans = TimeChartLayout.spans(state, width: area.width, rows: chartRows)
    // Runs of short calls first: a call a column wide or more is drawn over them.
    for span in spans where span.isMerged {
      grid.fill(
        x: span.x0, y: screenRow(span.row), count: span.width, style: theme.style(.pruned),
        with: "·")
    }
    for span in spans where !span.isMerged {
      let y = screenRow(span.row)
      let f = Int(timeline.frame[span.span])
      let name = graph.name(of: f)
      var style = theme.frameStyle(forKey: FrameColorKey.key(name))
      if span.span == chart.selection {
        style = theme.style(.selected)
      } else if state.search?.functions.contains(Int32(f)) == true {
        style = theme.style(.match)
      }
      let body = span.width > 3 ? span.width - 1 : span.width
      grid.fill(x: span.x0, y: y, count: body, style: style)
      if body >= 3 {
        grid.write(
          TerminalText.escaped(name.displayName), x: span.x0, y: y, style: style, limit: body)
      }
    }
  }

  /// The ruler: a mark and the offset from the lane's start every 1, 2 or 5 units.
  func drawRuler(
    _ timeline: Timeline, _ window: (lane: Int, start: Double, end: Double, depth: Int),
    _ grid: inout CellGrid
  ) {
    let y = area.top
    let style = theme.style(.tableHeader)
    grid.fill(x: 0, y: y, count: area.width, style: style)
    let origin = timeline.extent.start
    let duration = window.end - window.start
    let step = TimeChartLayout.rulerStep(duration: duration, width: area.width)
    let unit = state.profile.weightUnit
    let first = ((window.start - origin) / step).rounded(.up)
    var drawnTo = -1
    for k in 0..<max(0, min(1000, area.width)) {
      let mark = (first + Double(k)) * step
      guard mark + origin <= window.end, duration > 0 else { break }
      let x = FlameLayout.column(
        (mark + origin - window.start) / duration * Double(area.width), area.width)
      if x > drawnTo && x < area.width {
        drawnTo =
          x
          + grid.write(
            "│" + Self.rulerLabel(mark, step: step, unit: unit), x: x, y: y, style: style)
      }
    }
  }

  /// A ruler mark: its offset from the run's start in the unit of the step between marks,
  /// with as many decimals as the step needs ("0", "250 ms", "4313.5 ms", "1.5 s").
  static func rulerLabel(_ offset: Double, step: Double, unit: WeightUnit) -> String {
    guard offset != 0 else { return "0" }
    guard unit == .seconds, step > 0, step.isFinite else {
      return TimeFormat(largest: step, unit: unit).format(offset)
    }
    let (scale, name) = step >= 0.1 ? (1.0, "s") : step >= 1e-4 ? (1e3, "ms") : (1e6, "µs")
    let decimals = min(9, max(0, Int((-log10(step * scale)).rounded(.up))))
    return String(format: "%.\(decimals)f ", offset * scale) + name
  }

  /// The chart row drawn on screen line `y`, or nil for the ruler and lines outside.
  static func chartRow(atScreenLine y: Int, in state: ExplorerState, area: ViewArea) -> Int? {
    let row = state.flipped ? area.top + area.rows - 1 - y : y - area.top - 1
    return row >= 0 && row < area.rows - 1 ? row : nil
  }

  /// The status line for the selected call: the function, when it started (from the lane's
  /// start) and how long it ran, its own time, the calls it made, then the function overall.
  static func describe(in state: ExplorerState, compact: Bool = false) -> String {
    guard let timeline = state.timeline, let chart = state.chart,
      chart.selection < timeline.count
    else { return "" }
    let s = chart.selection
    let f = Int(timeline.frame[s])
    let name = state.profile.graph.name(of: f)
    var parts = [TerminalText.escaped(name.displayName)]
    if let place = StatusText.place(name, compact: compact) { parts.append(place) }
    let lane = timeline.lane(of: s)
    let extent = timeline.extent
    let unit = state.profile.weightUnit
    let offsets = TimeFormat(largest: extent.end - extent.start, unit: unit)
    let durations = TimeFormat(largest: timeline.duration(s), unit: unit)
    let calls = timeline.children(of: s).count
    parts.append(
      "started at \(offsets.format(timeline.start[s] - extent.start)), ran "
        + "\(durations.format(timeline.duration(s))), self "
        + "\(durations.format(timeline.selfTime(s))), \(calls) call\(calls == 1 ? "" : "s") made")
    if timeline.laneCount > 1 { parts.append("lane \(lane + 1) of \(timeline.laneCount)") }
    if let overall = StatusText.functionOverall(f, in: state) { parts.append(overall) }
    return parts.joined(separator: "  ")
  }

  /// The calls the chart is zoomed into, outermost first, as the header's breadcrumb.
  static func breadcrumb(in state: ExplorerState) -> String {
    guard let timeline = state.timeline, var s = state.chartZoom else { return "" }
    var names: [String] = []
    while s >= 0 {
      names.append(
        TerminalText.escaped(state.profile.graph.name(of: Int(timeline.frame[s])).displayName))
      s = timeline.parent(s)
    }
    return names.reversed().joined(separator: " › ")
  }
}
