/// A function's identity as profilers record it: file name, line number and name, with both
/// strings interned in the profile's `StringTable`.
/// (The two ids come first, so that a key takes 16 bytes, not 24.)
public struct FunctionKey: Hashable, Sendable {
  public var file: Int32
  public var name: Int32
  public var line: Int64

  public init(file: Int32, line: Int64, name: Int32) {
    self.file = file
    self.line = line
    self.name = name
  }
}

/// A function's identity with its strings resolved.
public struct FunctionName: Hashable, Sendable {
  public var file: String
  public var line: Int64
  public var name: String

  public init(file: String, line: Int64, name: String) {
    self.file = file
    self.line = line
    self.name = name
  }

  /// pstats' `func_std_string`: `{built-in method x}` for `('~', 0, '<built-in method x>')`,
  /// otherwise `file:line(name)`.
  public var standardString: String {
    if file == "~" && line == 0 {
      if name.hasPrefix("<") && name.hasSuffix(">") && name.unicodeScalars.count >= 2 {
        return "{" + String(name.unicodeScalars.dropFirst().dropLast()) + "}"
      }
      return name
    }
    return "\(file):\(line)(\(name))"
  }
}

extension FunctionName {
  /// The name to show: the function name, or pstats' `{…}` form for C functions.
  public var displayName: String {
    file == "~" && line == 0 ? standardString : name
  }

  /// `file:line`, the file alone when the line is unknown, or empty for bare frames.
  public var location: String {
    if file.isEmpty || (file == "~" && line == 0) { return "" }
    return line > 0 ? "\(file):\(line)" : file
  }

  /// `location` without the file's directories: `loaders.py:137`.
  public var shortLocation: String {
    var short = self
    short.file = Self.baseName(file)
    return short.location
  }

  /// A path's last component, as pstats' `strip_dirs` keeps it (`os.path.basename`).
  public static func baseName(_ path: String) -> String {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
    return String(path[path.utf8.index(after: slash)...])
  }
}
