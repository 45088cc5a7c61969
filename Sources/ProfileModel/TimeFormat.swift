import Foundation

/// Formats weights for people: seconds in a unit fitted to the largest value, bytes in binary
/// multiples, or plain counts (samples, events).
public struct TimeFormat: Sendable {
  /// The unit all values of one view are shown in.
  public enum Unit: Sendable { case seconds, milliseconds, microseconds, samples, bytes }
  public let unit: Unit

  /// The format for weights measured in `unit`, the largest being `largest`.
  public init(largest: Double, unit: WeightUnit) {
    switch unit {
    case .seconds where largest >= 1: self.unit = .seconds
    case .seconds where largest >= 1e-3: self.unit = .milliseconds
    case .seconds: self.unit = .microseconds
    case .bytes: self.unit = .bytes
    case .samples, .none: self.unit = .samples
    }
  }

  public func format(_ x: Double) -> String {
    switch unit {
    case .seconds: return String(format: "%.3f s", x)
    case .milliseconds: return String(format: "%.3f ms", x * 1e3)
    case .microseconds: return String(format: "%.1f µs", x * 1e6)
    case .samples: return x == x.rounded() ? String(format: "%.0f", x) : String(format: "%.2f", x)
    case .bytes: return Self.bytes(x)
    }
  }

  /// `512 B`, `3.4 KiB`, `12.0 MiB`, `1.50 GiB`: one decimal at most three digits long.
  static func bytes(_ x: Double) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    var value = x
    var index = 0
    while abs(value) >= 1024 && index < units.count - 1 {
      value /= 1024
      index += 1
    }
    if index == 0 { return String(format: "%.0f B", value) }
    return String(format: abs(value) < 10 ? "%.2f" : "%.1f", value) + " " + units[index]
  }
}
