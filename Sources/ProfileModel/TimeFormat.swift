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
    case .seconds: return FixedDecimal.text(x, digits: 3) + " s"
    case .milliseconds: return FixedDecimal.text(x * 1e3, digits: 3) + " ms"
    case .microseconds: return FixedDecimal.text(x * 1e6, digits: 1) + " µs"
    // A count is whole unless it is an estimate's share; one that rounds to a whole number
    // at two decimals (53.999999 from summed shares) reads as that number.
    case .samples: return FixedDecimal.text(x, digits: abs(x - x.rounded()) < 0.005 ? 0 : 2)
    case .bytes: return Self.bytes(x)
    }
  }

  /// How far an estimate can be off, in this format — or, when that would print as zero, in
  /// a unit of time fine enough to show it: a band of 31 µs on a 3.2 s node reads
  /// `31.0 µs`, not `0.000 s`.
  public func spread(_ x: Double) -> String {
    let text = format(x)
    let isTime = unit == .seconds || unit == .milliseconds || unit == .microseconds
    guard isTime, x > 0, text == format(0) else { return text }
    return TimeFormat(largest: x, unit: .seconds).format(x)
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
    if index == 0 { return FixedDecimal.text(value, digits: 0) + " B" }
    return FixedDecimal.text(value, digits: abs(value) < 10 ? 2 : 1) + " " + units[index]
  }
}
