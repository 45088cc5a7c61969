import ArgumentParser
import ProfileFormats
import ProfileModel

/// Options of every command that reads profiles: the input format, the metric, and whether
/// threads merge.
struct InputOptions: ParsableArguments {
  @Option(
    name: .customLong("input-format"),
    help: ArgumentHelp(
      "auto (recognised from the content) or one of — " + ImporterRegistry.formatHelp))
  var inputFormat: InputFormat = .auto

  @Option(
    help: ArgumentHelp(
      "The metric to use, for files that measure several (austin: wall time, cpu time, allocated, released; callgrind events; pprof sample types). Default: the file's own default."
    ))
  var metric: String?

  @Flag(
    name: .customLong("merge-threads"),
    help:
      "Merge the threads (processes, profiles) of a stack profile into one tree instead of a top-level node each."
  )
  var mergeThreads = false

  /// Loads `paths` with these options.
  func load(_ paths: [String]) throws -> Profile {
    try ProfileLoading.load(
      paths, format: inputFormat, metric: metric, mergeThreads: mergeThreads)
  }
}
