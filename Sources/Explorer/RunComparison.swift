import Foundation
import ProfileModel

/// Diff mode (`flamewalk diff BASE NEW`): the base run set beside the new run the explorer
/// shows. The flame graph keeps the new run's sizes; every view reads its numbers for both
/// runs and the change from here, scaled as the `d` key chooses (absolute, or each run as
/// 100% of itself).
public struct RunComparison: Sendable {
  /// The base run.
  public let baseProfile: Profile
  /// How the runs are named in the header: `base.prof → new.prof`.
  public let title: String
  /// Call paths of both trees, found as the new tree grows.
  public internal(set) var paths: TreeComparison
  /// Every function of both runs (unscaled).
  public let functions: FunctionComparison
  /// Whether each run is scaled to 100% of its own total.
  public internal(set) var normalized = false
  /// The paths whose own time grew, largest growth first, once `g` asked for them.
  var regressions: [Int]?
  var regressionIndex = -1

  /// Compares `base` (its tree `baseTree`) with `new` (its tree `newTree`); `functions`
  /// when already made (`flamewalk diff` makes it on another thread while the new run's
  /// tree is built).
  public init(
    base: Profile, baseTree: CallTree, new: Profile, newTree: CallTree,
    functions: FunctionComparison? = nil, matching: FunctionMatching, title: String
  ) {
    baseProfile = base
    self.title = title
    paths = TreeComparison(base: baseTree, new: newTree, matching: matching)
    self.functions =
      functions ?? FunctionComparison(base: base.graph, new: new.graph, matching: matching)
  }

  /// The factors applied to the base and the new run's amounts.
  public var baseScale: Double { normalized ? 1 / max(paths.baseRunTotal, 1e-300) : 1 }
  public var newScale: Double { normalized ? 1 / max(paths.newRunTotal, 1e-300) : 1 }

  /// How amounts are written.
  public var format: ChangeFormat {
    ChangeFormat(
      baseTotal: paths.baseRunTotal * baseScale, newTotal: paths.newRunTotal * newScale,
      unit: baseProfile.weightUnit, normalized: normalized)
  }

  /// Path `p`'s total time in each run, scaled.
  public func totals(_ p: Int) -> (base: Double, new: Double) {
    (paths.paths[p].base.total * baseScale, paths.paths[p].new.total * newScale)
  }

  /// Path `p`'s own time in each run, scaled.
  public func selves(_ p: Int) -> (base: Double, new: Double) {
    (paths.paths[p].base.selfTime * baseScale, paths.paths[p].new.selfTime * newScale)
  }

  /// Function entry `i`'s own and cumulative time in each run, scaled.
  public func functionAmounts(_ i: Int) -> (
    own: (base: Double, new: Double), cumulative: (base: Double, new: Double)
  ) {
    let e = functions.entries[i]
    return (
      (e.baseOwn * baseScale, e.newOwn * newScale),
      (e.baseCumulative * baseScale, e.newCumulative * newScale)
    )
  }

  /// The new run's function `f`'s own and cumulative time in each run, scaled.
  public func functionAmounts(ofNew f: Int) -> (
    own: (base: Double, new: Double), cumulative: (base: Double, new: Double)
  ) {
    functionAmounts(Int(functions.entryOfNewFunction[f]))
  }

  /// Bounds on the change of path `p`'s total, scaled: where a run is a call graph, its
  /// tree is an estimate, and the change carries both runs' uncertainties.
  public func changeBounds(_ p: Int) -> (lower: Double, upper: Double) {
    paths.paths[p].changeBounds(baseScale: baseScale, newScale: newScale)
  }

  /// The base run's function matched to the new run's function `f`, if it has one.
  public func baseFunction(ofNew f: Int) -> Int? {
    let b = Int(functions.firstBaseFunction[Int(functions.entryOfNewFunction[f])])
    return b >= 0 ? b : nil
  }

  /// The base run's cumulative time (scaled) on the call from the new run's function
  /// `caller` to its function `callee`: 0 where the base run has no such call, nil where
  /// its graph records no times per call.
  public func baseCallTime(caller: Int, callee: Int) -> Double? {
    let graph = baseProfile.graph
    guard graph.edgeValues != .counts else { return nil }
    guard let b = baseFunction(ofNew: callee), let c = baseFunction(ofNew: caller) else {
      return 0
    }
    let edge = graph.incoming(b).first { Int(graph.edgeCaller[$0]) == c }
    return edge.map { graph.edgeCT[$0] * baseScale } ?? 0
  }

  /// A change as a share of the base run's total (what the colours scale by).
  public func share(_ change: Double) -> Double { format.percent(change) / 100 }

  /// The change of path `p`'s total as a share of the base run (`+∞` for paths the base run
  /// lacks).
  public func totalShare(_ p: Int) -> Double {
    let t = totals(p)
    return paths.paths[p].base.nodes.isEmpty ? .infinity : share(t.new - t.base)
  }
}

/// The sort orders of the functions table in diff mode.
public enum ChangeSort: Int, Sendable, CaseIterable {
  case ownChange, cumulativeChange, newOwn, name

  public var title: String {
    switch self {
    case .ownChange: "Δ own"
    case .cumulativeChange: "Δ cumulative"
    case .newOwn: "new own"
    case .name: "name"
    }
  }
}

