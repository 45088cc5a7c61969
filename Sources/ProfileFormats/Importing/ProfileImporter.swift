import ProfileModel

/// Whether the first bytes of an input are in an importer's format.
public enum Recognition: Sendable, Equatable {
  case yes, no
  /// The bytes seen so far could go either way; more are needed to tell.
  case needMoreBytes
}

/// One profile format flamewalk reads: how its files are recognised from their first bytes,
/// and how one or several of them become a `Profile`. `ImporterRegistry` lists them all.
public protocol ProfileImporter: Sendable {
  /// The format's name on the command line (`--input-format`).
  static var format: InputFormat { get }
  /// What the format is and who writes it, for messages and help.
  static var summary: String { get }
  /// File name extensions the format's files usually have (tie-breakers only).
  static var fileExtensions: [String] { get }
  /// Whether `prefix` — the first bytes of an input, or all of it when `isWholeInput` — is
  /// in this format. Never reads past `prefix`.
  static func recognize(_ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool) -> Recognition
  /// Reads the files (all in this format) into one profile; several files merge as the
  /// format's own tools merge them. Errors name the file they are about.
  static func read(_ files: [InputFile]) throws(InputError) -> Profile
  /// Reads one input held in memory (tests and fuzzing use this).
  static func decode(_ bytes: UnsafeBufferPointer<UInt8>, source: ProfileSource)
    throws(InputError) -> Profile
}

extension ProfileImporter {
  /// `read` for formats whose files do not merge: one file, decoded whole; errors name it.
  static func readOne(_ files: [InputFile], kind: String) throws(InputError) -> Profile {
    guard files.count == 1, let file = files.first else {
      throw InputError(
        .unsupported, .none, "\(kind) open one at a time", path: files.dropFirst().first?.path)
    }
    return try file.withBytes { (bytes) throws(InputError) in
      do throws(InputError) {
        return try decode(bytes, source: ProfileSource(path: file.path, modified: file.modified))
      } catch {
        var named = error
        named.path = file.path
        throw named
      }
    }
  }
}
