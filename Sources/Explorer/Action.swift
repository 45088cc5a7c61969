/// Everything a person can ask the explorer to do; keys map to these through `KeyMap`.
public enum Action: Hashable, Sendable {
  case moveUp, moveDown, moveLeft, moveRight
  case pageUp, pageDown, first, last
  case zoomIn, zoomOut, zoomReset
  case toggleExpand, expandHotPath, expandAll, collapseAll
  case startSearch, searchSelected, nextMatch, previousMatch
  case nextGap, previousGap
  case switchView, previousView
  case showView(ExplorerView)
  case showCallers, showSource
  case flip, togglePercent, toggleRecursion, cycleSort, cycleMetric, toggleGroups
  case toggleLibraries
  case toggleNormalized
  /// The time-order chart's time axis: twice as close or as far around the selected call,
  /// or half a screen earlier or later.
  case zoomTimeIn, zoomTimeOut, panEarlier, panLater
  case export
  case help, quit
  case resize(width: Int, height: Int)
  /// Select a node (a click), or select and zoom into it (a double click).
  case select(Int)
  case activate(Int)
  /// Scroll the current view by some rows (the wheel).
  case scroll(Int)
  /// Select a row of a table view (a click), or select and open it (a double click).
  case selectRow(Int)
  case activateRow(Int)

  /// Whether the time-order chart handles the action itself (moving, zooming, the mouse,
  /// the next search match); the rest act as in every view.
  var actsOnChart: Bool {
    switch self {
    case .moveUp, .moveDown, .moveLeft, .moveRight, .pageUp, .pageDown, .first, .last, .zoomIn,
      .zoomOut, .zoomReset, .toggleExpand, .expandHotPath, .expandAll, .collapseAll, .cycleSort,
      .nextMatch, .previousMatch, .nextGap, .previousGap, .select, .activate, .scroll,
      .selectRow, .activateRow, .zoomTimeIn, .zoomTimeOut, .panEarlier, .panLater:
      true
    default: false
    }
  }

  /// What the help overlay says the action does.
  public var summary: String {
    switch self {
    case .moveUp: "up: parent (flame) / previous row"
    case .moveDown: "down: heaviest child (flame) / next row"
    case .moveLeft: "left: previous sibling / collapse or go to parent (tree)"
    case .moveRight: "right: next sibling / expand or go to first child (tree)"
    case .pageUp: "page up"
    case .pageDown: "page down"
    case .first: "first row / back to the root (flame)"
    case .last: "last row"
    case .zoomIn: "zoom in / focus the subtree / follow a ↻ leaf"
    case .zoomOut: "zoom out / back to the ↻ leaf Enter left"
    case .zoomReset: "back to the root"
    case .toggleExpand: "expand / collapse (tree)"
    case .expandHotPath: "expand the hot path (tree)"
    case .expandAll: "expand all below, bounded (tree)"
    case .collapseAll: "collapse all (tree)"
    case .startSearch: "search by name (regular expression, smart case)"
    case .searchSelected: "search the selected function"
    case .nextMatch: "next match (largest first)"
    case .previousMatch: "previous match"
    case .nextGap: "next gap of unexplained time (diff: next largest regression)"
    case .previousGap: "previous gap (diff: previous regression)"
    case .switchView: "next view"
    case .previousView: "previous view"
    case .showView(let view): "\(view.title) view"
    case .showCallers: "callers and callees of the selected function"
    case .showSource: "source lines of the selected function"
    case .flip: "flip icicle / flame (root at the bottom)"
    case .togglePercent: "show time or percent"
    case .toggleRecursion: "collapse recursion: one frame per call path / restore"
    case .cycleSort: "cycle the sort column (tree, tables)"
    case .cycleMetric: "next metric (files that measure several)"
    case .toggleGroups: "merge threads into one tree / apart again"
    case .toggleLibraries: "hide library frames (fold into their callers) / show them"
    case .toggleNormalized: "diff: absolute amounts / each run scaled to 100%"
    case .zoomTimeIn: "time order: zoom the time axis in around the selected call"
    case .zoomTimeOut: "time order: zoom the time axis out"
    case .panEarlier: "time order: half a screen earlier"
    case .panLater: "time order: half a screen later"
    case .export: "export the zoom (this metric): .folded, .json (speedscope), .svg, .prof"
    case .help: "this help"
    case .quit: "quit"
    case .resize: "resize"
    case .select: "select"
    case .activate: "select and zoom"
    case .scroll: "scroll"
    case .selectRow: "select a row"
    case .activateRow: "open a row"
    }
  }
}

/// The explorer's views.
public enum ExplorerView: Int, Hashable, Sendable, CaseIterable {
  case flame, tree, functions, callers, gaps, source, inverted, sandwich, timeOrder

  public var title: String {
    switch self {
    case .flame: "Flame"
    case .tree: "Tree"
    case .functions: "Functions"
    case .callers: "Callers/Callees"
    case .gaps: "Gaps"
    case .source: "Source"
    case .inverted: "Inverted"
    case .sandwich: "Sandwich"
    case .timeOrder: "Time order"
    }
  }

  /// The views that list a call tree's rows (the tree view's keys apply).
  public var listsTreeRows: Bool { self == .tree || self == .inverted }
}
