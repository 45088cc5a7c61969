import ProfileModel

/// The input formats flamewalk reads, and how a file's format is recognised from its first
/// bytes.
public enum InputFormat: String, Sendable, CaseIterable {
  case auto, pstats, folded

  /// The format of a file's content: a marshal dict is pstats (`{` or `{` with FLAG_REF,
  /// followed by a type code); JSON is refused for now; other text is folded stacks.
  public static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> InputFormat? {
    guard let first = bytes.first else { return .pstats }
    if first == 0x7B || first == 0xFB {
      let second = bytes.count > 1 ? bytes[1] : 0
      if first == 0x7B
        && (second == UInt8(ascii: "\"") || second == 0x20 || second == 0x0A || second == 0x0D
          || second == 0x09)
      {
        return nil
      }
      return .pstats
    }
    if first == UInt8(ascii: "[") { return nil }
    return .folded
  }

  /// Reads `paths` in `format` (sniffed per file when `.auto`); several pstats files merge
  /// as `pstats.Stats(a, b, …)` does, several folded files add up their stacks.
  public static func load(_ paths: [String], format: InputFormat) throws(InputError) -> Profile {
    var pstats: [Profile] = []
    var folded: FoldedImporter?
    for path in paths {
      let file = try InputFile(path: path)
      var kind = format
      if kind == .auto {
        guard let sniffed = file.withBytes({ sniff($0) }) else {
          throw InputError(
            .unsupported, .offset(0),
            "JSON profiles (speedscope, Chrome trace) are not supported yet", path: path)
        }
        kind = sniffed
      }
      switch kind {
      case .pstats, .auto:
        pstats.append(
          try file.withBytes { (bytes) throws(InputError) in
            do throws(InputError) {
              return try PstatsImporter.decode(
                bytes, source: ProfileSource(path: path, modified: file.modified))
            } catch {
              var named = error
              named.path = path
              throw named
            }
          })
      case .folded:
        if folded == nil { folded = FoldedImporter() }
        try folded!.add(file)
      }
    }
    if let folded {
      guard pstats.isEmpty else {
        throw InputError(.unsupported, .none, "cannot merge pstats files with folded stacks")
      }
      return try folded.profile()
    }
    do {
      return try Profile.merged(pstats)
    } catch {
      throw InputError(.schema, .none, "\(error)")
    }
  }
}
