/// Stack profiles of different formats merged into one: a py-spy speedscope file with an
/// austin file, a trace with folded stacks. Their metrics must agree — the same name, or,
/// for files with one metric each, the same unit.
extension Profile {
  /// The stacks of every profile added together, metric by metric; the metrics are those
  /// all of them have (by name), or the one metric each has when their units agree.
  /// Throws a description of the disagreement otherwise.
  public static func mergingStacks(_ profiles: [Profile]) throws(ProfileMergeError) -> Profile {
    guard let first = profiles.first else {
      throw ProfileMergeError(description: "no profile to merge")
    }
    guard profiles.count > 1 else { return first }
    for profile in profiles where profile.stacks == nil {
      throw ProfileMergeError(
        description: "\(profile.sources.first?.path ?? "a file") is a caller graph "
          + "(pstats or callgrind): only stack profiles of different formats merge")
    }
    let all = profiles.map { profile in
      (0..<(profile.otherMetrics.count + 1)).map { profile.measured(byMetricAt: $0) }
    }
    // Metrics every file has, by name; else single metrics of one unit.
    var common = all[0].map(\.metric).filter { metric in
      all.allSatisfy { list in list.contains { $0.metric == metric } }
    }
    if common.isEmpty, all.allSatisfy({ $0.count == 1 }),
      Set(all.map { $0[0].weightUnit }).count == 1
    {
      common = [all[0][0].metric]
    }
    guard !common.isEmpty else {
      let described = zip(profiles, all).map { profile, list in
        "\(profile.sources.first?.path ?? "?"): "
          + list.map { "'\($0.metric.name)' (\($0.weightUnit.rawValue))" }.joined(separator: ", ")
      }
      throw ProfileMergeError(
        description: "the files measure different things and do not merge — "
          + described.joined(separator: "; "))
    }
    var merged: [Profile] = []
    for metric in common {
      let parts = all.map { list in
        list.first { $0.metric == metric } ?? list[0]
      }
      var stacks = parts[0].stacks!
      for part in parts.dropFirst() { stacks.append(part.stacks!) }
      var profile = Profile(
        stacks: stacks, weightUnit: metric.unit, sources: profiles.flatMap(\.sources),
        kind: profiles.allSatisfy { $0.kind == .timeline } ? .timeline : .stacks,
        producer: producers(of: profiles), warnings: profiles.flatMap(\.warnings),
        metricName: metric.name)
      // Group frames stay only when every file has them at the same depth.
      let depths = Set(parts.map(\.groupDepth))
      profile.groupDepth = depths.count == 1 ? depths.first! : 0
      merged.append(profile)
    }
    let wanted = first.metric
    return Profile.measured(by: merged, defaultPosition: common.firstIndex(of: wanted) ?? 0)
  }

  /// The producers of the files, each named once in file order ("py-spy@0.4.3 + austin
  /// 3.7.0"); nil when none is known.
  private static func producers(of profiles: [Profile]) -> String? {
    var names: [String] = []
    for name in profiles.compactMap(\.producer) where !names.contains(name) {
      names.append(name)
    }
    return names.isEmpty ? nil : names.joined(separator: " + ")
  }
}
