import ProfileModel

/// The input formats flamewalk reads, as `--input-format` names them; `auto` recognises
/// each file from its first bytes (`ImporterRegistry`).
public enum InputFormat: String, Sendable, CaseIterable {
  case auto, pstats, folded, speedscope, cpuprofile, chrometrace, perf, pyinstrument, pyisession
  case austin, pprof, callgrind

  /// Reads `paths` in `format` (recognised per file when `.auto`); several files of one
  /// format merge, as `pstats.Stats(a, b, …)` merges pstats files and folded files add up.
  public static func load(_ paths: [String], format: InputFormat) throws(InputError) -> Profile {
    try ImporterRegistry.load(paths, format: format)
  }
}
