import ProfileModel

/// What a profile is written out as: weighted stacks of named frames, root first. From a
/// stack or timeline profile they are its own stacks, exactly; from a call graph (pstats,
/// callgrind) they are the estimated tree, one stack per node's own time, with its
/// `(unattributed)` parts as frames of that name — marked `isEstimated`.
public struct ExportedStacks: Sendable {
  /// The frames the stacks name.
  public var frames: [FunctionName] = []
  /// Stack `s` is `sequence[starts[s] ..< starts[s + 1]]`, frame indices root first.
  public var sequence: [Int32] = []
  public var starts: [Int] = [0]
  public var weights: [Double] = []
  public var metric: Metric
  /// How many leading frames of each stack name a group (thread, process).
  public var groupDepth: Int
  public var isEstimated: Bool
  /// The producer and kind of the input, for the writers' notes.
  public var origin: String
  /// Every call in time order, for a whole timeline profile shown with its threads apart
  /// (speedscope output is then evented); the frame ids are `frames` indices.
  public var timeline: Timeline?

  public var count: Int { weights.count }

  public func stack(_ s: Int) -> ArraySlice<Int32> { sequence[starts[s]..<starts[s + 1]] }

  /// The caller graph the stacks imply (as a stack profile's): per function its own time and
  /// its time counted once per stack, per caller likewise; no call counts.
  public func callGraph() -> CallGraph {
    var samples = StackSamples(mergingIdenticalStacks: true)
    let ids = frames.map { samples.frame(file: $0.file, line: $0.line, name: $0.name) }
    var buffer: [Int32] = []
    for s in 0..<count {
      buffer.removeAll(keepingCapacity: true)
      for frame in stack(s) { buffer.append(ids[Int(frame)]) }
      buffer.withUnsafeBufferPointer { samples.add(weight: weights[s], stack: $0) }
    }
    return samples.callGraph()
  }

  /// The stacks of `profile`. A call graph's tree is grown whole: every node down to the
  /// leaves (or down to `minimumFraction` of the run), at most `nodeLimit` nodes — what lies
  /// beyond goes to `(pruned)` frames, so the weights still add up to the total.
  public init(_ profile: Profile, minimumFraction: Double = 0, nodeLimit: Int = 5_000_000) {
    metric = profile.metric
    origin = profile.originDescription
    if let stacks = profile.stacks {
      groupDepth = profile.groupsMerged ? 0 : profile.groupDepth
      isEstimated = false
      frames = stacks.frames.map { key in
        FunctionName(
          file: stacks.strings[key.file], line: key.line, name: stacks.strings[key.name])
      }
      sequence = stacks.frameSequence
      starts = stacks.stackStart
      weights = stacks.weights
      timeline = profile.groupsMerged ? nil : profile.timeline
      return
    }
    groupDepth = 0
    isEstimated = true
    var tree = CallTreeBuilder.tree(
      for: profile,
      parameters: CallTreeParameters(minimumFraction: minimumFraction, maximumDepth: 1_000_000))
    tree.expandAll(below: tree.top, limit: nodeLimit)
    addStacks(of: &tree, below: tree.top)
  }

  /// The stacks of the subtree at a zoom: the node reached from the top by `kinds` and
  /// `functions` (one step per level) in `profile`'s whole tree, re-rooted there — the zoom
  /// root is every stack's first frame (no steps: the whole tree). Nil when the tree has no
  /// such node.
  public init?(
    _ profile: Profile, zoomKinds kinds: [CallTree.Kind], zoomFunctions functions: [Int32],
    nodeLimit: Int = 5_000_000
  ) {
    metric = profile.metric
    origin = profile.originDescription
    groupDepth = 0
    isEstimated = !profile.kind.isExact
    var tree = CallTreeBuilder.tree(
      for: profile, parameters: CallTreeParameters(minimumFraction: 0, maximumDepth: 1_000_000))
    guard let node = tree.node(following: kinds, functions) else { return nil }
    tree.expandAll(below: node, limit: nodeLimit)
    addStacks(of: &tree, below: node, including: node != tree.top)
  }

  /// Adds one stack per node of `tree` below `start` (and `start` itself when `including`),
  /// weighted by the node's own time; the tree must be expanded.
  private mutating func addStacks(
    of tree: inout CallTree, below start: Int, including: Bool = false
  ) {
    var frameOfName: [FunctionName: Int32] = [:]
    func frame(_ node: Int) -> Int32 {
      let name = tree.stackFrame(node)
      if let id = frameOfName[name] { return id }
      frames.append(name)
      frameOfName[name] = Int32(frames.count - 1)
      return Int32(frames.count - 1)
    }
    // Depth first without recursion; `path` holds the frames above the node visited.
    var path: [Int32] = []
    var pending: [(node: Int, depth: Int)] =
      including ? [(start, 0)] : tree.children(start).reversed().map { ($0, 0) }
    while let (node, depth) = pending.popLast() {
      path.removeSubrange(depth...)
      path.append(frame(node))
      let children = tree.isExpanded(node) ? tree.children(node) : 0..<0
      // A node's own weight: its self time, or all of it for the pseudo-nodes and the
      // recursion markers that stand for time counted where they point, and for nodes whose
      // children were never grown.
      let leaf = children.isEmpty
      let weight =
        switch tree.kind[node] {
        case .call, .root: leaf ? tree.total[node] : tree.selfTime[node]
        default: tree.total[node]
        }
      if weight > 0 && weight.isFinite {
        sequence.append(contentsOf: path)
        starts.append(sequence.count)
        weights.append(weight)
      }
      if tree.kind[node] == .call || tree.kind[node] == .root {
        for child in children.reversed() { pending.append((child, depth + 1)) }
      }
    }
  }
}
