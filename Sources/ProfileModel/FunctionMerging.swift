/// One run with the functions a comparison takes to be one function merged into one — what
/// the diff explorer shows, so that a frame of the tree is a path of the comparison: py-spy's
/// frames of one function at several lines, or two `<genexpr>` of one file compared by name
/// and file, become one frame, as the diff report counts them.
extension Profile {
  /// The profile with the functions that `matching` takes to be one merged: each group is
  /// named by its first function, with the line (and, matched by name alone, the file)
  /// dropped where its members differ. `self` when no two functions merge. Only the metric
  /// shown is kept.
  public func mergingFunctions(by matching: FunctionMatching) -> Profile {
    guard matching != .exact else { return self }
    let keys = matching.keys(graph)
    var group: [FunctionName: Int32] = [:]
    var groupOf = [Int32](repeating: 0, count: graph.entryCount)
    var names: [FunctionName] = []
    var merges = false
    for f in 0..<graph.entryCount {
      let name = graph.name(of: f)
      if let g = group[keys[f]] {
        groupOf[f] = g
        merges = true
        if names[Int(g)].line != name.line { names[Int(g)].line = 0 }
        if names[Int(g)].file != name.file { names[Int(g)].file = "" }
      } else {
        group[keys[f]] = Int32(names.count)
        groupOf[f] = Int32(names.count)
        names.append(name)
      }
    }
    guard merges else { return self }
    var result = self
    result.otherMetrics = []
    if let stacks {
      var merged = StackSamples(mergingIdenticalStacks: true)
      let frameOf = names.map { merged.frame(file: $0.file, line: $0.line, name: $0.name) }
      // Stack frames are the graph's functions, in the same order.
      var frames: [Int32] = []
      for s in 0..<stacks.stackCount {
        frames.removeAll(keepingCapacity: true)
        for f in stacks.stack(s) { frames.append(frameOf[Int(groupOf[Int(f)])]) }
        frames.withUnsafeBufferPointer { merged.add(weight: stacks.weights[s], stack: $0) }
      }
      result.stacks = merged
      result.graph = merged.callGraph()
    } else {
      var builder = CallGraphBuilder()
      builder.edgeValues = graph.edgeValues
      var renamed: [FunctionName: FunctionName] = [:]
      for f in 0..<graph.entryCount { renamed[graph.name(of: f)] = names[Int(groupOf[f])] }
      Self.append(graph, to: &builder, renaming: { renamed[$0] ?? $0 })
      result.graph = builder.build()
    }
    return result
  }
}
