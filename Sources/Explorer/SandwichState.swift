import ProfileModel

/// The sandwich view's state: the function in the middle, its two trees, which of their
/// nodes the person opened or closed, the cursor and the functions `Enter` moved away from.
public struct SandwichState: Sendable {
  public var trees: Sandwich
  /// Per pane (0: callers, 1: callees), the nodes whose default expansion was flipped.
  var toggled: [Set<Int>] = [[], []]
  /// The rows of both panes, callers first, as last listed.
  public internal(set) var rows: [SandwichRow] = []
  /// The highlighted row of `rows`.
  public internal(set) var cursor = 0
  /// Per pane, the first row shown.
  public internal(set) var scroll = [0, 0]
  /// Per pane, whether it has more rows than it lists now.
  public internal(set) var truncated = [false, false]
  /// Per pane, how many rows to list: a few screens, grown as the cursor nears the end
  /// (`sandwichRowLimit` at most).
  var listLimit = [0, 0]
  /// The functions `Enter` re-centred away from, most recent last (Esc goes back).
  var history: [Int] = []

  init(trees: Sandwich) {
    self.trees = trees
  }

  /// A pane's tree.
  public func tree(_ pane: Int) -> CallTree { pane == 0 ? trees.callers : trees.callees }
}

/// One row of the sandwich view: a node of one pane's tree at an indentation.
public struct SandwichRow: Sendable, Equatable {
  /// 0: the callers pane, 1: the callees pane.
  public var pane: Int
  public var node: Int
  public var depth: Int
  /// Whether the node's children are listed below it.
  public var isOpen: Bool
  /// Whether the node has children to list.
  public var canOpen: Bool
}

/// The sandwich view (speedscope's): for the selected function, above the tree of its
/// callers — who called it, and who called them, each with the share of its time that came
/// through them — and below the tree of its callees merged over all its call sites. Rows
/// open by default down to 1% of the function's time; `Space`, `→` and `←` open and close
/// one; `Enter` puts a row's function in the middle (`Esc` goes back). Rows are listed (and
/// the trees grown) a few screens at a time, further as the cursor goes down, so a key
/// costs what the screen shows, not the size of the trees.
extension ExplorerState {
  /// Nodes under this share of the function's time are listed closed.
  public static let sandwichOpenShare = 0.01

  /// The rows a pane lists before the cursor asks for more: two screens.
  var sandwichListStep: Int { max(50, 2 * viewRows) }

  /// Builds the sandwich of `f` (unless it is already shown).
  mutating func showSandwich(of f: Int) {
    if sandwich?.trees.function == f { return }
    var next = SandwichState(
      trees: CallTreeBuilder.sandwich(
        of: f, in: profile, reusing: parkedTree?.tree ?? tree, parameters: treeParameters))
    next.history = sandwich?.history ?? []
    next.listLimit = [sandwichListStep, sandwichListStep]
    sandwich = next
    listSandwichRows()
  }

  /// Lists both panes' rows, growing the trees as far as they are shown open.
  mutating func listSandwichRows() {
    guard var state = sandwich else { return }
    var rows: [SandwichRow] = []
    for pane in 0..<2 {
      var tree = state.tree(pane)
      let threshold = Self.sandwichOpenShare * tree.total[tree.top]
      var stack = tree.expand(tree.top).reversed().map { ($0, 0) }
      var listed = 0
      let limit = min(state.listLimit[pane], sandwichRowLimit)
      while listed < limit, let (node, depth) = stack.popLast() {
        listed += 1
        let children = tree.isFunctionFrame(node) ? tree.expand(node) : 0..<0
        let opensByDefault = tree.total[node] >= threshold && depth < 64
        let isOpen = !children.isEmpty && (opensByDefault != state.toggled[pane].contains(node))
        rows.append(
          SandwichRow(
            pane: pane, node: node, depth: depth, isOpen: isOpen, canOpen: !children.isEmpty))
        if isOpen { stack += children.reversed().map { ($0, depth + 1) } }
      }
      state.truncated[pane] = !stack.isEmpty
      if pane == 0 { state.trees.callers = tree } else { state.trees.callees = tree }
    }
    state.rows = rows
    state.cursor = min(state.cursor, max(0, rows.count - 1))
    sandwich = state
  }

