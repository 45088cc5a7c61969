import ProfileModel

/// The time-order chart's state (speedscope's "Time Order", a flame chart): the selected
/// call and the calls zoomed into, innermost last. Spans are `Timeline` indices.
public struct TimeChartState: Sendable, Equatable {
  public internal(set) var selection: Int
  public internal(set) var zoomStack: [Int] = []
  /// The time shown when `+`, `-`, `<` or `>` moved the axis (inside the call zoomed into);
  /// nil for the whole call, or run.
  public internal(set) var window: ClosedRange<Double>?
}

/// The time-order chart of a timeline profile (Chrome traces, speedscope evented profiles):
/// every call where and when it ran, one row per depth, time running left to right over the
/// selected call's lane (thread) or the call zoomed into. `↑` goes to the caller, `↓` to the
/// longest call made, `←`/`→` to the call before or after at the same depth (past a lane's
/// end into the next lane), `Enter` zooms the time axis to the call, `Esc` back, `n`/`N` go
/// to the next or previous call of a searched function in time order.
extension ExplorerState {
  /// The profile's calls in time order, when the file recorded them.
  public var timeline: Timeline? { profile.timeline }

  /// The call the chart shows whole (zoomed into), or nil for the selected call's lane.
  public var chartZoom: Int? { chart?.zoomStack.last }

  /// What the chart shows: the selected call's lane, the time range — the window `+`, `-`,
  /// `<`, `>` set, else the call zoomed into, else the whole run, so that lanes line up — and
  /// the depth of its top row.
  public var chartWindow: (lane: Int, start: Double, end: Double, depth: Int)? {
    guard let timeline, let chart, !timeline.isEmpty else { return nil }
    let lane = timeline.lane(of: chart.selection)
    let depth = chartZoom.map { Int(timeline.depth[$0]) } ?? 0
    let bounds = chartBounds(timeline)
    let shown = chart.window ?? bounds
    return (lane, shown.lowerBound, shown.upperBound, depth)
  }

  /// The time the axis can show: the call zoomed into, else the whole run.
  func chartBounds(_ timeline: Timeline) -> ClosedRange<Double> {
    if let zoom = chartZoom { return timeline.start[zoom]...timeline.end[zoom] }
    let extent = timeline.extent
    return extent.start...max(extent.start, extent.end)
  }

  /// Opens the chart on the longest call of `f` (the selected function), else the first call.
  mutating func showTimeChart(selecting f: Int?) {
    guard let timeline, !timeline.isEmpty else { return }
    // The chart as it was left, when it already shows that function.
    if let current = chart, f == nil || Int(timeline.frame[current.selection]) == f { return }
    var best: Int?
    if let f {
      for s in 0..<timeline.count where Int(timeline.frame[s]) == f {
        if best == nil || timeline.duration(s) > timeline.duration(best!) { best = s }
      }
    }
    chart = TimeChartState(selection: best ?? 0)
  }

  /// Why the chart cannot open, or nil when it can.
  var timeChartRefusal: String? {
    if comparison != nil {
      return
        "the Time order view shows one run: not while comparing two (flamewalk OPEN either file)"
    }
    guard let timeline, !timeline.isEmpty else {
      if profile.kind == .timeline {
        return profile.sources.count > 1
          ? "the Time order view shows one file's calls: these files were merged"
          : "the Time order view has no calls to show: the timeline is empty"
      }
      return
        "the Time order view needs a file that recorded when each call ran (a Chrome trace, "
        + "a speedscope evented profile); this one recorded "
        + (profile.kind == .callGraph ? "a call graph" : "stacks")
    }
    return nil
  }

  /// Why an action that changes the tree does nothing in the chart, which shows the calls as
  /// they ran; nil elsewhere and for every other action.
  func refusalInTimeChart(_ action: Action) -> String? {
    guard view == .timeOrder else { return nil }
    switch action {
    case .toggleRecursion:
      return "r: the Time order view shows every call as it ran — r applies to the tree views"
    case .toggleLibraries:
      return "i: the Time order view shows every call as it ran — i applies to the tree views"
    case .toggleGroups:
      return
        "T: the Time order view shows each thread in its own lane — T applies to the tree views"
    case .export:
      return
        "x exports from the Flame and Tree views (a .json of the whole profile keeps the time order)"
    default: return nil
    }
  }