extension ExplorerState {
  /// The explorer's state in diff mode, made on two threads: the new run's tree and state on
  /// one, the base run's tree and the functions' comparison on the other. Each run shows
  /// the functions `matching` takes to be one as one (`Profile.mergingFunctions`).
  public static func comparing(
    base: Profile, new: Profile, matching: FunctionMatching, title: String, width: Int,
    height: Int
  ) -> ExplorerState {
    // First each run's functions merged as they are matched, then the trees.
    // Each thread writes its own variable.
    nonisolated(unsafe) var mergedBase = base
    nonisolated(unsafe) var mergedNew = new
    DispatchQueue.concurrentPerform(iterations: 2) { side in
      if side == 0 {
        mergedBase = base.mergingFunctions(by: matching)
      } else {
        mergedNew = new.mergingFunctions(by: matching)
      }
    }
    let runs = [mergedBase, mergedNew]
    nonisolated(unsafe) var state: ExplorerState?
    nonisolated(unsafe) var baseSide: (CallTree, FunctionComparison)?
    DispatchQueue.concurrentPerform(iterations: 2) { side in
      if side == 0 {
        baseSide = (
          CallTreeBuilder.tree(for: runs[0]),
          FunctionComparison(base: runs[0].graph, new: runs[1].graph, matching: matching)
        )
      } else {
        state = ExplorerState(
          profile: runs[1], tree: CallTreeBuilder.tree(for: runs[1]), width: width,
          height: height)
      }
    }
    state!.compare(
      with: runs[0], baseTree: baseSide!.0, functions: baseSide!.1, matching: matching,
      title: title)
    return state!
  }

  /// Turns on diff mode: `base` is the run the shown one is compared with. Its tree and the
  /// functions' comparison are made here unless given.
  public mutating func compare(
    with base: Profile, baseTree: CallTree? = nil, functions: FunctionComparison? = nil,
    matching: FunctionMatching = .nameAndFile, title: String
  ) {
    comparison = RunComparison(
      base: base, baseTree: baseTree ?? CallTreeBuilder.tree(for: base, parameters: treeParameters),
      new: profile, newTree: tree, functions: functions, matching: matching, title: title)
    treeSort = .total
    prepareView()
  }

  /// Looks up the base run's side of `nodes` and of their callees (the views draw those).
  mutating func resolveComparison(_ nodes: [Int]) {
    for node in nodes {
      comparison!.paths.resolve(node, &tree)
      comparison!.paths.resolveCallees(of: comparison!.paths.path(of: node)!, &tree)
    }
  }

  /// `d`: absolute amounts, or each run scaled to 100% of itself.
  mutating func toggleNormalized() {
    guard comparison != nil else {
      message = "d compares two runs: open them with flamewalk diff BASE NEW"
      return
    }
    comparison!.normalized.toggle()
    comparison!.regressions = nil
    comparison!.regressionIndex = -1
    changeOrder = nil
    if view == .functions {
      refreshChangeOrder()
      tableRow = 0
      tableScroll = 0
    }
    message =
      comparison!.normalized
      ? "normalized: each run is 100% of itself (runs of different lengths)"
      : "absolute amounts"
  }

  /// `g` / `G` in diff mode: the call paths whose own time grew most, in turn.
  mutating func stepRegression(_ step: Int) {
    if comparison!.regressions == nil {
      tree.expandAll(below: tree.top, limit: 400_000)
      comparison!.paths.resolveAll(&tree)
      let c = comparison!
      var grown: [(path: Int, change: Double)] = []
      for p in 1..<c.paths.paths.count where !c.paths.paths[p].isRemoved {
        let own = c.selves(p)
        if own.new - own.base > 0 { grown.append((p, own.new - own.base)) }
      }
      grown.sort { $0.change != $1.change ? $0.change > $1.change : $0.path < $1.path }
      comparison!.regressions = grown.map(\.path)
    }
    let list = comparison!.regressions!
    guard !list.isEmpty else {
      message = "no call path's own time grew"
      return
    }
    let index = (comparison!.regressionIndex + step + list.count) % list.count
    comparison!.regressionIndex = index
    let c = comparison!
    let p = list[index]
    let nodes = c.paths.paths[p].new.nodes.map(Int.init)
    let node = nodes.max { tree.total[$0] < tree.total[$1] }!
    if view != .flame && view != .tree { switchTo(.flame) }
    select(node, reveal: true)
    let own = c.selves(p)
    let change = own.new - own.base
    let name = tree.name(node)?.displayName ?? tree.stackFrame(node).displayName
    message =
      "regression \(index + 1)/\(list.count): own time \(c.format.signed(change)) "
      + "(\(c.format.share(change)) of the base run) in \(TerminalText.escaped(name))"
  }

  /// The functions table's rows in diff mode: indices of `comparison.functions.entries`
  /// (sorted when the view opens, the sort or the scaling changes — not on every frame).
  public func changeRows() -> [Int] {
    changeOrder ?? Self.changeOrder(comparison!, changeSort)
  }

  static func changeOrder(_ c: RunComparison, _ sort: ChangeSort) -> [Int] {
    let entries = c.functions.entries
    func ordered(by key: (Int) -> Double) -> [Int] { largestFirst(entries.indices.map(key)) }
    switch sort {
    case .ownChange:
      return ordered {
        let a = c.functionAmounts($0).own
        return a.new - a.base
      }
    case .cumulativeChange:
      return ordered {
        let a = c.functionAmounts($0).cumulative
        return a.new - a.base
      }
    case .newOwn:
      return ordered { c.functionAmounts($0).own.new }
    case .name:
      return Self.codePointOrder(entries.map { $0.function.displayName })
    }
  }

  mutating func refreshChangeOrder() {
    changeOrder = Self.changeOrder(comparison!, changeSort)
  }

  mutating func cycleChangeSort() {
    changeSort = ChangeSort(rawValue: (changeSort.rawValue + 1) % ChangeSort.allCases.count)!
    refreshChangeOrder()
    message = "functions sorted by \(changeSort.title)"
  }
}
