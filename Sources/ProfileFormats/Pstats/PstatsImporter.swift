import ProfileModel

/// Reads pstats files — the marshal dumps written by cProfile, `profile`, `pstats`, yappi and
/// Python 3.15's profilers, from Python 2.x or 3.x — into a `Profile` (spec Part A).
public enum PstatsImporter: Sendable {
  /// Reads and decodes the file at `path`; errors name the file.
  public static func read(path: String) throws(InputError) -> Profile {
    do {
      let file = try InputFile(path: path)
      let source = ProfileSource(path: path, modified: file.modified)
      return try file.withBytes { (bytes) throws(InputError) in
        try decode(bytes, source: source)
      }
    } catch {
      var named = error
      named.path = path
      throw named
    }
  }

  /// Decodes a pstats file held in memory.
  public static func decode(_ bytes: [UInt8], source: ProfileSource) throws(InputError)
    -> Profile
  {
    let result: Result<Profile, InputError> = bytes.withUnsafeBufferPointer { buffer in
      do throws(InputError) {
        return .success(try decode(buffer, source: source))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// Decodes pstats bytes. The root dict is streamed; in the rare file that shares
  /// containers between functions the streaming reader cannot follow, it decodes again
  /// keeping every value.
  public static func decode(_ buffer: UnsafeBufferPointer<UInt8>, source: ProfileSource)
    throws(InputError) -> Profile
  {
    var streaming = true
    while true {
      var schema = PstatsSchema(reader: MarshalReader(bytes: buffer), streaming: streaming)
      do throws(InputError) {
        return try schema.read(source: source)
      } catch {
        guard streaming, schema.reader.neededDiscardedContainer else { throw error }
        streaming = false
      }
    }
  }
}
