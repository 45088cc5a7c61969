import ProfileModel

extension ExplorerState {
  /// Whether `node` is a real function frame (not a pseudo-node or the top).
  func isFunctionNode(_ node: Int) -> Bool { tree.isFunctionFrame(node) }

  func isDescendant(_ node: Int, of ancestor: Int) -> Bool {
    var n = node
    while n >= 0 {
      if n == ancestor { return true }
      n = Int(tree.parent[n])
    }
    return false
  }

  /// Selects `node`; with `reveal`, zooms out or expands so that the views show it, and with
  /// `zoomToShow` zooms into the parent of a flame frame too narrow for its name.
  mutating func select(_ node: Int, reveal: Bool, zoomToShow: Bool = true) {
    selection = node
    guard reveal else { return }
    if !isDescendant(node, of: zoomRoot) { zoomStack.removeAll() }
    revealInTree(node)
    // In the flame view a frame too narrow for its name is shown by zooming into its parent.
    let scale = Double(width) / max(tree.total[zoomRoot], 1e-300)
    if zoomToShow && view == .flame && tree.total[node] * scale < 8 {
      let parent = Int(tree.parent[node])
      if parent >= 0 && parent != zoomRoot { zoomStack.append(parent) }
    }
  }

  /// Expands the ancestors of `node` in the tree view.
  mutating func revealInTree(_ node: Int) {
    var n = Int(tree.parent[node])
    while n >= 0 {
      expanded.insert(n)
      n = Int(tree.parent[n])
    }
  }

  // MARK: - Flame view

  mutating func applyFlame(_ action: Action) {
    var action = action
    if flipped {
      if action == .moveUp {
        action = .moveDown
      } else if action == .moveDown {
        action = .moveUp
      }
    }
    switch action {
    case .moveUp:
      let parent = Int(tree.parent[selection])
      guard parent >= 0, tree.kind[parent] != .top else {
        message = "at the top"
        return
      }
      if selection == zoomRoot { zoomStack.removeLast() }
      selection = parent
    case .moveDown:
      if let child = tree.expand(selection).first {
        selection = child
      } else {
        message = "no callee below"
      }
    case .moveLeft: stepSibling(-1)
    case .moveRight: stepSibling(1)
    case .zoomIn:
      if followRecursion() { return }
      guard selection != zoomRoot, tree.kind[selection] != .top else { return }
      guard isFunctionNode(selection) else {
        message = "only function frames can be zoomed into"
        return
      }
      zoomStack.append(selection)
    case .zoomOut: zoomOut()
    case .zoomReset, .first:
      if zoomStack.isEmpty { message = "at the root" }
      zoomStack.removeAll()
    default: message = "\(action.summary): not in the flame view"
    }
  }

  mutating func zoomOut() {
    if view == .source {
      view = returnView
      return
    }
    if returnFromRecursion() { return }
    guard !zoomStack.isEmpty else {
      message = "at the root"
      return
    }
    let old = zoomStack.removeLast()
    if !isDescendant(selection, of: zoomRoot) { selection = old }
  }

  mutating func stepSibling(_ step: Int) {
    let parent = Int(tree.parent[selection])
    let next = selection + step
    guard parent >= 0, selection != zoomRoot, tree.children(parent).contains(next) else {
      message = step < 0 ? "no sibling to the left" : "no sibling to the right"
      return
    }
    selection = next
  }

  /// Where a cursor on row `current` (nil: no row is current) lands when moved to
  /// `requested` among `count` rows; a move (`forward`: towards the last row; nil: not a
  /// move that reports) that cannot go further says it is at the first or last row.
  mutating func movedCursor(from current: Int?, to requested: Int, count: Int, forward: Bool?)
    -> Int
  {
    let target = max(0, min(count - 1, requested))
    if target == current, let forward {
      message = forward ? "at the last row" : "at the first row"
    }
    return target
  }

  // MARK: - Tree view

