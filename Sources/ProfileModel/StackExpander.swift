/// Grows the exact call tree of stack samples lazily. Each tree node owns a contiguous range
/// of the tree's stack order (like a most-significant-digit radix sort): expanding a node
/// partitions its stacks by their next frame, so only the parts of the tree a view opens
/// are ever computed, whatever the number of distinct stacks.
struct StackExpander: Sendable {
  let samples: StackSamples
  let minimumTime: Double

  /// One stack as the tree's order array holds it: where its frames are, how many, its weight.
  struct StackReference: Sendable {
    var start: Int
    var length: Int32
    var weight: Double
  }

  /// The top node of the tree of `samples`.
  static func tree(samples: StackSamples, names: CallGraph, minimumFraction: Double) -> CallTree {
    let expander = StackExpander(
      samples: samples, minimumTime: minimumFraction * samples.totalWeight)
    var tree = CallTree(names: names, expander: .stacks(expander))
    var emptyWeight = 0.0
    tree.stackOrder = (0..<samples.stackCount).map { s in
      let start = samples.stackStart[s]
      let length = samples.stackStart[s + 1] - start
      if length == 0 { emptyWeight += samples.weights[s] }
      return StackReference(start: start, length: Int32(length), weight: samples.weights[s])
    }
    tree.bucketOfFrame = [Int32](repeating: -1, count: samples.frames.count)
    tree.append(
      kind: .top, function: -1, parent: -1, depth: 0, total: samples.totalWeight,
      selfTime: emptyWeight, range: 0..<samples.stackCount)
    return tree
  }

  func expand(_ node: Int, in tree: inout CallTree) {
    let first = tree.count
    let range = Int(tree.rangeStart[node])..<Int(tree.rangeEnd[node])
    let depth = Int(tree.depth[node])
    guard tree.kind[node] == .top || tree.kind[node] == .root || tree.kind[node] == .call,
      !range.isEmpty
    else {
      tree.setChildren(of: node, from: first)
      return
    }
    // Bucket the stacks that go deeper by their frame at `depth`, in order of first
    // appearance; stacks that end here stay first in the range.
    var bucketFrame: [Int32] = []
    var bucketTotal: [Double] = []
    var bucketSelf: [Double] = []
    var bucketSize: [Int] = []
    var ending = 0
    var partitioned = [StackReference](
      repeating: StackReference(start: 0, length: 0, weight: 0), count: range.count)
    // The bucket of each stack of the range (-1: it ends here), kept from the first pass.
    var bucketOfStack = [Int32](repeating: -1, count: range.count)
    samples.frameSequence.withUnsafeBufferPointer { frames in
      tree.bucketOfFrame.withUnsafeMutableBufferPointer { bucketOf in
        tree.stackOrder.withUnsafeMutableBufferPointer { order in
          for i in range {
            let stack = order[i]
            guard Int(stack.length) > depth else {
              ending += 1
              continue
            }
            let frame = Int(frames[stack.start + depth])
            var b = Int(bucketOf[frame])
            if b < 0 {
              b = bucketFrame.count
              bucketOf[frame] = Int32(b)
              bucketFrame.append(Int32(frame))
              bucketTotal.append(0)
              bucketSelf.append(0)
              bucketSize.append(0)
            }
            bucketOfStack[i - range.lowerBound] = Int32(b)
            bucketTotal[b] += stack.weight
            if Int(stack.length) == depth + 1 { bucketSelf[b] += stack.weight }
            bucketSize[b] += 1
          }
          // Stable partition of the range: ending stacks, then bucket by bucket.
          var fill = [Int](repeating: 0, count: bucketFrame.count)
          var next = ending
          for b in bucketFrame.indices {
            fill[b] = next
            next += bucketSize[b]
          }
          var endingSlot = 0
          for i in range {
            let stack = order[i]
            let b = Int(bucketOfStack[i - range.lowerBound])
            if b < 0 {
              partitioned[endingSlot] = stack
              endingSlot += 1
            } else {
              partitioned[fill[b]] = stack
              fill[b] += 1
            }
          }
          for i in range { order[i] = partitioned[i - range.lowerBound] }
          for frame in bucketFrame { bucketOf[Int(frame)] = -1 }
        }
      }
    }
    // Children largest first (ties: first appearance); the small ones fold into (pruned).
    var offset = [Int](repeating: 0, count: bucketFrame.count)
    var next = range.lowerBound + ending
    for b in bucketFrame.indices {
      offset[b] = next
      next += bucketSize[b]
    }
    var kept = bucketFrame.indices.filter { bucketTotal[$0] >= minimumTime }
    kept.sort { a, b in bucketTotal[a] != bucketTotal[b] ? bucketTotal[a] > bucketTotal[b] : a < b }
    var pruned = 0.0
    for b in bucketFrame.indices where bucketTotal[b] < minimumTime { pruned += bucketTotal[b] }
    for b in kept {
      let t = bucketTotal[b]
      tree.append(
        kind: depth == 0 ? .root : .call, function: Int(bucketFrame[b]), parent: node,
        depth: depth + 1, total: t, selfTime: bucketSelf[b], lower: t, upper: t,
        range: offset[b]..<offset[b] + bucketSize[b])
    }
    if pruned > 0 {
      tree.append(
        kind: .pruned, function: -1, parent: node, depth: depth + 1, total: pruned,
        selfTime: pruned, flags: .belowMinimum)
    }
    tree.setChildren(of: node, from: first)
  }
}
