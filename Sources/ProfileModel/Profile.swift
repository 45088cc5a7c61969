import Foundation

/// Which program wrote a pstats profile (spec A.3.7); it decides what the numbers mean.
public enum ProfileFlavor: String, Sendable {
  /// cProfile, `profiling.tracing`, or a yappi file without recursion.
  case cprofile
  /// The pure-Python `profile` module: int callers, CPU times.
  case profile
  /// yappi: entries store (total, primitive) calls, the reverse of cProfile.
  case yappi
  /// Python 3.15's sampling profiler: counts are samples.
  case sampled
  /// Stacks with weights (folded files and other sampling formats): the tree is exact.
  case stacks
  /// A callgrind caller graph: calls and inclusive costs per edge, self costs per function.
  case callgrind
}

/// Something odd but readable in an input file, reported on stderr by the commands.
public struct ProfileWarning: Sendable, Equatable, CustomStringConvertible {
  /// What kind of oddity; the raw values name it on stderr.
  public enum Kind: String, Sendable {
    case trailingBytes = "trailing-bytes"
    case nonFiniteTimes = "nonfinite"
    case placeholderCallers = "placeholder-callers"
    case latin1Strings = "latin1-strings"
    case skippedProfiles = "skipped-profiles"
    case unknownNodes = "unknown-nodes"
    case brokenEvents = "broken-events"
  }

  public var kind: Kind
  public var message: String
  /// The file the warning is about.
  public var path: String?

  public init(_ kind: Kind, _ message: String, path: String? = nil) {
    self.kind = kind
    self.message = message
    self.path = path
  }

  public var description: String { message }
}

/// One input file of a profile: the path as given and its modification time.
public struct ProfileSource: Sendable, Equatable {
  public var path: String
  public var modified: Date?

  public init(path: String, modified: Date?) {
    self.path = path
    self.modified = modified
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

/// What a profile's weights measure.
public enum WeightUnit: String, Sendable {
  /// Times in seconds (pstats, and stacks whose weights are times).
  case seconds
  /// Sample counts (folded stacks).
  case samples
  /// Bytes (memory profiles).
  case bytes
  /// Numbers without a unit.
  case none

  /// Whether the weights are shown as times (else as plain numbers).
  public var isTime: Bool { self == .seconds }

  /// The name of a metric measured in this unit when the file names none.
  public var defaultMetricName: String {
    switch self {
    case .seconds: "time"
    case .samples: "samples"
    case .bytes: "bytes"
    case .none: "value"
    }
  }
}

/// A loaded profile: the caller graph plus what is known about where it came from.
public struct Profile: Sendable {
  public var graph: CallGraph
  public var flavor: ProfileFlavor
  /// 2 for files written by Python 2, otherwise 3.
  public var pythonMajor: Int
  public var sources: [ProfileSource]
  public var summary: PstatsSummary
  public var warnings: [ProfileWarning]
  /// For stack sources: the stacks themselves, from which the exact tree is built.
  public var stacks: StackSamples?
  /// What the weights measure: its name (as the file gives it, or from the unit) and unit —
  /// seconds for pstats, samples for folded stacks, as the file says for formats that say.
  public var metric: Metric
  /// The same input measured by each of its other metrics (austin's wall and CPU time and
  /// memory, callgrind's events, pprof's sample types), each a whole profile of its own.
  public var otherMetrics: [Profile] = []
  /// This profile's metric's place among all the input's metrics, in the file's order.
  public var metricPosition = 0
  /// How many leading frames of every stack name a group (thread, process, profile of a
  /// file), 0 when there are none (`ProfileGroups`).
  public var groupDepth = 0
  /// Whether the groups were merged into one tree.
  public var groupsMerged = false

  /// The unit of the weights.
  public var weightUnit: WeightUnit {
    get { metric.unit }
    set { metric.unit = newValue }
  }

  public init(
    graph: CallGraph, flavor: ProfileFlavor, pythonMajor: Int, sources: [ProfileSource],
    summary: PstatsSummary? = nil, warnings: [ProfileWarning] = [],
    stacks: StackSamples? = nil, weightUnit: WeightUnit? = nil
  ) {
    self.stacks = stacks
    let unit = weightUnit ?? (stacks == nil ? .seconds : .samples)
    self.metric = Metric(name: unit.defaultMetricName, unit: unit)
    self.graph = graph
    self.flavor = flavor
    self.pythonMajor = pythonMajor
    self.sources = sources
    self.summary = summary ?? PstatsSummary(graph: graph)
    self.warnings = warnings
  }

  /// A profile of weighted stacks (every stack format): the caller graph they imply, and
  /// the exact tree grown from them. `metricName` names what the weights measure when the
  /// file says (else the unit's name is used).
  public init(
    stacks: StackSamples, weightUnit: WeightUnit, sources: [ProfileSource],
    warnings: [ProfileWarning] = [], metricName: String? = nil
  ) {
    self.init(
      graph: stacks.callGraph(), flavor: .stacks, pythonMajor: 3, sources: sources,
      warnings: warnings, stacks: stacks, weightUnit: weightUnit)
    if let metricName { metric.name = metricName }
  }

  public var isSampled: Bool { flavor == .sampled }

  /// Primitive (non-recursive) calls of entry `f`, whatever order the producer wrote.
  public func primitiveCalls(_ f: Int) -> Int64 {
    flavor == .yappi ? graph.nc[f] : graph.cc[f]
  }

  /// All calls of entry `f`, recursive ones included, whatever order the producer wrote.
  public func totalCalls(_ f: Int) -> Int64 {
    flavor == .yappi ? graph.cc[f] : graph.nc[f]
  }
}
