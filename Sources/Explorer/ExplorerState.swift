import ProfileModel
import Screen

/// Everything the explorer shows, as a value: the profile and its call tree, the view, the
/// selection, the zoom stack, the tree view's expanded nodes, search and gap state. Keys
/// and mouse events change it only through `handle(_:)` / `apply(_:)`, so every behaviour
/// can be tested without a terminal.
public struct ExplorerState: Sendable {
  public let profile: Profile
  public internal(set) var tree: CallTree
  public let timeFormat: TimeFormat
  public var keyMap: KeyMap = .standard

  public internal(set) var view: ExplorerView = .flame
  public internal(set) var returnView: ExplorerView = .flame
  /// The selected tree node.
  public internal(set) var selection: Int
  /// Zoom roots, innermost last; empty means the top.
  public internal(set) var zoomStack: [Int] = []
  /// For estimated trees: how much of the run sits in `(unattributed)` and behind `↻` leaves.
  public internal(set) var unplaced: UnplacedTime?
  /// The `↻` leaves that `Enter` jumped away from, most recent last (Esc returns).
  public internal(set) var recursionReturns: [Int] = []
  /// Whether a stack tree is shown with recursion collapsed (`r`).
  public internal(set) var recursionCollapsed = false
  /// The other of the two stack trees (as recorded / recursion collapsed), once built.
  var alternateTree: CallTree?
  /// The tree of the other direction (top-down or inverted) and how it was left, once built.
  var parkedTree: TreeBrowsing?
  /// Whether `tree` is the inverted tree.
  var invertedShown = false
  /// Which functions `i` hides (`--library` patterns).
  public var libraryFrames = LibraryFrames.standard {
    didSet { libraryFlags = nil }
  }
  /// Whether library frames are folded into their callers (`i`).
  public internal(set) var librariesHidden = false
  /// The tree with library frames shown when they are hidden, and the other way round.
  var otherLibraryTree: CallTree?
  /// Per function, whether `libraryFrames` calls it library code, once computed.
  var libraryFlags: [Bool]?
  /// The sandwich view's function, trees and cursor, once the view opened.
  public internal(set) var sandwich: SandwichState?
  /// At most this many rows per sandwich pane (a tree larger still says it is cut).
  public var sandwichRowLimit = 200_000
  /// The time-order chart's selected call and zoom, once the view opened.
  public internal(set) var chart: TimeChartState?
  public internal(set) var flipped = false
  public internal(set) var showPercent = false
  public internal(set) var showHelp = false
  /// The first line of the help overlay on screen.
  public internal(set) var helpScroll = 0
  public internal(set) var shouldQuit = false
  /// One line of feedback for the bottom line.
  public internal(set) var message: String?

  // Tree view.
  public internal(set) var expanded: Set<Int>
  public internal(set) var treeScroll = 0
  public internal(set) var treeSort: TreeSort = .total

  // Search.
  public internal(set) var search: SearchState?
  /// The text being typed after `/` (or after `export to:`), or nil when no prompt is open.
  public internal(set) var prompt: String?
  /// What the open prompt is for.
  public internal(set) var promptPurpose = PromptPurpose.search
  /// An export the app is asked to write (`x`), answered by `exportFinished`.
  public internal(set) var exportRequest: ExportRequest?

  // Gaps.
  public let gapThresholds: GapThresholds
  /// How the tree is built (kept to build it again for another metric, `m`).
  public let treeParameters: CallTreeParameters
  /// While threads are merged (`T`): the profile with them apart, every metric.
  var groupedProfile: Profile?
  var gapRanking: (gaps: [Gap], candidates: [Gap])?
  public internal(set) var gapIndex = -1

  // Tables.
  public internal(set) var functionSort: FunctionSort = .cumulative
  /// The functions table's rows in `functionSort` order, once computed.
  var functionOrder: [Int]?
  public internal(set) var tableRow = 0
  public internal(set) var tableScroll = 0
  /// Diff mode's functions table: its sort and its rows in that order, once computed.
  public internal(set) var changeSort: ChangeSort = .ownChange
  var changeOrder: [Int]?

  /// Diff mode: the base run the shown (new) run is compared with; nil otherwise.
  public internal(set) var comparison: RunComparison?
  /// The function the callers/callees view is about.
  public internal(set) var focusFunction: Int?

  // Source view: the file to read (an effect for the app to perform) and what was read.
  public internal(set) var sourceRequest: String?
  public internal(set) var sourceLines: [String]?
  public internal(set) var sourceScroll = 0
  /// The function whose source the source view shows.
  public internal(set) var sourceFunction: Int?

  public internal(set) var width: Int
  public internal(set) var height: Int

