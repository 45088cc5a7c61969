import ProfileFormats
import ProfileModel

/// Loads the profile files a command names: each is read, its warnings go to stderr, and
/// several files merge as `pstats.Stats(a, b, …)` merges them.
enum ProfileLoading {
  static func load(_ paths: [String]) throws -> Profile {
    var profiles: [Profile] = []
    for path in paths {
      let profile = try PstatsImporter.read(path: path)
      for warning in profile.warnings { Diagnostics.warning(path, warning) }
      profiles.append(profile)
    }
    do {
      return try Profile.merged(profiles)
    } catch let error as ProfileMergeError {
      throw InputError(.schema, .none, error.description)
    }
  }
}