  mutating func applyTree(_ action: Action) {
    let rows = treeRows()
    let nodeRows = rows.indices.filter { rows[$0].isNode }
    let shown = nodeRows.firstIndex { rows[$0].node == selection }
    let current = shown ?? 0
    func go(_ index: Int, forward: Bool) {
      guard !nodeRows.isEmpty else { return }
      let target = movedCursor(from: shown, to: index, count: nodeRows.count, forward: forward)
      selection = rows[nodeRows[target]].node
    }
    switch action {
    case .moveUp: go(current - 1, forward: false)
    case .moveDown: go(current + 1, forward: true)
    case .pageUp: go(current - viewRows + 1, forward: false)
    case .pageDown: go(current + viewRows - 1, forward: true)
    case .first: go(0, forward: false)
    case .last: go(nodeRows.count - 1, forward: true)
    case .moveRight:
      let children = tree.expand(selection)
      if children.isEmpty { return }
      if expanded.contains(selection) {
        selection = children.lowerBound
      } else {
        expanded.insert(selection)
      }
    case .moveLeft:
      if expanded.contains(selection) && !tree.children(selection).isEmpty
        && selection != zoomRoot
      {
        expanded.remove(selection)
      } else {
        let parent = Int(tree.parent[selection])
        if parent >= 0 && isDescendant(parent, of: zoomRoot) && tree.kind[parent] != .top {
          selection = parent
        } else {
          message = "at the top level: nothing to collapse or go up to"
        }
      }
    case .toggleExpand:
      if expanded.contains(selection) {
        expanded.remove(selection)
      } else if !tree.expand(selection).isEmpty {
        expanded.insert(selection)
      }
    case .expandHotPath:
      var node = selection
      while let child = tree.expand(node).first {
        expanded.insert(node)
        node = child
      }
      selection = node
    case .expandAll:
      var queue = [selection]
      var opened = 0
      while let node = queue.popLast(), opened < 5000 {
        let children = tree.expand(node)
        if children.isEmpty { continue }
        expanded.insert(node)
        opened += 1
        queue += children
      }
      if opened >= 5000 { message = "expanded 5000 nodes (the bound); press E again below" }
    case .collapseAll:
      expanded = [tree.top, zoomRoot]
      var node = selection
      while Int(tree.parent[node]) != zoomRoot && node != zoomRoot && tree.parent[node] >= 0 {
        node = Int(tree.parent[node])
      }
      selection = node
    case .zoomIn:
      if followRecursion() { break }
      guard isFunctionNode(selection), selection != zoomRoot else { return }
      zoomStack.append(selection)
      expanded.insert(selection)
    case .zoomOut: zoomOut()
    case .zoomReset:
      if zoomStack.isEmpty { message = "at the root" }
      zoomStack.removeAll()
    case .cycleSort:
      // The Δ order exists only in diff mode; the inverted tree has no unexplained time,
      // and a node's self time there is where its stacks began.
      var orders = TreeSort.allCases.filter { $0 != .change || comparison != nil }
      if invertedShown { orders = [.total, .name] }
      let index = orders.firstIndex(of: treeSort).map { $0 + 1 } ?? 0
      treeSort = orders[index % orders.count]
      message = "tree sorted by \(treeSort.title)"
    case .scroll(let rows): scroll(by: rows)
    default: message = "\(action.summary): not in the tree view"
    }
    revealInTree(selection)
  }

  mutating func scroll(by rows: Int) {
    switch view {
    case .tree, .inverted: treeScroll = max(0, treeScroll + rows)
    case .sandwich: applySandwich(.scroll(rows))
    case .source: sourceScroll = max(0, sourceScroll + rows)
    case .functions, .callers, .gaps: applyTable(rows < 0 ? .moveUp : .moveDown)
    case .flame: apply(rows < 0 ? .zoomOut : .moveDown)
    case .timeOrder: applyChart(.scroll(rows))
    }
  }

  /// Keeps the tree view's selection on screen.
  /// Scrolls the tree view to keep the selection on screen; returns the rows it computed.
  @discardableResult
  mutating func clampTreeScroll() -> [TreeRow] {
    let rows = treeRows()
    guard let index = rows.firstIndex(where: { $0.isNode && $0.node == selection }) else {
      return rows
    }
    if index < treeScroll { treeScroll = index }
    if index >= treeScroll + treeViewRows { treeScroll = index - treeViewRows + 1 }
    treeScroll = max(0, min(treeScroll, max(0, rows.count - treeViewRows)))
    return rows
  }

  /// Rows of the tree view (one header line).
  public var treeViewRows: Int { max(1, viewRows - 1) }

  // MARK: - Source view

  mutating func openSource() {
    guard let f = selectedFunction, case let name = profile.graph.name(of: f), !name.file.isEmpty,
      name.file != "~"
    else {
      message = "no source file for this frame"
      return
    }
    if view == .source && sourceFunction == f && sourceRequest == nil {
      message = "already showing the source of \(TerminalText.escaped(name.displayName))"
      return
    }
    sourceRequest = name.file
    sourceFunction = f
    sourceLines = nil
    sourceScroll = max(0, Int(name.line) - 3)
    if view != .source { returnView = view }
    view = .source
  }

  /// The app's answer to `sourceRequest`: the file's lines (nil when no candidate could be
  /// read) and the paths it tried.
  public mutating func sourceLoaded(_ text: SourceText) {
    sourceRequest = nil
    sourceLines = text.lines
    sourceScroll = min(sourceScroll, max(0, (text.lines?.count ?? 0) - 1))
    if text.lines == nil {
      message =
        "source not found — tried " + text.tried.prefix(4).joined(separator: ", ")
        + (text.tried.count > 4 ? ", … (\(text.tried.count) paths)" : "")
        + "; --source-root DIR adds a directory"
    }
  }

  mutating func applySource(_ action: Action) {
    let last = max(0, (sourceLines?.count ?? 0) - 1)
    let before = sourceScroll
    switch action {
    case .moveUp: sourceScroll = max(0, sourceScroll - 1)
    case .moveDown: sourceScroll = min(last, sourceScroll + 1)
    case .pageUp: sourceScroll = max(0, sourceScroll - viewRows)
    case .pageDown: sourceScroll = min(last, sourceScroll + viewRows)
    case .first: sourceScroll = 0
    case .last: sourceScroll = last
    case .zoomOut, .zoomReset:
      view = returnView
      return
    default:
      message = "\(action.summary): not in the source view — Esc goes back"
      return
    }
    if sourceScroll == before {
      message = sourceScroll == 0 ? "at the first line" : "at the last line"
    }
  }
}