  /// The rows each pane has on screen: the view's rows less a title line per pane, split in
  /// two — a pane that needs less than half leaves the rest to the other.
  public var sandwichPaneRows: [Int] {
    let body = max(2, viewRows - 2)
    let rows = sandwich?.rows ?? []
    let callers = max(1, rows.count { $0.pane == 0 })
    let callees = max(1, rows.count - callers)
    if callers + callees <= body || callers <= body / 2 { return [callers, body - callers] }
    if callees <= body / 2 { return [body - callees, callees] }
    return [(body + 1) / 2, body / 2]
  }

  /// The highlighted row, if any.
  public var sandwichSelectedRow: SandwichRow? {
    guard let state = sandwich, state.cursor < state.rows.count else { return nil }
    return state.rows[state.cursor]
  }

  mutating func applySandwich(_ action: Action) {
    guard var state = sandwich else { return }
    let count = state.rows.count
    func go(_ row: Int) {
      let forward = row == state.cursor ? nil : row > state.cursor
      state.cursor = movedCursor(
        from: state.cursor, to: row, count: state.rows.count, forward: forward)
    }
    switch action {
    case .moveUp: go(state.cursor - 1)
    case .moveDown: go(state.cursor + 1)
    case .pageUp: go(state.cursor - sandwichPaneRows[0] + 1)
    case .pageDown: go(state.cursor + sandwichPaneRows[0] - 1)
    case .first, .zoomReset: go(0)
    case .last:
      // The last row of all: the callees pane listed to its end.
      if state.truncated[1] {
        sandwich?.listLimit[1] = sandwichRowLimit
        listSandwichRows()
        state = sandwich ?? state
      }
      go(state.rows.count - 1)
    case .toggleExpand, .moveRight, .moveLeft:
      guard let row = sandwichSelectedRow, row.canOpen else {
        message = "nothing to open: this row has no rows below it"
        return
      }
      if (action == .moveRight && row.isOpen) || (action == .moveLeft && !row.isOpen) {
        message = row.isOpen ? "this row is open" : "this row is closed"
        return
      }
      if state.toggled[row.pane].contains(row.node) {
        state.toggled[row.pane].remove(row.node)
      } else {
        state.toggled[row.pane].insert(row.node)
      }
      sandwich = state
      listSandwichRows()
      return
    case .zoomIn:
      guard let row = sandwichSelectedRow else { return }
      let f = Int(state.tree(row.pane).function[row.node])
      guard state.tree(row.pane).isFunctionFrame(row.node), f >= 0, f < profile.graph.entryCount
      else {
        message = "only a function's row can go in the middle"
        return
      }
      guard f != state.trees.function else {
        message = "already in the middle"
        return
      }
      state.history.append(state.trees.function)
      sandwich = state
      showSandwich(of: f)
      sandwich?.cursor = 0
      return
    case .zoomOut:
      guard let previous = state.history.popLast() else {
        message = "no function before this one — Enter on a row puts it in the middle"
        return
      }
      sandwich = nil
      showSandwich(of: previous)
      sandwich?.history = state.history
      return
    case .scroll(let rows): go(state.cursor + rows)
    case .selectRow(let row): state.cursor = max(0, min(row, count - 1))
    case .activateRow(let row):
      state.cursor = max(0, min(row, count - 1))
      sandwich = state
      applySandwich(.zoomIn)
      return
    default:
      message = "\(action.summary): not in the sandwich view"
      return
    }
    sandwich = state
    listMoreSandwichRows()
    clampSandwichScroll()
  }

  /// Lists more rows of the cursor's pane when the cursor came within a screen of the last
  /// one listed and the pane has more.
  mutating func listMoreSandwichRows() {
    guard let state = sandwich, let row = sandwichSelectedRow, state.truncated[row.pane],
      state.listLimit[row.pane] < sandwichRowLimit
    else { return }
    let step = sandwichListStep
    let listed = state.rows.count { $0.pane == row.pane }
    let first = state.rows.firstIndex { $0.pane == row.pane } ?? 0
    guard state.cursor - first >= listed - step / 2 else { return }
    sandwich?.listLimit[row.pane] = state.listLimit[row.pane] + step
    listSandwichRows()
  }

  /// Scrolls the pane of the cursor so the cursor is on screen.
  mutating func clampSandwichScroll() {
    guard var state = sandwich, let row = sandwichSelectedRow else { return }
    let first = state.rows.firstIndex { $0.pane == row.pane } ?? 0
    let index = state.cursor - first
    let shown = sandwichPaneRows[row.pane]
    var scroll = state.scroll[row.pane]
    if index < scroll { scroll = index }
    if index >= scroll + shown { scroll = index - shown + 1 }
    state.scroll[row.pane] = max(0, scroll)
    sandwich = state
  }
}
