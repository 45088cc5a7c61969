import ProfileModel

/// A tree and how it is being browsed: what the tree-drawing views keep for the tree they
/// do not show (the top-down tree while the inverted view is open, and the other way round).
struct TreeBrowsing: Sendable {
  var tree: CallTree
  var selection: Int
  var zoomStack: [Int]
  var expanded: Set<Int>
  var treeScroll: Int
  var recursionReturns: [Int]
  var gapRanking: (gaps: [Gap], candidates: [Gap])?
}

/// The inverted view: the bottom-up tree of the whole profile — each function with its own
/// time at the top level, the callers it ran under below it, and theirs below them — browsed
/// with the tree view's keys. The tree is built when the view first opens
/// (`CallTreeBuilder.inverted`); the top-down tree and its expanded rows, zoom and selection
/// wait unchanged while it is shown, and the other way round.
extension ExplorerState {
  /// Whether `tree` is the inverted tree (the inverted view, or the source view opened from it).
  public var showsInvertedTree: Bool { invertedShown }

  /// Swaps the top-down and the inverted tree, building the inverted one the first time.
  mutating func swapTreeDirection() {
    let current = TreeBrowsing(
      tree: tree, selection: selection, zoomStack: zoomStack, expanded: expanded,
      treeScroll: treeScroll, recursionReturns: recursionReturns, gapRanking: gapRanking)
    let other =
      parkedTree
      ?? {
        var inverted = CallTreeBuilder.inverted(
          for: profile, reusing: tree, parameters: treeParameters)
        let first = inverted.expand(inverted.top).first ?? inverted.top
        return TreeBrowsing(
          tree: inverted, selection: first, zoomStack: [], expanded: [inverted.top],
          treeScroll: 0, recursionReturns: [], gapRanking: nil)
      }()
    parkedTree = current
    tree = other.tree
    selection = other.selection
    zoomStack = other.zoomStack
    expanded = other.expanded
    treeScroll = other.treeScroll
    recursionReturns = other.recursionReturns
    gapRanking = other.gapRanking
    gapIndex = -1
    invertedShown.toggle()
    if let pattern = search?.pattern {
      let kept = (selection, zoomStack)
      runSearch(pattern)
      (selection, zoomStack) = kept
    }
  }

  /// The inverted tree's root of `f` (its own time), the tree grown one level.
  mutating func invertedRoot(of f: Int) -> Int? {
    tree.expand(tree.top).first { Int(tree.function[$0]) == f && tree.isFunctionFrame($0) }
  }

  /// What an action that needs the top-down tree says in the inverted view, or nil when it
  /// applies there too.
  func refusalInInvertedView(_ action: Action) -> String? {
    guard invertedShown else { return nil }
    switch action {
    case .toggleRecursion:
      return "r: the inverted view shows recursion as recorded — r applies to the top-down views"
    case .toggleLibraries:
      return "i: the inverted view shows every frame — i applies to the top-down views"
    case .export:
      return "x exports call stacks from the top-down views (Flame, Tree): Tab there first"
    default: return nil
    }
  }
}