  mutating func applyChart(_ action: Action) {
    guard let timeline, var state = chart else { return }
    let s = state.selection
    let zoom = state.zoomStack.last
    func select(_ span: Int?, or refusal: String) {
      if let span { state.selection = span } else { message = refusal }
    }
    switch action {
    case .moveUp:
      let parent = timeline.parent(s)
      select(
        s != zoom && parent >= 0 ? parent : nil,
        or: s == zoom ? "at the call zoomed into — Esc zooms out" : "at the outermost call")
    case .moveDown:
      // The longest call on screen (of all, when none is).
      let calls = timeline.children(of: s)
      let shown = state.window.map { window in calls.filter { timeline.runs($0, during: window) } }
      let longest = (shown?.isEmpty == false ? shown! : calls).max {
        timeline.duration($0) < timeline.duration($1)
      }
      select(longest, or: "no calls below this one")
    case .moveLeft, .moveRight:
      guard s != zoom else {
        message = "at the call zoomed into — Esc zooms out to move in time"
        break
      }
      let forward = action == .moveRight
      select(
        neighbour(of: s, forward: forward, in: timeline),
        or: forward ? "the last call at this depth" : "the first call at this depth")
    case .zoomIn:
      if zoom == s && state.window == nil {
        message = "already zoomed into this call"
      } else {
        if zoom != s { state.zoomStack.append(s) }
        state.window = nil
      }
    case .zoomOut:
      if state.window != nil {
        state.window = nil
      } else if state.zoomStack.popLast() == nil {
        message = "not zoomed: Enter zooms into a call, + into the time axis"
      }
    case .zoomReset, .first:
      if state.zoomStack.isEmpty && state.window == nil {
        message = "not zoomed: the whole run is shown"
      } else {
        state.zoomStack.removeAll()
        state.window = nil
      }
    case .zoomTimeIn, .zoomTimeOut, .panEarlier, .panLater:
      chart = state
      moveTimeAxis(action, in: timeline)
      return
    case .select(let span) where span >= 0 && span < timeline.count:
      state.selection = span
    case .activate(let span) where span >= 0 && span < timeline.count:
      state.selection = span
      if zoom != span { state.zoomStack.append(span) }
      state.window = nil
    case .scroll(let rows):
      chart = state
      applyChart(rows < 0 ? .zoomOut : .moveDown)
      return
    case .nextGap, .previousGap:
      message = "gaps are ranked on the call tree: 1 shows the Flame view, 5 the Gaps table"
    case .pageUp, .pageDown, .last:
      message = "\(action.summary): the chart fits the screen — Enter zooms into a call"
    case .nextMatch, .previousMatch:
      state.selection =
        nextMatchingCall(
          after: s, forward: action == .nextMatch, in: timeline, zoom: zoom) ?? s
    default:
      message = "\(action.summary): not in the Time order view"
    }
    // A selection the time window does not show brings the window to it.
    if let window = state.window, state.selection != s,
      !timeline.runs(state.selection, during: window)
    {
      let middle = (timeline.start[state.selection] + timeline.end[state.selection]) / 2
      let width = window.upperBound - window.lowerBound
      state.window = Self.window(
        from: middle - width / 2, width: width, inside: chartBounds(timeline))
    }
    chart = state
  }

