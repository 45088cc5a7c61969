/// Groups — threads, processes, the profiles of one speedscope file — are the top-level
/// frames of a stack profile: `groupDepth` says how many leading frames of every stack name
/// a group (0: none; austin with several processes and threads: 2). Merging them drops
/// those frames, so the same code run on every thread becomes one tree (`T`,
/// `--merge-threads`).
extension Profile {
  /// Whether the profile has groups to merge.
  public var hasGroups: Bool { groupDepth > 0 && stacks != nil }

  /// The same stacks without their group frames; every other metric of the input merged
  /// likewise. Frame ids are kept (group frames stay named, unused).
  public func mergingGroups() -> Profile {
    guard hasGroups, let stacks else { return self }
    var merged = stacks.emptyCopy(mergingIdenticalStacks: true)
    for s in 0..<stacks.stackCount {
      let frames = stacks.stack(s)
      merged.beginStack(weight: stacks.weights[s])
      for frame in frames.dropFirst(min(groupDepth, frames.count)) { merged.push(frame) }
      merged.endStack()
    }
    var result = Profile(
      stacks: merged, weightUnit: weightUnit, sources: sources, kind: kind, producer: producer,
      warnings: warnings, metricName: metric.name, timeline: timeline)
    result.metricPosition = metricPosition
    result.otherMetrics = otherMetrics.map { $0.mergingGroups() }
    result.groupsMerged = true
    return result
  }
}
