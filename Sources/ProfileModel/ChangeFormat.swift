import Foundation

/// How amounts of a comparison of two runs are written — by the diff report, the
/// differential SVG and the explorer's diff mode alike: times (bytes, counts) in one unit
/// fitted to the larger run, or percentages of each run's own total when the runs are
/// normalized; changes signed, and as a share of the base run's total.
public struct ChangeFormat: Sendable {
  /// The base run's total, in the units of the amounts (1 when normalized).
  public let baseTotal: Double
  public let normalized: Bool
  let format: TimeFormat

  public init(baseTotal: Double, newTotal: Double, unit: WeightUnit, normalized: Bool) {
    self.baseTotal = baseTotal
    self.normalized = normalized
    format = TimeFormat(largest: max(baseTotal, newTotal), unit: unit)
  }

  /// An amount: `12.3 ms`, or `4.20%` of its run when normalized.
  public func value(_ x: Double) -> String {
    normalized ? String(format: "%.2f%%", x * 100) : format.format(x)
  }

  /// A change with its sign: `+12.3 ms`, `-4.0 ms`, `±0.0 ms`.
  public func signed(_ x: Double) -> String {
    (x > 0 ? "+" : x < 0 ? "-" : "±") + value(abs(x))
  }

  /// A change as a percentage of the base run's total.
  public func percent(_ change: Double) -> Double {
    baseTotal > 0 ? change / baseTotal * 100 : (change == 0 ? 0 : .infinity)
  }

  /// A change as a signed percentage of the base run's total (`new` when it had none).
  public func share(_ x: Double) -> String {
    let p = percent(x)
    return p.isFinite ? String(format: "%+.1f%%", p) : "new"
  }
}
