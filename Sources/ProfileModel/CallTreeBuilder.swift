/// Builds the call tree a profile supports: exact from stacks, estimated from a caller graph.
public enum CallTreeBuilder {
  public static func tree(
    for profile: Profile, parameters: CallTreeParameters = CallTreeParameters()
  ) -> CallTree {
    if let stacks = profile.stacks {
      return StackExpander.tree(
        samples: stacks, names: profile.graph, minimumFraction: parameters.minimumFraction)
    }
    return CallTree.estimated(from: AttributionGraph(profile: profile), parameters: parameters)
  }

  /// The tree re-rooted at function `f`, or the tree of its callers when `inverted`. From
  /// stacks too this uses the merged caller graph, so it is marked as an estimate.
  public static func focused(
    on f: Int, in profile: Profile, inverted: Bool,
    parameters: CallTreeParameters = CallTreeParameters()
  ) -> CallTree {
    CallTree.focused(
      on: f, in: AttributionGraph(profile: profile), inverted: inverted, parameters: parameters)
  }
}
