import ProfileModel

/// Reads pstats files — the marshal dumps written by cProfile, `profile`, `pstats`, yappi and
/// Python 3.15's profilers, from Python 2.x or 3.x — into a `Profile` (spec Part A).
public enum PstatsImporter {
  /// Reads and decodes the file at `path`; errors name the file.
  public static func read(path: String) throws(InputError) -> Profile {
    do {
      let bytes = try InputFile.contents(of: path)
      return try decode(
        bytes, source: ProfileSource(path: path, modified: InputFile.modificationDate(path)))
    } catch var error as InputError {
      error.path = path
      throw error
    } catch {
      throw InputError(.unreadable, .none, "\(error)", path: path)
    }
  }

  /// Decodes a pstats file held in memory.
  public static func decode(_ bytes: [UInt8], source: ProfileSource) throws(InputError)
    -> Profile
  {
    let result: Result<Profile, InputError> = bytes.withUnsafeBufferPointer { buffer in
      Result { () throws(InputError) -> Profile in
        var reader = MarshalReader(bytes: buffer)
        let root = try reader.readValue(depth: 1)
        var schema = PstatsSchema(reader: reader)
        return try schema.profile(
          root: root, source: source, trailingBytes: reader.remaining)
      }
    }
    return try result.get()
  }
}
