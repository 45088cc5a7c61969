import ProfileModel

/// pstats as an importer: recognised by its marshalled dict, read and merged as
/// `pstats.Stats(a, b, …)` does.
extension PstatsImporter: ProfileImporter {
  public static let format = InputFormat.pstats
  public static let summary = "pstats (cProfile, profile, yappi; Python 2 and 3)"
  public static let fileExtensions = ["prof", "pstats", "pstat", "cprof", "profile", "stats"]

  /// The type codes of marshal (spec A.2), without the FLAG_REF bit.
  static let marshalTypeCodes = Set("0NTF.SifgIlxyszutaAZrR()[{<>:c?".utf8)

  /// A marshalled dict: flagged `{` (every Python 3 pstats file), or a plain `{` (Python 2,
  /// old marshal versions) whose first key opens a tuple, or that is empty.
  public static func recognize(_ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool)
    -> Recognition
  {
    guard let first = prefix.first else { return isWholeInput ? .no : .needMoreBytes }
    if first == 0xFB { return .yes }
    guard first == UInt8(ascii: "{") else { return .no }
    guard prefix.count > 1 else { return isWholeInput ? .yes : .needMoreBytes }
    let keyOpeners: Set<UInt8> = [0x28, 0x29, 0xA8, 0xA9, 0x30]
    return keyOpeners.contains(prefix[1]) ? .yes : .no
  }

  public static func read(_ files: [InputFile]) throws(InputError) -> Profile {
    var profiles: [Profile] = []
    for file in files {
      profiles.append(
        try file.withBytes { (bytes) throws(InputError) in
          do throws(InputError) {
            return try decode(
              bytes, source: ProfileSource(path: file.path, modified: file.modified))
          } catch {
            var named = error
            named.path = file.path
            throw named
          }
        })
    }
    do {
      return try Profile.merged(profiles)
    } catch {
      throw InputError(.schema, .none, "\(error)")
    }
  }

  /// For input no importer claims: when it is marshal data after all — one whole marshal
  /// value (`N`, a tuple, a list), or values nested too deep to read — the pstats error that
  /// says what its root holds instead of a dict. Nil when it does not read as marshal data.
  static func nonDictRootError(_ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool)
    -> InputError?
  {
    guard let first = prefix.first, marshalTypeCodes.contains(first & 0x7F) else { return nil }
    var probe = MarshalReader(bytes: prefix)
    do {
      _ = try probe.readValue(depth: 1)
      guard isWholeInput && probe.position == prefix.count else { return nil }
    } catch {
      guard error.category == .tooDeep else { return nil }
    }
    do {
      _ = try decode(prefix, source: ProfileSource(path: "", modified: nil))
      return nil
    } catch {
      return error
    }
  }
}
