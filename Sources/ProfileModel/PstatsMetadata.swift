/// Which program wrote a pstats profile (pstats-spec A.3.7); it decides what the numbers mean.
public enum PstatsFlavor: String, Sendable {
  /// cProfile, `profiling.tracing`, or a yappi file without recursion.
  case cprofile
  /// The pure-Python `profile` module: int callers, CPU times.
  case profile
  /// yappi: entries store (total, primitive) calls, the reverse of cProfile.
  case yappi
  /// Python 3.15's sampling profiler: counts are samples.
  case sampled

  /// The producer's name as flamewalk shows it.
  public var producer: String {
    switch self {
    case .cprofile: "cProfile"
    case .profile: "profile"
    case .yappi: "yappi"
    case .sampled: "profiling.sampling"
    }
  }
}

/// What only pstats files carry: the producer's flavour, the Python major version whose
/// marshal wrote the file, and the totals `pstats.Stats` prints.
public struct PstatsMetadata: Sendable, Equatable {
  public var flavor: PstatsFlavor
  /// 2 for files written by Python 2, otherwise 3.
  public var pythonMajor: Int
  public var summary: PstatsSummary

  public init(flavor: PstatsFlavor, pythonMajor: Int, summary: PstatsSummary) {
    self.flavor = flavor
    self.pythonMajor = pythonMajor
    self.summary = summary
  }

  /// The metadata of a file holding `graph`, its totals computed as pstats computes them.
  public init(flavor: PstatsFlavor, pythonMajor: Int = 3, graph: CallGraph) {
    self.init(flavor: flavor, pythonMajor: pythonMajor, summary: PstatsSummary(graph: graph))
  }
}

/// The totals pstats prints in its header, computed as `pstats.Stats` computes them (in file
/// order, per file; merged files add up each file's own totals).
public struct PstatsSummary: Sendable, Equatable {
  public var totalCalls: Int64
  public var primitiveCalls: Int64
  public var totalTime: Double
  public var maxNameLength: Int

  public init(totalCalls: Int64, primitiveCalls: Int64, totalTime: Double, maxNameLength: Int) {
    self.totalCalls = totalCalls
    self.primitiveCalls = primitiveCalls
    self.totalTime = totalTime
    self.maxNameLength = maxNameLength
  }

  /// `get_top_level_stats` over the entries of `graph`.
  public init(graph: CallGraph) {
    var calls: Int64 = 0
    var primitive: Int64 = 0
    var time = 0.0
    var width = 0
    for f in 0..<graph.entryCount {
      calls &+= graph.nc[f]
      primitive &+= graph.cc[f]
      time += graph.tt[f]
      width = max(width, graph.standardNameLength(of: f))
    }
    self.init(
      totalCalls: calls, primitiveCalls: primitive, totalTime: time, maxNameLength: width)
  }
}
