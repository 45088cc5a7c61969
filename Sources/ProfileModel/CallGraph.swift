/// What a caller-graph edge holds: cProfile and yappi record counts and times per edge, the
/// pure-Python `profile` and the 3.15 sampler only a call (or sample) count.
public enum EdgeValueKind: Sendable, Equatable {
  case timed
  case counts
  /// A call count and the callee's inclusive cost, no self time per edge (callgrind).
  case inclusive
}

/// The caller graph of a profile in compact arrays: one entry per function with its own counts
/// and times, and one edge per caller → callee pair. Functions `0..<entryCount` are the
/// profile's entries in file order; the rest are placeholders, callers that have no entry of
/// their own. Counts are kept as the file wrote them (`cc` is the first field of an entry,
/// `nc` the second; see `PstatsFlavor` for yappi's swapped order).
public struct CallGraph: Sendable {
  public var strings: StringTable
  public var functions: [FunctionKey]
  public var entryCount: Int
  /// First field of each entry: primitive calls (cProfile), total calls (yappi).
  public var cc: CountColumn
  /// Second field of each entry: total calls (cProfile), primitive calls (yappi).
  public var nc: CountColumn
  /// Time in the function's own code.
  public var tt: [Double]
  /// Time of the outermost calls, callees included.
  public var ct: [Double]

  /// Edges into function `f` are `incomingStart[f] ..< incomingStart[f + 1]`, in the order of
  /// the callee's callers dict.
  public var incomingStart: [Int32]
  public var edgeCaller: [Int32]
  public var edgeCallee: [Int32]
  /// Edge call count (a caller tuple's first field, or the int of a count edge).
  public var edgeNC: CountColumn
  /// Edge primitive call count (a caller tuple's second field).
  public var edgeCC: CountColumn
  public var edgeTT: [Double]
  public var edgeCT: [Double]
  public var edgeValues: EdgeValueKind

  /// Edges out of function `f` are `outgoingEdges[outgoingStart[f] ..< outgoingStart[f + 1]]`.
  public var outgoingStart: [Int32]
  public var outgoingEdges: [Int32]

  public var functionCount: Int { functions.count }

  /// `outgoingStart` and `outgoingEdges` for these edges' callers: each caller's edges in
  /// edge order.
  static func outgoingIndex(edgeCaller: [Int32], functionCount n: Int) -> (
    start: [Int32], edges: [Int32]
  ) {
    var start = [Int32](repeating: 0, count: n + 1)
    for caller in edgeCaller { start[Int(caller) + 1] += 1 }
    for f in 0..<n { start[f + 1] += start[f] }
    var fill = start
    var edges = [Int32](repeating: 0, count: edgeCaller.count)
    for (e, caller) in edgeCaller.enumerated() {
      edges[Int(fill[Int(caller)])] = Int32(e)
      fill[Int(caller)] += 1
    }
    return (start, edges)
  }
  public var edgeCount: Int { edgeCaller.count }

  public func incoming(_ f: Int) -> Range<Int> {
    Int(incomingStart[f])..<Int(incomingStart[f + 1])
  }

  public func outgoing(_ f: Int) -> ArraySlice<Int32> {
    outgoingEdges[Int(outgoingStart[f])..<Int(outgoingStart[f + 1])]
  }

  /// The resolved name of function `f`.
  public func name(of f: Int) -> FunctionName {
    let key = functions[f]
    return FunctionName(file: strings[key.file], line: key.line, name: strings[key.name])
  }

  /// The length in code points of `name(of: f).standardString`, without building it.
  public func standardNameLength(of f: Int) -> Int {
    let key = functions[f]
    let nameLength = Int(strings.scalarCounts[Int(key.name)])
    // `{x}` for `<x>` keeps the length.
    if key.line == 0 && strings[key.file] == "~" { return nameLength }
    var digits = key.line < 0 ? 2 : 1
    var rest = key.line.magnitude
    while rest >= 10 {
      rest /= 10
      digits += 1
    }
    return Int(strings.scalarCounts[Int(key.file)]) + digits + nameLength + 3
  }
}
