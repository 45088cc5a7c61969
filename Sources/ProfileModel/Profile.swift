import Foundation

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
    case timelineCut = "timeline-cut"
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
  /// How the file recorded the run: stacks, a timeline of events, or a call graph whose
  /// tree must be estimated.
  public var kind: SourceKind
  /// The program that wrote the file, as the file names it (with its version when given),
  /// or the only program known to write the format; nil when unknown.
  public var producer: String?
  /// What only pstats files carry: which profiler wrote them, Python's version, the totals
  /// pstats prints. Nil for every other format.
  public var pstats: PstatsMetadata?
  public var sources: [ProfileSource]
  public var warnings: [ProfileWarning]
  /// For stack and timeline sources: the stacks themselves, from which the exact tree is
  /// built.
  public var stacks: StackSamples?
  /// For timeline sources read from one file: every call in the order it ran (the
  /// time-order chart, evented speedscope export).
  public var timeline: Timeline?
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

  /// A profile read as a call graph (pstats, callgrind): its tree is estimated.
  public init(
    graph: CallGraph, sources: [ProfileSource], pstats: PstatsMetadata? = nil,
    producer: String? = nil, warnings: [ProfileWarning] = [], weightUnit: WeightUnit = .seconds
  ) {
    self.graph = graph
    self.kind = .callGraph
    self.producer = producer ?? pstats?.flavor.producer
    self.pstats = pstats
    self.sources = sources
    self.warnings = warnings
    self.metric = Metric(name: weightUnit.defaultMetricName, unit: weightUnit)
  }

  /// A profile of weighted stacks (every stack and timeline format): the caller graph they
  /// imply, and the exact tree grown from them. `metricName` names what the weights measure
  /// when the file says (else the unit's name is used).
  public init(
    stacks: StackSamples, weightUnit: WeightUnit, sources: [ProfileSource],
    kind: SourceKind = .stacks, producer: String? = nil, warnings: [ProfileWarning] = [],
    metricName: String? = nil, timeline: Timeline? = nil
  ) {
    var stacks = stacks
    self.graph = stacks.takeCallGraph()
    self.kind = kind
    self.producer = producer
    self.sources = sources
    self.warnings = warnings
    self.stacks = stacks
    self.timeline = timeline
    if timeline?.isCut == true && !warnings.contains(where: { $0.kind == .timelineCut }) {
      self.warnings.append(
        ProfileWarning(
          .timelineCut,
          "more than \(Timeline.capacityLimit) calls: the time-order chart shows the first ones",
          path: sources.first?.path))
    }
    self.metric = Metric(name: metricName ?? weightUnit.defaultMetricName, unit: weightUnit)
  }

  /// Which profiler wrote a pstats file; nil for every other format.
  public var pstatsFlavor: PstatsFlavor? { pstats?.flavor }

  /// Whether the counts are samples of Python 3.15's sampling profiler.
  public var isSampled: Bool { pstatsFlavor == .sampled }

  /// The totals pstats prints: the file's own for pstats files, else computed from the graph.
  public var pstatsSummary: PstatsSummary { pstats?.summary ?? PstatsSummary(graph: graph) }

  /// Primitive (non-recursive) calls of entry `f`, whatever order the producer wrote.
  public func primitiveCalls(_ f: Int) -> Int64 {
    pstatsFlavor == .yappi ? graph.nc[f] : graph.cc[f]
  }

  /// All calls of entry `f`, recursive ones included, whatever order the producer wrote.
  public func totalCalls(_ f: Int) -> Int64 {
    pstatsFlavor == .yappi ? graph.cc[f] : graph.nc[f]
  }
}
