import ProfileModel

extension ExplorerState {
  /// The ranked gaps, computed once (expanding the tree) and kept.
  public mutating func rankedGaps() -> (gaps: [Gap], candidates: [Gap]) {
    if let ranking = gapRanking { return ranking }
    let ranking = tree.rankGaps(thresholds: gapThresholds)
    gapRanking = ranking
    return ranking
  }

  /// The ranked gaps when they have been computed (opening the gaps view or pressing `g`
  /// does), else none.
  public var gapList: (gaps: [Gap], candidates: [Gap]) { gapRanking ?? ([], []) }

  /// What `g` walks and the gaps view lists: the gaps, or — when none passes the
  /// thresholds — the 50 nodes with the most unexplained time.
  static func walkList(_ ranking: (gaps: [Gap], candidates: [Gap])) -> [Gap] {
    ranking.gaps.isEmpty ? Array(ranking.candidates.prefix(50)) : ranking.gaps
  }

  /// `walkList` of the gaps computed so far.
  public var gapWalkList: [Gap] { Self.walkList(gapList) }

  /// `g` / `G`: the next or previous gap in rank order; where no node passes the thresholds,
  /// the nodes with the most unexplained time, and the message says so.
  mutating func stepGap(_ step: Int) {
    // Gaps are found in the top-down tree: the inverted one (or its source view) leaves first.
    if invertedShown { switchTo(.flame) }
    let ranking = rankedGaps()
    let gaps = ranking.gaps
    let list = Self.walkList(ranking)
    guard !list.isEmpty else {
      message = "no unexplained time in this profile"
      return
    }
    gapIndex = (gapIndex + step + list.count) % list.count
    let gap = list[gapIndex]
    if view != .flame && view != .tree { switchTo(.flame) }
    select(gap.node, reveal: true)
    let name = tree.name(gap.node)?.displayName ?? ""
    let amount = timeFormat.format(gap.unexplained)
    if gaps.isEmpty {
      message =
        "no node passes the gap thresholds (\(Int(gapThresholds.share * 100))% of node, "
        + "\(gapThresholds.minimum * 100)% of total; lower with --gap-share/--gap-min): "
        + "\(gapIndex + 1)/\(list.count) most unexplained, \(amount) in \(name)"
    } else {
      message = "gap \(gapIndex + 1)/\(list.count): \(amount) unexplained in \(name)"
    }
  }
}
