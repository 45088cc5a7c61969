import ProfileModel

/// Reads V8 CPU profiles — `node --cpu-prof`, Chrome DevTools' saved `.cpuprofile` — into
/// exact stacks: each sample is its node's path from the root (the `(root)` node left out),
/// weighted as the timeline viewers weigh it — from its own time to the next sample's, the
/// last one by the average interval. `(program)`, `(idle)` and `(garbage collector)` stay as
/// the roots they are. Lines are stored 1-based.
public enum CPUProfileImporter: ProfileImporter {
  public static let format = InputFormat.cpuprofile
  public static let summary = "V8 .cpuprofile (node --cpu-prof, Chrome DevTools)"
  public static let fileExtensions = ["cpuprofile"]

  /// A JSON object that opens with `"nodes"` (how Node and DevTools write it) whose first
  /// node has a `callFrame`.
  public static func recognize(_ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool)
    -> Recognition
  {
    let open = JSONPrefix.valueStart(prefix)
    guard open < prefix.count else { return isWholeInput ? .no : .needMoreBytes }
    guard prefix[open] == UInt8(ascii: "{") else { return .no }
    let start = JSONPrefix.valueStart(prefix, from: open + 1)
    let key = Array("\"nodes\"".utf8)
    let available = min(key.count, prefix.count - start)
    guard prefix[start..<start + available].elementsEqual(key.prefix(available)) else {
      return .no
    }
    guard available == key.count else { return isWholeInput ? .no : .needMoreBytes }
    if JSONPrefix.contains(UnsafeBufferPointer(rebasing: prefix[start...]), "\"callFrame\"") {
      return .yes
    }
    return JSONPrefix.undecided(prefix, isWholeInput: isWholeInput)
  }

  public static func read(_ files: [InputFile]) throws(InputError) -> Profile {
    try readOne(files, kind: "CPU profiles")
  }

  public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, source: ProfileSource)
    throws(InputError) -> Profile
  {
    try decode(bytes, source: source, frameLimit: StackSamples.frameLimit(inputBytes: bytes.count))
  }

  /// `decode`, its stacks limited to `frameLimit` frames.
  static func decode(
    _ bytes: UnsafeBufferPointer<UInt8>, source: ProfileSource, frameLimit: Int
  ) throws(InputError) -> Profile {
    let file = try CPUProfileFile(document: JSONDocument(bytes))
    return try CPUProfileStacks(file: file, source: source, frameLimit: frameLimit).profile()
  }
}

/// The stacks of a CPU profile: node paths, and sample weights from the sample times.
struct CPUProfileStacks {
  let file: CPUProfileFile
  let source: ProfileSource
  /// The most frames the stacks may take (`StackSamples.frameLimit(inputBytes:)`).
  let frameLimit: Int

