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
      var streaming = true
      while true {
        var schema = PstatsSchema(reader: MarshalReader(bytes: buffer), streaming: streaming)
        do throws(InputError) {
          return .success(try schema.read(source: source))
        } catch {
          guard streaming, schema.reader.neededDiscardedContainer else { return .failure(error) }
          streaming = false
        }
      }
    }
    return try result.get()
  }
}
