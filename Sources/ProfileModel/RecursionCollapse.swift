/// Recursion collapsed, as speedscope and the Firefox profiler offer it for stack profiles:
/// a frame whose function already runs further up the same stack is merged into that outer
/// frame, and the frames between the two are dropped from the stack. `A B C B D` becomes
/// `A B D`: everything B does while it recurses, through C or directly, is one node per call
/// path. Every stack keeps its weight and its leaf's time, so totals do not change.
///
/// A function is its file and name: samplers such as py-spy record the line running in each
/// frame, so one recursive function shows up as several frames that differ only in line.
public struct RecursionCollapse: Sendable {
  /// Per frame id: the id of its function (file and name).
  private let functionOfFrame: [Int32]
  /// Per function: its position in the collapsed stack being built, or -1.
  private var position: [Int32]
  /// The collapsed stack being built, as frame ids.
  public private(set) var stack: [Int32] = []

  /// A collapser for stacks of the frames `frames` (indexed by frame id).
  public init(frames: [FunctionKey]) {
    struct Identity: Hashable {
      var file: Int32
      var name: Int32
    }
    var ids: [Identity: Int32] = [:]
    functionOfFrame = frames.map { key in
      let identity = Identity(file: key.file, name: key.name)
      if let id = ids[identity] { return id }
      let id = Int32(ids.count)
      ids[identity] = id
      return id
    }
    position = [Int32](repeating: -1, count: ids.count)
  }

  /// Collapses one stack (root first) into `stack`.
  public mutating func collapse(_ frames: some Sequence<Int32>) {
    for frame in stack { position[Int(functionOfFrame[Int(frame)])] = -1 }
    stack.removeAll(keepingCapacity: true)
    for frame in frames {
      let f = Int(functionOfFrame[Int(frame)])
      let outer = Int(position[f])
      if outer >= 0 {
        for inner in stack[(outer + 1)...] { position[Int(functionOfFrame[Int(inner)])] = -1 }
        stack.removeSubrange((outer + 1)...)
      } else {
        position[f] = Int32(stack.count)
        stack.append(frame)
      }
    }
  }
}

extension StackSamples {
  /// The same stacks with recursion collapsed (`RecursionCollapse`); frame ids are kept.
  public func collapsingRecursion() -> StackSamples {
    var out = emptyCopy(mergingIdenticalStacks: false)
    var collapser = RecursionCollapse(frames: frames)
    for s in 0..<stackCount {
      collapser.collapse(stack(s))
      out.beginStack(weight: weights[s])
      for frame in collapser.stack { out.push(frame) }
      out.endStack()
    }
    return out
  }
}

extension CallTree {
  /// The tree of the same stacks with recursion collapsed, built with the same pruning; nil
  /// for trees estimated from a caller graph, whose `↻` leaves already end each recursion.
  public func collapsingRecursion() -> CallTree? {
    guard case .stacks(let expander) = expander else { return nil }
    let samples = expander.samples.collapsingRecursion()
    let fraction = samples.totalWeight > 0 ? expander.minimumTime / samples.totalWeight : 0
    return StackExpander.tree(samples: samples, names: names, minimumFraction: fraction)
  }

  /// Whether some stack runs a function (file and name) twice: only then does collapsing
  /// change the tree. Walks the stacks, not the tree, so nothing needs expanding.
  public var hasRecursion: Bool {
    guard case .stacks(let expander) = expander else { return false }
    let samples = expander.samples
    var collapser = RecursionCollapse(frames: samples.frames)
    for s in 0..<samples.stackCount {
      collapser.collapse(samples.stack(s))
      if collapser.stack.count != samples.depth(of: s) { return true }
    }
    return false
  }
}