  public init(
    profile: Profile, tree: CallTree, width: Int = 80, height: Int = 24,
    gapThresholds: GapThresholds = GapThresholds(),
    treeParameters: CallTreeParameters = CallTreeParameters()
  ) {
    self.profile = profile
    self.treeParameters = treeParameters
    self.tree = tree
    self.width = width
    self.height = height
    self.gapThresholds = gapThresholds
    timeFormat = TimeFormat(largest: tree.total[tree.top], unit: profile.weightUnit)
    expanded = [tree.top]
    if tree.isEstimated { unplaced = self.tree.unplacedTime(limit: 200_000) }
    let roots = self.tree.expand(tree.top)
    selection = roots.first ?? tree.top
    if let first = roots.first { expanded.insert(first) }
    prepareView()
  }

  /// The node the flame and tree views start from.
  public var zoomRoot: Int { zoomStack.last ?? tree.top }

  /// Where the screen's parts go at this size.
  public var frame: ScreenFrame { ScreenFrame(width: width, height: height) }

  /// Rows available to a view (`ScreenFrame`).
  public var viewRows: Int { frame.viewRows }

  public var isTooSmall: Bool { frame.isTooSmall }

  /// Handles one key: the prompt's editing keys while a prompt is open, the help overlay's
  /// dismissal, otherwise the key map's action.
  public mutating func handle(_ key: Key) {
    // A mouse event means something only against the drawn screen: `ScreenInput` resolves it
    // into an action (a click on a frame selects it) before the reducer sees it.
    if case .mouse = key { return }
    if prompt != nil {
      handlePromptKey(key)
      return
    }
    if showHelp {
      switch key {
      case .resize: break
      case .down, .character("j"):
        helpScroll += 1
        return
      case .up, .character("k"):
        helpScroll = max(0, helpScroll - 1)
        return
      case .pageDown:
        helpScroll += viewRows
        return
      case .pageUp:
        helpScroll = max(0, helpScroll - viewRows)
        return
      default:
        // Any other key closes the help, `q` included: it does what the help says.
        showHelp = false
        return
      }
    }
    guard let action = keyMap.action(for: key) else {
      message = "unbound key \(key.name) — press ? for help"
      return
    }
    apply(action)
  }

  /// Applies one action.
  public mutating func apply(_ action: Action) {
    message = nil
    if let refusal = refusalInInvertedView(action) ?? refusalInTimeChart(action) {
      message = refusal
      return
    }
    if view == .timeOrder && action.actsOnChart {
      applyChart(action)
      return
    }
    switch action {
    case .quit: shouldQuit = true
    case .help:
      showHelp = true
      helpScroll = 0
    case .resize(let w, let h):
      width = w
      height = h
    case .switchView, .previousView:
      var order: [ExplorerView] = [.flame, .tree, .functions, .callers, .gaps]
      if comparison == nil { order += [.inverted, .sandwich] }
      if timeChartRefusal == nil { order.append(.timeOrder) }
      let index = order.firstIndex(of: view) ?? 0
      let step = action == .switchView ? 1 : order.count - 1
      switchTo(order[(index + step) % order.count])
    case .showView(let target):
      if target == view && target != .source {
        message = "already in the \(target.title) view"
      } else {
        switchTo(target)
      }
    case .showCallers: switchTo(.callers)
    case .showSource: openSource()
    case .flip:
      flipped.toggle()
      if view != .flame && view != .timeOrder {
        message =
          "the flame view now shows the root at the \(flipped ? "bottom" : "top") — f applies there"
      }
    case .togglePercent:
      showPercent.toggle()
      if !view.listsTreeRows {
        message =
          "the tree view now shows \(showPercent ? "percentages" : "times") — % applies there"
      }
    case .toggleRecursion, .cycleMetric, .toggleGroups, .toggleLibraries:
      guard comparison == nil else {
        message = "\(action.summary): not while comparing two runs (the trees must stay matched)"
        break
      }
      switch action {
      case .toggleRecursion: toggleRecursionCollapse()
      case .toggleLibraries: toggleLibraryFrames()
      case .cycleMetric: switchToNextMetric()
      default: toggleGroups()
      }
    case .toggleNormalized: toggleNormalized()
    case .zoomTimeIn, .zoomTimeOut, .panEarlier, .panLater:
      message =
        "\(action.summary) — "
        + (timeChartRefusal == nil ? "press 8 for the Time order view" : "no time order here")
    case .startSearch:
      prompt = ""
      promptPurpose = .search
    case .export: startExport()
    case .searchSelected:
      if let f = selectedFunction {
        runSearch(Self.literalPattern(profile.graph.name(of: f).displayName))
      } else {
        message = "no function is selected"
      }
    case .nextMatch: stepMatch(1)
    case .previousMatch: stepMatch(-1)
    case .nextGap: if comparison != nil { stepRegression(1) } else { stepGap(1) }
    case .previousGap: if comparison != nil { stepRegression(-1) } else { stepGap(-1) }
    case .select(let node):
      if node >= 0 && node < tree.count { select(node, reveal: false) }
    case .activate(let node):
      if node >= 0 && node < tree.count {
        select(node, reveal: false)
        apply(.zoomIn)
      }
    case .scroll(let rows): scroll(by: rows)
    case .selectRow where view == .sandwich, .activateRow where view == .sandwich:
      applySandwich(action)
    case .selectRow(let row), .activateRow(let row):
      if view == .functions || view == .callers || view == .gaps {
        tableRow = max(0, min(row, max(0, tableCount - 1)))
        if case .activateRow = action { activateTableRow() }
      }
    default:
      switch view {
      case .flame: applyFlame(action)
      case .tree, .inverted: applyTree(action)
      case .functions, .callers, .gaps: applyTable(action)
      case .source: applySource(action)
      case .sandwich: applySandwich(action)
      case .timeOrder: applyChart(action)
      }
    }
    refreshMatchedShare()
    prepareView()
  }

