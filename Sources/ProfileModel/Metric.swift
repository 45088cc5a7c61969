/// One quantity a profile measures — wall time, CPU time, allocated bytes, instructions — by
/// the name its file gives it and the unit flamewalk shows it in.
public struct Metric: Sendable, Equatable {
  public var name: String
  public var unit: WeightUnit

  public init(name: String, unit: WeightUnit) {
    self.name = name
    self.unit = unit
  }
}

extension Profile {
  /// One profile of an input that several metrics measure: `profiles` holds one per metric
  /// in the file's order; the one at `defaultPosition` is returned, carrying the others.
  public static func measured(by profiles: [Profile], defaultPosition: Int) -> Profile {
    precondition(!profiles.isEmpty && profiles.indices.contains(defaultPosition))
    var placed = profiles
    for position in placed.indices {
      placed[position].metricPosition = position
      placed[position].otherMetrics = []
    }
    var chosen = placed[defaultPosition]
    chosen.otherMetrics = placed.enumerated().filter { $0.offset != defaultPosition }.map(\.element)
    return chosen
  }

  /// Every metric of the input, in the file's order.
  public var metrics: [Metric] { allMetricProfiles.map(\.metric) }

  /// The input under each of its metrics, in the file's order, this one included.
  private var allMetricProfiles: [Profile] {
    var this = self
    this.otherMetrics = []
    return (otherMetrics + [this]).sorted { $0.metricPosition < $1.metricPosition }
  }

  /// The same input measured by the metric at `position` (in `metrics` order).
  public func measured(byMetricAt position: Int) -> Profile {
    let all = allMetricProfiles
    guard all.indices.contains(position) else { return self }
    return Profile.measured(by: all, defaultPosition: position)
  }

  /// The same input measured by the metric called `name` (case does not matter), or nil
  /// when it has none of that name.
  public func measured(byMetricNamed name: String) -> Profile? {
    let wanted = name.lowercased()
    guard let position = metrics.firstIndex(where: { $0.name.lowercased() == wanted }) else {
      return nil
    }
    return measured(byMetricAt: position)
  }

  /// The same input measured by the next metric in the file's order (the first after the
  /// last); itself when it has one metric.
  public func measuredByNextMetric() -> Profile {
    measured(byMetricAt: (metricPosition + 1) % max(1, otherMetrics.count + 1))
  }
}
