/// What grows a call tree: the estimator of a caller graph, or the stacks themselves.
enum TreeExpander: Sendable {
  case graph(CallTreeEstimator)
  case stacks(StackExpander)
  /// Every node's children computed when the tree was made (a tree derived from another);
  /// `estimated` when that tree was an estimate.
  case complete(estimated: Bool)
}

/// A call tree in flat arrays — the one tree type every view draws, whatever the source.
/// Node 0 is the synthetic top. Each node has a kind, a function (or none for pseudo-nodes),
/// its total and self time, certainty bounds and flags; its children, once expanded, are a
/// contiguous range of node indices ordered largest first. Trees from stacks are complete
/// and exact; trees estimated from a caller graph (pstats) grow lazily: `expand(_:)`
/// computes a node's children when a view opens or draws it. Copies share storage until one
/// of them is changed.
public struct CallTree: Sendable {
  /// What a node stands for.
  public enum Kind: UInt8, Sendable {
    case top, root, call, recursion, unattributed, pruned
    /// The frames of library functions folded into the node's parent (`i`): their own time.
    case library

    public var name: String {
      switch self {
      case .top: "top"
      case .root: "root"
      case .call: "call"
      case .recursion: "recursion"
      case .unattributed: "unattributed"
      case .pruned: "pruned"
      case .library: "library"
      }
    }

    /// Tie order among siblings of equal time (spec B.3.3 step 6).
    var siblingOrder: Int {
      switch self {
      case .top, .root, .call: 0
      case .recursion: 1
      case .unattributed, .library: 2
      case .pruned: 3
      }
    }
  }

  /// Why a node looks the way it does (spec B.3.3–B.3.6); `names` are the JSON spellings.
  public struct Flags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let placeholder = Flags(rawValue: 1 << 0)
    public static let cycleMember = Flags(rawValue: 1 << 1)
    public static let selfRecursive = Flags(rawValue: 1 << 2)
    public static let estimatedEdge = Flags(rawValue: 1 << 3)
    public static let estimatedSelf = Flags(rawValue: 1 << 4)
    public static let outsideBounds = Flags(rawValue: 1 << 5)
    public static let noCaller = Flags(rawValue: 1 << 6)
    public static let entryRemainder = Flags(rawValue: 1 << 8)
    public static let cutAtAncestor = Flags(rawValue: 1 << 9)
    public static let noCalleeRecorded = Flags(rawValue: 1 << 10)
    public static let belowMinimum = Flags(rawValue: 1 << 11)
    public static let maximumDepth = Flags(rawValue: 1 << 12)
    public static let smallRoots = Flags(rawValue: 1 << 13)
    public static let totalExceedsRoots = Flags(rawValue: 1 << 14)
    /// A root of a part of the graph that no other root reaches.
    public static let unreachedPart = Flags(rawValue: 1 << 15)
    /// A root whose time was raised above its proven lower bound so the roots cover the run.
    public static let raisedToCoverRun = Flags(rawValue: 1 << 16)
    /// Exact because the node's edge is one call, too long to run anywhere else (spec B.6.3).
    public static let singleCall = Flags(rawValue: 1 << 17)
    /// A frame of a function already on its path, entered again through other functions
    /// (`exec` running a module under `runpy`), grown as a node because its time is exact.
    public static let reentry = Flags(rawValue: 1 << 18)
    /// How views name a grown re-entry.
    public static let reentryNote = "re-entry: runs inside its own frame above"

    private static let spellings: [(Flags, String)] = [
      (.placeholder, "placeholder"), (.cycleMember, "cycle-member"),
      (.selfRecursive, "self-recursive"), (.estimatedEdge, "estimated-edge"),
      (.estimatedSelf, "estimated-self"), (.outsideBounds, "outside-bounds"),
      (.noCaller, "no-caller"),
      (.entryRemainder, "entry-remainder"), (.cutAtAncestor, "cut-at-ancestor"),
      (.noCalleeRecorded, "no-callee-recorded"), (.belowMinimum, "below-min-fraction"),
      (.maximumDepth, "max-depth"), (.smallRoots, "small-roots"),
      (.totalExceedsRoots, "total_tt-exceeds-root-time"), (.unreachedPart, "unreached-part"),
      (.raisedToCoverRun, "raised-to-cover-run"), (.singleCall, "single-call"),
      (.reentry, "reentry"),
    ]