  mutating func switchTo(_ target: ExplorerView) {
    if comparison != nil && (target == .inverted || target == .sandwich) {
      message =
        "the \(target.title) view shows one run: not while comparing two (flamewalk OPEN either file)"
      return
    }
    if target == .timeOrder, let refusal = timeChartRefusal {
      message = refusal
      return
    }
    let chosen = selectedFunction
    if target == .timeOrder { showTimeChart(selecting: chosen) }
    if target != .source && (target == .inverted) != invertedShown { swapTreeDirection() }
    if target == .sandwich, let f = chosen ?? sandwich?.trees.function ?? firstFunction {
      showSandwich(of: f)
    }
    if target == .callers {
      focusFunction = chosen ?? focusFunction ?? firstFunction
    }
    if target == .functions || target == .callers || target == .gaps {
      tableRow = 0
      tableScroll = 0
    }
    if target == .functions && comparison == nil && functionOrder == nil { refreshFunctionOrder() }
    if target == .functions && comparison != nil && changeOrder == nil { refreshChangeOrder() }
    if target == .gaps { _ = rankedGaps() }
    if view != .source { returnView = view }
    view = target
    keepSelection(chosen)
    if target.listsTreeRows { revealInTree(selection) }
  }

  var firstFunction: Int? { profile.graph.entryCount > 0 ? 0 : nil }

  /// A regular expression that matches `text` literally.
  static func literalPattern(_ text: String) -> String {
    var out = "^"
    for c in text {
      if "\\^$.|?*+()[]{}".contains(c) { out.append("\\") }
      out.append(c)
    }
    return out + "$"
  }

  /// Makes sure what the current view shows is expanded, so that every node on screen knows
  /// its unexplained time (and so whether it is a gap) as `CallTree.isGap` does.
  mutating func prepareView() {
    // The nodes on screen whose callees are shown too.
    var shown: [Int] = []
    switch view {
    case .flame: shown = expandForFlame()
    case .tree, .inverted:
      let rows = clampTreeScroll()
      for row in rows.dropFirst(treeScroll).prefix(treeViewRows) where row.isNode {
        tree.expand(row.node)
        shown.append(row.node)
      }
    default: break
    }
    tree.expand(selection)
    if comparison != nil { resolveComparison(shown + [selection, zoomRoot]) }
  }

  /// Expands the nodes the flame view can show: those at least one column wide, down to
  /// the rows on screen.
  @discardableResult
  mutating func expandForFlame() -> [Int] {
    let root = zoomRoot
    var visited: [Int] = []
    let scale = Double(max(1, width)) / max(tree.total[root], .leastNonzeroMagnitude)
    var level = [root]
    var depth = 0
    while !level.isEmpty && depth <= viewRows {
      var next: [Int] = []
      visited += level
      for node in level {
        for child in tree.expand(node) where tree.total[child] * scale >= 1 {
          next.append(child)
        }
      }
      level = next
      depth += 1
    }
    return visited
  }
}

/// The tree view's sort column.
public enum TreeSort: Int, Sendable, CaseIterable {
  case total, selfTime, unexplained, name
  /// Diff mode: by the change of the node's call path, largest growth first.
  case change

  public var title: String {
    switch self {
    case .total: "total"
    case .selfTime: "self"
    case .unexplained: "unexplained"
    case .name: "name"
    case .change: "Δ"
    }
  }
}

/// The functions table's sort column.
public enum FunctionSort: Int, Sendable, CaseIterable {
  case cumulative, own, calls, name

  public var title: String {
    switch self {
    case .cumulative: "cumtime"
    case .own: "tottime"
    case .calls: "ncalls"
    case .name: "name"
    }
  }
}