  func profile() throws(InputError) -> Profile {
    let nodes = file.nodes
    guard !nodes.isEmpty else { throw InputError(.schema, .none, "the profile has no nodes") }
    var indexOfID: [Int: Int] = [:]
    for (i, node) in nodes.enumerated() {
      guard indexOfID.updateValue(i, forKey: node.id) == nil else {
        throw InputError(.schema, .none, "node id \(node.id) appears twice")
      }
    }
    // Parents from `children` (files) or `parent` (trace chunks).
    var parent = [Int](repeating: -1, count: nodes.count)
    var unknownIDs = 0
    for (i, node) in nodes.enumerated() {
      for child in node.children ?? [] {
        guard let c = indexOfID[child] else {
          unknownIDs += 1
          continue
        }
        guard parent[c] < 0 || parent[c] == i else {
          throw InputError(.schema, .none, "node \(child) has two parents")
        }
        parent[c] = i
      }
      if let p = node.parent {
        guard let pi = indexOfID[p] else {
          unknownIDs += 1
          continue
        }
        parent[i] = pi
      }
    }
    // Depths, iteratively; a parent chain longer than the node count is a cycle.
    var samples = StackSamples(mergingIdenticalStacks: true)
    samples.frameLimit = frameLimit
    var frameOfNode = [Int32](repeating: -1, count: nodes.count)
    func frame(_ i: Int) -> Int32 {
      if frameOfNode[i] >= 0 { return frameOfNode[i] }
      let call = nodes[i].callFrame
      let line = (call.lineNumber ?? -1) >= 0 ? Int64(call.lineNumber! + 1) : 0
      let name = call.functionName.isEmpty ? "(anonymous)" : call.functionName
      frameOfNode[i] = samples.frame(file: call.url ?? "", line: line, name: name)
      return frameOfNode[i]
    }
    func path(_ i: Int) throws(InputError) -> [Int32] {
      var chain: [Int] = []
      var n = i
      while n >= 0 {
        chain.append(n)
        guard chain.count <= nodes.count else {
          throw InputError(.schema, .none, "the parent links of node \(nodes[i].id) form a cycle")
        }
        n = parent[n]
      }
      if let top = chain.last, parent[top] < 0, nodes[top].callFrame.functionName == "(root)" {
        chain.removeLast()
      }
      return chain.reversed().map { frame($0) }
    }
    // One stack per sampled node, in the order nodes are first sampled, its samples' times
    // added in sample order (as identical stacks merge): each node's path is walked once,
    // however many samples it has.
    var weightOfNode = [Double](repeating: 0, count: nodes.count)
    var isSampled = [Bool](repeating: false, count: nodes.count)
    var sampledNodes: [Int] = []
    var unknownSamples = 0
    for (s, weight) in try sampleWeights() {
      guard let i = indexOfID[file.samples[s]] else {
        unknownSamples += 1
        continue
      }
      if !isSampled[i] {
        isSampled[i] = true
        sampledNodes.append(i)
      }
      weightOfNode[i] += weight * 1e-6
    }
    for i in sampledNodes {
      let stack = try path(i)
      samples.beginStack(weight: weightOfNode[i])
      for f in stack { samples.push(f) }
      samples.endStack()
      try InputError.requireWithinFrameLimit(samples)
    }
    try InputError.requireFinite(samples.totalWeight, "the sample times")
    var warnings: [ProfileWarning] = []
    if unknownIDs + unknownSamples > 0 {
      warnings.append(
        ProfileWarning(
          .unknownNodes,
          "\(unknownIDs + unknownSamples) links or samples name no node; skipped",
          path: source.path))
    }
    return Profile(
      stacks: samples, weightUnit: .seconds, sources: [source], producer: "V8",
      warnings: warnings)
  }

  /// (sample index, weight in µs), in time order: each sample lasts until the next one, the
  /// last one the average interval; without `timeDeltas`, the run's span spread evenly.
  func sampleWeights() throws(InputError) -> [(Int, Double)] {
    let n = file.samples.count
    guard n > 0 else { return [] }
    guard let deltas = file.timeDeltas else {
      let span = max(0, (file.endTime ?? 0) - (file.startTime ?? 0))
      return (0..<n).map { ($0, span / Double(n)) }
    }
    guard deltas.count == n else {
      throw InputError(.schema, .none, "\(n) samples but \(deltas.count) timeDeltas")
    }
    var time = [Double](repeating: 0, count: n)
    var t = file.startTime ?? 0
    for i in 0..<n {
      guard deltas[i].isFinite else {
        throw InputError(.badValue, .none, "timeDeltas[\(i)] is \(deltas[i])")
      }
      t += deltas[i]
      time[i] = t
    }
    let order = (0..<n).sorted { time[$0] != time[$1] ? time[$0] < time[$1] : $0 < $1 }
    let average = n > 1 ? (time[order[n - 1]] - time[order[0]]) / Double(n - 1) : 0
    return (0..<n).map { k in
      let s = order[k]
      return (s, k + 1 < n ? time[order[k + 1]] - time[s] : average)
    }
  }
}
