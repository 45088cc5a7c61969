/// Why two profiles cannot be merged.
public struct ProfileMergeError: Error, Sendable, CustomStringConvertible {
  public var description: String

  public init(description: String) {
    self.description = description
  }
}

extension Profile {
  /// `pstats.Stats(first, *rest)`: the first profile, then the others added in reverse order
  /// (as `Stats.add` does), entry by entry with `add_func_stats`. Totals are the sums of each
  /// file's own totals, in that same order.
  public static func merged(_ profiles: [Profile]) throws -> Profile {
    guard var result = profiles.first else {
      throw ProfileMergeError(description: "no profile to merge")
    }
    guard profiles.count > 1 else { return result }
    var edgeValues: EdgeValueKind? = result.graph.edgeCount > 0 ? result.graph.edgeValues : nil
    var builder = CallGraphBuilder()
    append(result.graph, to: &builder, renaming: { $0 })
    for item in profiles.dropFirst().reversed() {
      if item.graph.edgeCount > 0 {
        if let kind = edgeValues, kind != item.graph.edgeValues {
          throw ProfileMergeError(
            description: "cannot merge call-count callers (pure-Python profile) with timed "
              + "callers (cProfile): \(item.sources.first?.path ?? "profile")")
        }
        edgeValues = item.graph.edgeValues
      }
      append(item.graph, to: &builder, renaming: { $0 })
      result.sources += item.sources
      result.pstats = Self.merged(result.pstats, item.pstats)
      result.warnings += item.warnings
    }
    if let pstats = result.pstats { result.producer = pstats.flavor.producer }
    builder.edgeValues = edgeValues ?? .timed
    result.graph = builder.build()
    return result
  }

  /// `pstats.Stats.strip_dirs()`: every file name becomes its base name; entries that then
  /// share a key are added together; the name width is measured again.
  public func strippingDirectories() -> Profile {
    var builder = CallGraphBuilder()
    builder.edgeValues = graph.edgeValues
    Self.append(
      graph, to: &builder,
      renaming: { name in
        var stripped = name
        stripped.file = FunctionName.baseName(name.file)
        return stripped
      })
    var result = self
    result.graph = builder.build()
    var width = 0
    for f in 0..<result.graph.entryCount {
      width = max(width, result.graph.standardNameLength(of: f))
    }
    result.pstats?.summary.maxNameLength = width
    return result
  }

  /// The pstats facts of two merged files: totals added, the first non-cProfile flavour
  /// (its conventions win), the older Python. Nil unless both are pstats files.
  private static func merged(_ a: PstatsMetadata?, _ b: PstatsMetadata?) -> PstatsMetadata? {
    guard var result = a, let b else { return nil }
    result.summary.totalCalls &+= b.summary.totalCalls
    result.summary.primitiveCalls &+= b.summary.primitiveCalls
    result.summary.totalTime += b.summary.totalTime
    result.summary.maxNameLength = max(result.summary.maxNameLength, b.summary.maxNameLength)
    if b.flavor != result.flavor && result.flavor == .cprofile { result.flavor = b.flavor }
    result.pythonMajor = min(result.pythonMajor, b.pythonMajor)
    return result
  }

  /// Adds every entry of `graph` to `builder` with `add_func_stats`, renaming keys on the way.
  static func append(
    _ graph: CallGraph, to builder: inout CallGraphBuilder,
    renaming rename: (FunctionName) -> FunctionName
  ) {
    var mapped = [Int32](repeating: -1, count: graph.functionCount)
    func index(_ f: Int, _ builder: inout CallGraphBuilder) -> Int32 {
      if mapped[f] < 0 { mapped[f] = builder.function(rename(graph.name(of: f))) }
      return mapped[f]
    }
    for f in 0..<graph.entryCount {
      let target = index(f, &builder)
      var edges: [CallGraphBuilder.Edge] = []
      edges.reserveCapacity(graph.incoming(f).count)
      for e in graph.incoming(f) {
        edges.append(
          CallGraphBuilder.Edge(
            caller: index(Int(graph.edgeCaller[e]), &builder), nc: graph.edgeNC[e],
            cc: graph.edgeCC[e], tt: graph.edgeTT[e], ct: graph.edgeCT[e]))
      }
      builder.addEntry(
        target,
        stats: .init(cc: graph.cc[f], nc: graph.nc[f], tt: graph.tt[f], ct: graph.ct[f]),
        callers: edges)
    }
  }
}
