import Explorer
import Foundation
import Layout
import ProfileModel
import Screen
import TestSupport
import Testing

/// The time-order chart (`8`) of timeline profiles: it opens on the selected function's
/// longest call, its keys walk the calls by time and depth, zoom sets the time axis, the
/// mouse picks the call drawn under it, and files without a timeline say why it is not there.
@Suite struct TimeChartTests {
  static let threads = "trace/threads.chrome.json"

  static func chart(_ relative: String = threads, keys: String) throws -> ExplorerState {
    var state = ExplorerFixtures.state(try ExplorerFixtures.load(relative), width: 120, height: 30)
    ExplorerFixtures.press(keys, &state)
    return state
  }

  static func name(_ state: ExplorerState, _ span: Int) -> String {
    state.profile.graph.name(of: Int(state.timeline!.frame[span])).name
  }

  @Test func opensOnTheSelectedFunctionsLongestCall() throws {
    let state = try Self.chart(keys: "/ ^loads$ Enter 8")
    let timeline = try #require(state.timeline)
    let selected = try #require(state.chart?.selection)
    #expect(state.view == .timeOrder)
    #expect(Self.name(state, selected) == "loads")
    let calls = (0..<timeline.count).filter { Self.name(state, $0) == "loads" }
    #expect(calls.count > 1)
    #expect(calls.allSatisfy { timeline.duration($0) <= timeline.duration(selected) })
    // The one selection: the status line describes the call, the flame view gets its function.
    #expect(ExplorerFixtures.screen(state).contains("loads"))
    var flame = state
    ExplorerFixtures.press("1", &flame)
    #expect(ExplorerFixtures.selectedName(flame) == "loads")
  }

  @Test func keysWalkByDepthAndTime() throws {
    var state = try Self.chart(keys: "8")
    let timeline = try #require(state.timeline)
    let first = try #require(state.chart?.selection)
    #expect(first == 0 && timeline.parent(first) < 0)
    ExplorerFixtures.press("j", &state)
    let child = state.chart!.selection
    #expect(timeline.parent(child) == first)
    let longest = timeline.children(of: first).map(timeline.duration).max()!
    #expect(timeline.duration(child) == longest)
    ExplorerFixtures.press("k", &state)
    #expect(state.chart!.selection == first)
    ExplorerFixtures.press("k", &state)
    #expect(state.message == "at the outermost call")
    // Right at a lane's outermost call goes on to the next lane, which the chart then shows.
    ExplorerFixtures.press("l", &state)
    #expect(state.chart!.selection == timeline.subtreeEnd(first))
    #expect(state.chartWindow?.lane == 1)
    ExplorerFixtures.press("h", &state)
    #expect(state.chart!.selection == first)
    ExplorerFixtures.press("h", &state)
    #expect(state.message == "the first call at this depth")
    // Later calls at one depth start later.
    ExplorerFixtures.press("j j j j j", &state)
    var previous = state.chart!.selection
    while true {
      ExplorerFixtures.press("l", &state)
      if state.chart!.selection == previous { break }
      #expect(timeline.start[state.chart!.selection] >= timeline.end[previous])
      previous = state.chart!.selection
    }
  }

  @Test func zoomSetsTheTimeAxisToTheCall() throws {
    var state = try Self.chart(keys: "8 j j j j j")
    let timeline = try #require(state.timeline)
    let whole = try #require(state.chartWindow)
    #expect(whole.start == timeline.extent.start && whole.end == timeline.extent.end)
    let span = state.chart!.selection
    ExplorerFixtures.press("Enter", &state)
    let zoomed = try #require(state.chartWindow)
    #expect(zoomed.start == timeline.start[span] && zoomed.end == timeline.end[span])
    #expect(zoomed.depth == Int(timeline.depth[span]))
    // The zoomed call fills the first chart row; the header names the calls above it.
    let spans = TimeChartLayout.spans(state, width: 120, rows: 20)
    #expect(spans.first == ChartSpan(span: span, row: 0, x0: 0, x1: 120))
    #expect(ExplorerFixtures.screen(state).split(separator: "\n")[0].contains("› dumps"))
    ExplorerFixtures.press("h", &state)
    #expect(state.message?.contains("Esc zooms out") == true)
    ExplorerFixtures.press("Esc", &state)
    #expect(state.chartWindow?.start == whole.start && state.chartWindow?.end == whole.end)
    ExplorerFixtures.press("Esc", &state)
    #expect(state.message?.hasPrefix("not zoomed") == true)
  }