    /// The flags' names in a fixed order.
    public var names: [String] { Self.spellings.filter { contains($0.0) }.map(\.1) }
  }

  public internal(set) var kind: [Kind] = []
  /// Function index in the source graph, or -1 for pseudo-nodes.
  public internal(set) var function: [Int32] = []
  public internal(set) var parent: [Int32] = []
  public internal(set) var depth: [Int32] = []
  public internal(set) var total: [Double] = []
  public internal(set) var selfTime: [Double] = []
  /// Bounds on the true time of the node's path; NaN for pseudo-nodes.
  public internal(set) var lower: [Double] = []
  public internal(set) var upper: [Double] = []
  public internal(set) var flags: [Flags] = []
  /// First child, or -1 while the node is not expanded.
  public internal(set) var childStart: [Int32] = []
  public internal(set) var childCount: [Int32] = []
  /// For estimated trees: the graph edge that led to the node (-1 for roots).
  var edge: [Int32] = []
  /// For stack trees: each node's range of `stackOrder`, the stacks that pass through it.
  var rangeStart: [Int32] = []
  var rangeEnd: [Int32] = []
  var stackOrder: [StackExpander.StackReference] = []
  /// Scratch for stack expansion: the bucket of each frame, -1 between expansions.
  var bucketOfFrame: [Int32] = []
  /// What grows the tree lazily.
  let expander: TreeExpander
  /// The functions' names, from the profile.
  public let names: CallGraph

  init(names: CallGraph, expander: TreeExpander) {
    self.names = names
    self.expander = expander
  }

  public var count: Int { kind.count }
  public var top: Int { 0 }
  /// True when the tree is an estimate from a caller graph (pstats), false for stacks.
  public var isEstimated: Bool {
    switch expander {
    case .graph: true
    case .stacks: false
    case .complete(let estimated): estimated
    }
  }

  public func isExpanded(_ node: Int) -> Bool { childStart[node] >= 0 }

  /// The caller-graph edge that led to `node` in a tree estimated from a call graph (its
  /// parent's calls of its function), or nil.
  public func incomingEdge(_ node: Int) -> Int? {
    guard isEstimated, node < edge.count, edge[node] >= 0 else { return nil }
    return Int(edge[node])
  }

  /// What grows an estimated tree (and holds its prepared caller graph).
  var estimator: CallTreeEstimator? {
    if case .graph(let estimator) = expander { return estimator }
    return nil
  }

  /// The children of an expanded node (empty when it has none or is not expanded).
  public func children(_ node: Int) -> Range<Int> {
    let start = Int(childStart[node])
    guard start >= 0 else { return 0..<0 }
    return start..<start + Int(childCount[node])
  }

  /// Expands `node` when it is not yet expanded, and returns its children.
  @discardableResult
  public mutating func expand(_ node: Int) -> Range<Int> {
    if childStart[node] < 0 {
      switch expander {
      case .graph(let estimator): estimator.expand(node, in: &self)
      case .stacks(let stacks): stacks.expand(node, in: &self)
      case .complete: setChildren(of: node, from: count)
      }
    }
    return children(node)
  }

  /// Expands every node down to `depth` levels below `node`, at most `limit` nodes in all.
  public mutating func expandAll(below node: Int, depth maximum: Int = .max, limit: Int = .max) {
    var queue = [(node, 0)]
    var head = 0
    while head < queue.count, count < limit {
      let (n, level) = queue[head]
      head += 1
      guard level < maximum else { continue }
      for child in expand(n) { queue.append((child, level + 1)) }
    }
  }

  public func hasBounds(_ node: Int) -> Bool { !lower[node].isNaN }

  /// Whether `node` is a frame of a function (not the top or a pseudo-node).
  public func isFunctionFrame(_ node: Int) -> Bool {
    kind[node] == .root || kind[node] == .call
  }

  /// Exact when the bounds coincide (1e-9 relative), as spec B.3.4 defines it.
  public func isExact(_ node: Int) -> Bool {
    hasBounds(node) && Self.isExact(lower: lower[node], upper: upper[node])
  }

  /// Whether bounds `lower...upper` pin the time down (to a relative 1e-9).
  public static func isExact(lower: Double, upper: Double) -> Bool {
    upper - lower <= 1e-9 * max(1, abs(upper))
  }

  /// The node's function name, when it has one.
  public func name(_ node: Int) -> FunctionName? {
    let f = Int(function[node])
    return f >= 0 ? names.name(of: f) : nil
  }

  /// Adds a node and returns its index.
  @discardableResult
  mutating func append(
    kind: Kind, function: Int, parent: Int, depth: Int, total: Double, selfTime: Double,
    lower: Double = .nan, upper: Double = .nan, flags: Flags = [], edge: Int = -1,
    range: Range<Int> = 0..<0
  ) -> Int {
    self.kind.append(kind)
    self.function.append(Int32(function))
    self.parent.append(Int32(parent))
    self.depth.append(Int32(clamping: depth))
    self.total.append(total)
    self.selfTime.append(selfTime)
    self.lower.append(lower)
    self.upper.append(upper)
    self.flags.append(flags)
    self.childStart.append(-1)
    self.childCount.append(0)
    self.edge.append(Int32(edge))
    self.rangeStart.append(Int32(range.lowerBound))
    self.rangeEnd.append(Int32(range.upperBound))
    return count - 1
  }

  /// Marks `node`'s children as the range `start..<count`.
  mutating func setChildren(of node: Int, from start: Int) {
    childStart[node] = Int32(start)
    childCount[node] = Int32(count - start)
  }

  /// The path of nodes from the top to `node`, top first.
  public func path(to node: Int) -> [Int] {
    var path = [node]
    var n = node
    while parent[n] >= 0 {
      n = Int(parent[n])
      path.append(n)
    }
    return path.reversed()
  }
}
