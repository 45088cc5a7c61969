import ProfileModel

/// `m`: the same input under its next metric (austin's wall and CPU time and memory,
/// callgrind's events, pprof's sample types); `T`: the threads (processes, profiles) of a
/// stack profile merged into one tree, or apart again. Either way the tree is built anew;
/// the view, its options and the selected call path carry over.
extension ExplorerState {
  mutating func switchToNextMetric() {
    guard !profile.otherMetrics.isEmpty else {
      message = "this profile has one metric: \(profile.metric.name)"
      return
    }
    let next = profile.measuredByNextMetric()
    let count = profile.otherMetrics.count + 1
    replaceProfile(
      with: next,
      message:
        "metric: \(next.metric.name) (\(next.metricPosition + 1) of \(count)) — m for the next")
  }

  mutating func toggleGroups() {
    if profile.groupsMerged, let grouped = groupedProfile {
      let apart = grouped.measured(byMetricAt: profile.metricPosition)
      replaceProfile(with: apart, message: "threads apart: one top-level node each — T merges them")
      return
    }
    guard profile.hasGroups else {
      message = "nothing to merge: the profile has one thread (or is a caller graph)"
      return
    }
    let original = profile
    replaceProfile(
      with: profile.mergingGroups(),
      message: "threads merged into one tree — T shows them apart")
    groupedProfile = original
  }

  /// Shows `newProfile` in place of the current one: a new tree, the same view, options and
  /// (as far as the new tree has it) the same selected call path, by function names.
  private mutating func replaceProfile(with newProfile: Profile, message text: String) {
    var next = ExplorerState(
      profile: newProfile,
      tree: CallTreeBuilder.tree(for: newProfile, parameters: treeParameters),
      width: width, height: height, gapThresholds: gapThresholds,
      treeParameters: treeParameters)
    next.keyMap = keyMap
    next.flipped = flipped
    next.showPercent = showPercent
    next.treeSort = treeSort
    next.functionSort = functionSort
    next.groupedProfile = groupedProfile
    next.libraryFrames = libraryFrames
    let path = tree.path(to: selection).compactMap {
      tree.isFunctionFrame($0) ? tree.name($0) : nil
    }
    var node = next.tree.top
    for name in path {
      if let child = next.tree.expand(node).first(where: { next.tree.name($0) == name }) {
        next.expanded.insert(node)
        node = child
        continue
      }
      // Threads apart again: the path goes on under the heaviest thread that has it. (A
      // thread frame that a merged tree no longer has is skipped.)
      for group in next.tree.expand(node) {
        guard let child = next.tree.expand(group).first(where: { next.tree.name($0) == name })
        else { continue }
        next.expanded.formUnion([node, group])
        node = child
        break
      }
    }
    if node != next.tree.top { next.select(node, reveal: true) }
    if librariesHidden { next.toggleLibraryFrames() }
    next.switchTo(view == .source ? .flame : view)
    next.message = text
    self = next
  }
}
