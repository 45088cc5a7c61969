import Foundation

/// Formats times for people: seconds in a unit fitted to the largest value, or sample counts
/// for stack profiles.
public struct TimeFormat: Sendable {
  /// The unit all times of one view are shown in.
  public enum Unit: Sendable { case seconds, milliseconds, microseconds, samples }
  public let unit: Unit

  public init(largest: Double, samples: Bool) {
    if samples {
      unit = .samples
    } else if largest >= 1 {
      unit = .seconds
    } else if largest >= 1e-3 {
      unit = .milliseconds
    } else {
      unit = .microseconds
    }
  }

  public func format(_ x: Double) -> String {
    switch unit {
    case .seconds: return String(format: "%.3f s", x)
    case .milliseconds: return String(format: "%.3f ms", x * 1e3)
    case .microseconds: return String(format: "%.1f µs", x * 1e6)
    case .samples: return x == x.rounded() ? String(format: "%.0f", x) : String(format: "%.2f", x)
    }
  }
}
