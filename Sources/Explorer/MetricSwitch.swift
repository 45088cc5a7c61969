import ProfileModel

/// `m`: the same input under its next metric (austin's wall and CPU time and memory,
/// callgrind's events, pprof's sample types). The tree is built anew for that metric; the
/// view, its options and the selected call path carry over.
extension ExplorerState {
  mutating func switchToNextMetric() {
    guard !profile.otherMetrics.isEmpty else {
      message = "this profile has one metric: \(profile.metric.name)"
      return
    }
    let nextProfile = profile.measuredByNextMetric()
    var next = ExplorerState(
      profile: nextProfile,
      tree: CallTreeBuilder.tree(for: nextProfile, parameters: treeParameters),
      width: width, height: height, gapThresholds: gapThresholds,
      treeParameters: treeParameters)
    next.keyMap = keyMap
    next.mouseResolver = mouseResolver
    next.flipped = flipped
    next.showPercent = showPercent
    next.treeSort = treeSort
    next.functionSort = functionSort
    // The selected call path, by function names: as deep as the other metric's tree has it.
    let path = tree.path(to: selection).compactMap {
      tree.isFunctionFrame($0) ? tree.name($0) : nil
    }
    var node = next.tree.top
    for name in path {
      guard let child = next.tree.expand(node).first(where: { next.tree.name($0) == name }) else {
        break
      }
      next.expanded.insert(node)
      node = child
    }
    if node != next.tree.top { next.select(node, reveal: true) }
    next.switchTo(view == .source ? .flame : view)
    let count = profile.otherMetrics.count + 1
    next.message =
      "metric: \(nextProfile.metric.name) (\(nextProfile.metricPosition + 1) of \(count)) — m for the next"
    self = next
  }
}
