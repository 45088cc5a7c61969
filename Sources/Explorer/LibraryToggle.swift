import ProfileModel

/// `i`: library frames (site-packages, the standard library, frozen importlib, built-ins —
/// `LibraryFrames`' patterns) folded into their callers, or shown again. The folded tree is
/// built on the first press and both are kept; the selection and the zoom carry over by
/// call path, the library functions left out of it.
extension ExplorerState {
  mutating func toggleLibraryFrames() {
    guard !recursionCollapsed else {
      message = "i: press r first to show recursion as recorded — library frames fold from it"
      return
    }
    let hidden = libraryFlags ?? libraryFrames.flags(for: profile.graph)
    libraryFlags = hidden
    if otherLibraryTree == nil {
      guard hidden.contains(true) else {
        message =
          "no library frames: no function's file matches the library patterns (--library)"
        return
      }
      otherLibraryTree = CallTreeBuilder.hidingFrames(hidden, of: tree)
    }
    guard var next = otherLibraryTree else { return }
    let hiding = !librariesHidden
    func shown(_ path: [Int32]) -> [Int32] {
      guard hiding else { return path }
      return path.enumerated().filter { $0.offset == 0 || !hidden[Int($0.element)] }.map(\.element)
    }
    let selectionPath = shown(functionPath(to: selection))
    let zoomPaths = zoomStack.map { shown(functionPath(to: $0)) }
    let expandedPaths = expanded.sorted().map { shown(functionPath(to: $0)) }
    otherLibraryTree = tree
    alternateTree = nil
    let newSelection = next.deepestNode(along: selectionPath)
    var zoom: [Int] = []
    for path in zoomPaths {
      let node = next.deepestNode(along: path)
      if node != next.top && node != zoom.last && next.isFunctionFrame(node) { zoom.append(node) }
    }
    var open: Set<Int> = [next.top]
    for path in expandedPaths { open.insert(next.deepestNode(along: path)) }
    tree = next
    librariesHidden = hiding
    zoomStack = zoom
    expanded = open
    recursionReturns.removeAll()
    gapRanking = nil
    gapIndex = -1
    if tree.isEstimated { unplaced = tree.unplacedTime(limit: 200_000) }
    if let pattern = search?.pattern {
      runSearch(pattern)
      zoomStack = zoom
    }
    select(
      newSelection == tree.top ? (tree.expand(tree.top).first ?? tree.top) : newSelection,
      reveal: true)
    message =
      hiding
      ? "library frames hidden: their own time is a (library) row under their callers — i shows them"
      : "library frames shown — i hides them"
  }
}
