/// Call counts as pstats writes them: `total/primitive` when recursion makes the two differ,
/// else one number — the one spelling every view and report uses.
public enum CallCount {
  public static func text(total: Int64, primitive: Int64) -> String {
    total == primitive ? "\(total)" : "\(total)/\(primitive)"
  }
}

extension CallGraph {
  /// Edge `e`'s calls as pstats writes a callers entry: `nc/cc` when the two differ; the one
  /// number of a count-only caller (the `profile` module).
  public func callsText(ofEdge e: Int) -> String {
    edgeValues == .counts
      ? "\(edgeNC[e])" : CallCount.text(total: edgeNC[e], primitive: edgeCC[e])
  }
}

extension Profile {
  /// Whether the profile counts calls: call graphs do; stacks and timelines do not.
  public var hasCallCounts: Bool { kind == .callGraph }

  /// Function `f`'s calls as pstats writes them, or nil where the profile has no call counts
  /// (stacks) or the function no entry of its own.
  public func callsText(_ f: Int) -> String? {
    guard hasCallCounts, f >= 0, f < graph.entryCount else { return nil }
    return CallCount.text(total: totalCalls(f), primitive: primitiveCalls(f))
  }
}