  /// `+`/`-` halve and double the time shown around the selected call, `<`/`>` move it half a
  /// screen, always inside the run; the layout draws only calls in that time; Esc and Enter
  /// leave the window; keys that would go past the run say so.
  @Test func theTimeAxisZoomsAndPans() throws {
    var state = try Self.chart(keys: "8 j j j j j")
    let timeline = try #require(state.timeline)
    let run = timeline.extent
    let selected = state.chart!.selection
    ExplorerFixtures.press("-", &state)
    #expect(state.message == "the whole run is shown")
    ExplorerFixtures.press("<", &state)
    #expect(state.message == "at the start of the run")
    ExplorerFixtures.press("+", &state)
    var window = try #require(state.chart?.window)
    #expect(abs((window.upperBound - window.lowerBound) - (run.end - run.start) / 2) < 1e-12)
    let middle = (timeline.start[selected] + timeline.end[selected]) / 2
    #expect(window.contains(middle))
    ExplorerFixtures.press("+ +", &state)
    window = try #require(state.chart?.window)
    let width = window.upperBound - window.lowerBound
    #expect(abs(width - (run.end - run.start) / 8) < 1e-12)
    // Every call drawn runs in the window; none is drawn outside the screen.
    let spans = TimeChartLayout.spans(state, width: 120, rows: 20)
    #expect(!spans.isEmpty)
    for span in spans where !span.isMerged {
      #expect(timeline.end[span.span] >= window.lowerBound)
      #expect(timeline.start[span.span] <= window.upperBound)
      #expect(span.x0 >= 0 && span.x1 <= 120)
    }
    // Panning keeps the width and stays inside the run.
    for _ in 0..<20 { ExplorerFixtures.press(">", &state) }
    window = try #require(state.chart?.window)
    #expect(abs(window.upperBound - run.end) < 1e-12)
    #expect(abs((window.upperBound - window.lowerBound) - width) < 1e-12)
    #expect(state.message == "at the end of the run")
    // The selection follows the axis when the axis leaves it behind.
    let shown = state.chart!.selection
    #expect(timeline.end[shown] >= window.lowerBound && timeline.start[shown] <= window.upperBound)
    ExplorerFixtures.press("Escape", &state)
    #expect(state.chart?.window == nil && state.chartWindow?.start == run.start)
    // Inside a call zoomed into, the axis stops at the call.
    ExplorerFixtures.press("Enter + -", &state)
    ExplorerFixtures.press("-", &state)
    #expect(state.message == "the whole call is shown — Esc zooms out of it")
    var flame = try Self.chart(keys: "")
    ExplorerFixtures.press("+", &flame)
    #expect(flame.message?.hasSuffix("press 8 for the Time order view") == true)
  }

  @Test func searchMatchesAreVisitedInTimeOrder() throws {
    var state = try Self.chart(keys: "8 / ^JSONDecoder.decode$ Enter")
    let timeline = try #require(state.timeline)
    let calls = (0..<timeline.count).filter { Self.name(state, $0) == "JSONDecoder.decode" }
    #expect(calls.count >= 2)
    #expect(state.chart!.selection == calls[0])
    #expect(state.message?.contains("call 1 of \(calls.count) (lane by lane") == true)
    for k in 1..<calls.count {
      ExplorerFixtures.press("n", &state)
      #expect(state.chart!.selection == calls[k])
    }
    ExplorerFixtures.press("n", &state)
    #expect(state.chart!.selection == calls[0])
    ExplorerFixtures.press("N", &state)
    #expect(state.chart!.selection == calls.last!)
  }

  @Test func aClickSelectsTheCallDrawnUnderIt() throws {
    for flipped in [false, true] {
      var state = try Self.chart(keys: flipped ? "8 f" : "8")
      let spans = TimeChartLayout.spans(state, width: 120, rows: state.viewRows - 1)
      let target = try #require(spans.last { !$0.isMerged && $0.row == 4 && $0.width >= 2 })
      // Row 0 is the ruler (on the view's first line); chart rows follow, or rise from the
      // bottom when flipped.
      let y = flipped ? 1 + state.viewRows - 1 - target.row : 2 + target.row
      ScreenInput.handle(
        .mouse(MouseEvent(.click, x: target.x0 + 1, y: y)), in: &state)
      #expect(state.chart?.selection == target.span)
      ScreenInput.handle(
        .mouse(MouseEvent(.doubleClick, x: target.x0 + 1, y: y)), in: &state)
      #expect(state.chartZoom == target.span)
    }
  }

  @Test func filesWithoutATimelineSayWhyTheChartIsMissing() throws {
    var state = ExplorerFixtures.state(try ExplorerFixtures.profile("prof/two_callers.prof"))
    ExplorerFixtures.press("8", &state)
    #expect(state.view == .flame)
    #expect(state.message?.contains("recorded a call graph") == true)
    var views: Set<ExplorerView> = []
    for _ in 0..<8 {
      ExplorerFixtures.press("Tab", &state)
      views.insert(state.view)
    }
    #expect(!views.contains(.timeOrder) && views.count == 7)
    var trace = try Self.chart(keys: "")
    var traceViews: [ExplorerView] = []
    for _ in 0..<8 {
      ExplorerFixtures.press("Tab", &trace)
      traceViews.append(trace.view)
    }
    #expect(traceViews.last == .flame && traceViews.dropLast().last == .timeOrder)
  }

  /// Every key pressed in the chart changes the screen or says why not.
  @Test func everyKeyAnswersInTheChart() throws {
    var silent: [String] = []
    for (keys, action) in KeyMap.standard.bindings where action != .quit {
      for key in keys {
        var state = try Self.chart(keys: "/ ^dumps$ Enter 8 j")
        let before = ExplorerFixtures.screen(state)
        state.handle(key)
        let after = ExplorerFixtures.screen(state)
        if after == before && state.message == nil && state.prompt == nil {
          silent.append("\(key.name) (\(action.summary))")
        }
      }
    }
    #expect(silent.isEmpty, "in the chart these keys did nothing and said nothing: \(silent)")
  }
}
