import ArgumentParser
import ProfileFormats
import ProfileModel

extension InputFormat: ExpressibleByArgument {}

/// Loads the profile files a command names: each is read (its format sniffed unless one is
/// given), its warnings go to stderr, and several files merge.
enum ProfileLoading {
  static func load(
    _ paths: [String], format: InputFormat = .auto, metric: String? = nil,
    mergeThreads: Bool = false
  ) throws -> Profile {
    var profile = try InputFormat.load(paths, format: format)
    for warning in profile.warnings {
      Diagnostics.warning(warning.path ?? profile.sources.first?.path ?? "", warning)
    }
    if mergeThreads { profile = profile.mergingGroups() }
    guard let metric else { return profile }
    guard let measured = profile.measured(byMetricNamed: metric) else {
      throw UsageError(
        message: "no metric '\(metric)' in \(paths.joined(separator: ", ")); it has "
          + profile.metrics.map { "'\($0.name)'" }.joined(separator: ", "))
    }
    return measured
  }
}
