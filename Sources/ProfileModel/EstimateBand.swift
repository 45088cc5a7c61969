/// How the bounds of an estimated frame read, in the tree text, the views and the status line
/// alike: how far its time can be from the estimate, and the range `lo .. hi` — left out when
/// both ends print alike at the view's precision (a band narrower than the last digit shown,
/// which would read as a band of zero).
public struct EstimateBand: Sendable, Equatable {
  /// The farther bound's distance from the estimate (`TimeFormat.spread`).
  public let spread: String
  /// `lo .. hi`, or nil when the two ends print alike.
  public let range: String?

  /// The band of `node`; nil for exact frames and nodes without bounds.
  public init?(_ node: Int, in tree: CallTree, format: TimeFormat) {
    guard tree.isFunctionFrame(node), tree.hasBounds(node), !tree.isExact(node) else {
      return nil
    }
    self.init(
      lower: tree.lower[node], upper: tree.upper[node], estimate: tree.total[node],
      format: format)
  }

  /// The band `lower...upper` around `estimate`.
  public init(lower: Double, upper: Double, estimate: Double, format: TimeFormat) {
    spread = format.spread(max(estimate - lower, upper - estimate))
    let (low, high) = (format.format(lower), format.format(upper))
    range = low == high ? nil : "\(low) .. \(high)"
  }

  /// `lo .. hi`, or `± spread` when the ends print alike.
  public var text: String { range ?? "± " + spread }

  /// `[est. lo .. hi]`, or `[est. ± spread]` when the ends print alike.
  public var label: String { "[est. \(text)]" }
}
