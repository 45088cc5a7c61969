/// Point estimates that respect their bounds: shares are clamped into their intervals, and
/// what that moved is handed to the shares that still have room, in proportion to their
/// weights (docs/estimates.md, Estimates). A share already inside its
/// interval keeps its value unless others had to move.
struct BoundedShares {
  private static let rounds = 8

  /// Clamps `shares` into `lower...upper` and moves the difference toward `target` (their
  /// sum before clamping, normally) among the shares with room. Returns what could not be
  /// placed: positive when every share is at its upper bound, negative at its lower.
  static func fit(
    _ shares: inout [Double], lower: [Double], upper: [Double], weights: [Double],
    target: Double
  ) -> Double {
    for i in shares.indices { shares[i] = min(upper[i], max(lower[i], shares[i])) }
    var left = target - shares.reduce(0, +)
    for _ in 0..<rounds {
      let tolerance = CallTreeEstimator.relativeEpsilon * max(1, abs(target))
      guard abs(left) > tolerance else { return 0 }
      let raising = left > 0
      var weightSum = 0.0
      var roomSum = 0.0
      for i in shares.indices {
        let room = raising ? upper[i] - shares[i] : shares[i] - lower[i]
        guard room > 0 else { continue }
        weightSum += weights[i]
        roomSum += room
      }
      guard roomSum > 0 else { return left }
      var moved = 0.0
      for i in shares.indices {
        let room = raising ? upper[i] - shares[i] : shares[i] - lower[i]
        guard room > 0 else { continue }
        let part = weightSum > 0 ? weights[i] / weightSum : room / roomSum
        let step = min(room, abs(left) * part)
        shares[i] += raising ? step : -step
        moved += step
      }
      left += raising ? -moved : moved
    }
    return left
  }
}