  /// `+` and `-`: half or twice the time around the selected call (the middle of the screen
  /// when it is off screen); `<` and `>`: half a screen earlier or later — always inside the
  /// call zoomed into (or the run). A selection left off screen moves to the outermost shown
  /// call in the middle of the screen.
  mutating func moveTimeAxis(_ action: Action, in timeline: Timeline) {
    guard var state = chart, let window = chartWindow else { return }
    let bounds = chartBounds(timeline)
    var start = window.start
    var end = window.end
    let width = end - start
    let s = state.selection
    let centre =
      timeline.runs(s, during: start...end)
      ? (max(start, timeline.start[s]) + min(end, timeline.end[s])) / 2 : (start + end) / 2
    switch action {
    case .zoomTimeIn:
      guard width / 2 >= Self.smallestTimeWindow(bounds) else {
        message = "the time axis is as close as it goes"
        return
      }
      start = centre - width / 4
      end = centre + width / 4
    case .zoomTimeOut:
      guard width < bounds.upperBound - bounds.lowerBound else {
        message =
          chartZoom == nil
          ? "the whole run is shown" : "the whole call is shown — Esc zooms out of it"
        return
      }
      start = centre - width
      end = centre + width
    default:
      let step = (action == .panLater ? 1 : -1) * width / 2
      guard action == .panLater ? end < bounds.upperBound : start > bounds.lowerBound else {
        message = action == .panLater ? "at the end of the run" : "at the start of the run"
        return
      }
      start += step
      end += step
    }
    state.window = Self.window(from: start, width: end - start, inside: bounds)
    let shown = state.window ?? bounds
    if !timeline.runs(s, during: shown) {
      let middle = (shown.lowerBound + shown.upperBound) / 2
      state.selection = outermostCall(at: middle, in: timeline) ?? s
    }
    chart = state
  }

  /// A time window `width` long from `start`, moved inside `bounds` (and no wider than they
  /// are); nil when it would show all of them.
  static func window(from start: Double, width: Double, inside bounds: ClosedRange<Double>)
    -> ClosedRange<Double>?
  {
    let whole = bounds.upperBound - bounds.lowerBound
    guard width < whole else { return nil }
    let low = min(max(start, bounds.lowerBound), bounds.upperBound - width)
    return low...(low + width)
  }

  /// The narrowest time window `+` goes to: a millionth of the bounds, and no less than a
  /// nanosecond's worth of a double's precision there.
  static func smallestTimeWindow(_ bounds: ClosedRange<Double>) -> Double {
    max((bounds.upperBound - bounds.lowerBound) * 1e-6, bounds.upperBound.ulp * 64, 1e-12)
  }

  /// The outermost call of the shown lane (or inside the call zoomed into) running at `time`,
  /// or the nearest one after it (the call zoomed into when it made none).
  private func outermostCall(at time: Double, in timeline: Timeline) -> Int? {
    guard let chart else { return nil }
    let calls =
      chartZoom.map { timeline.children(of: $0) }
      ?? timeline.roots(ofLane: timeline.lane(of: chart.selection))
    return calls.first { timeline.runs($0, during: time...time) }
      ?? calls.first { timeline.start[$0] >= time } ?? calls.last ?? chartZoom
  }

  /// The call before or after `s` at its depth: a sibling, or for an outermost call the
  /// outermost call before or after it, across lanes (lanes are in file order).
  private func neighbour(of s: Int, forward: Bool, in timeline: Timeline) -> Int? {
    if forward {
      let next = timeline.subtreeEnd(s)
      let inside = timeline.parent(s) < 0 ? timeline.count : timeline.subtreeEnd(timeline.parent(s))
      return next < inside ? next : nil
    }
    let first = timeline.parent(s) < 0 ? 0 : timeline.parent(s) + 1
    var previous: Int?
    var c = first
    while c < s {
      previous = c
      c = timeline.subtreeEnd(c)
    }
    return previous
  }

  /// The next (or previous) call in time order, inside the zoom, of a function the search
  /// matched, wrapping around; nil (with a message) when there is none.
  private mutating func nextMatchingCall(
    after s: Int, forward: Bool, in timeline: Timeline, zoom: Int?
  ) -> Int? {
    guard let search, search.error == nil else {
      message = "no search: press / to search"
      return nil
    }
    let range = zoom.map { $0..<timeline.subtreeEnd($0) } ?? 0..<timeline.count
    func matches(_ span: Int) -> Bool { search.functions.contains(timeline.frame[span]) }
    let count = range.count
    var hit: Int?
    for step in 1...count {
      let offset = (s - range.lowerBound + (forward ? step : count - step)) % count
      if matches(range.lowerBound + offset) {
        hit = range.lowerBound + offset
        break
      }
    }
    guard let hit else {
      message = "no call of a matching function \(zoom == nil ? "in the profile" : "in the zoom")"
      return nil
    }
    let calls = range.count(where: matches)
    let index = (range.lowerBound...hit).count(where: matches)
    message = "/\(search.pattern)/ · call \(index) of \(calls) (lane by lane, in time order)"
    return hit
  }
}
