/// How a file recorded the run, which decides whether flamewalk's tree is exact.
public enum SourceKind: String, Sendable {
  /// Weighted stacks (sampling profilers, folded files, frame trees): the tree is exact.
  case stacks
  /// Frames opened and closed in time order (Chrome traces, speedscope evented profiles):
  /// the tree is exact, and the events are in time order.
  case timeline
  /// Totals per caller and callee (pstats, callgrind): the tree is estimated, with bounds.
  case callGraph

  /// Whether the tree is read from the file rather than estimated.
  public var isExact: Bool { self != .callGraph }
}

extension Profile {
  /// One line on how the file recorded the run and who wrote it: "stacks from py-spy@0.4.3 —
  /// exact tree", "call graph from cProfile — estimated tree, with bounds".
  public var originDescription: String {
    let recorded =
      switch kind {
      case .stacks: "stacks"
      case .timeline: "timeline of events"
      case .callGraph: "call graph"
      }
    let from = producer.map { " from " + $0 } ?? ""
    let tree = kind.isExact ? "exact tree" : "estimated tree, with bounds"
    return recorded + from + " — " + tree
  }
}
