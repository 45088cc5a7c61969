import ProfileModel

/// Why an input file could not be read: the category (from spec A.2.10 for pstats), where in
/// the file (a byte offset or a line number) and what was wrong. Its description is the one
/// line the command prints on stderr.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Where in the file the problem is.
  public enum Location: Sendable, Equatable {
    case offset(Int)
    case line(Int)
    case none
  }

  /// What kind of problem it is; the raw values are the categories of spec A.2.10.
  public enum Category: String, Sendable {
    case truncated
    case badLength = "bad-length"
    case badRef = "bad-ref"
    case unknownType = "unknown-type"
    case unsupported
    case tooDeep = "too-deep"
    case badValue = "bad-value"
    case schema
    case unreadable
  }

  public var category: Category
  public var location: Location
  public var message: String
  /// The file, once known.
  public var path: String?

  public init(_ category: Category, _ location: Location, _ message: String, path: String? = nil) {
    self.category = category
    self.location = location
    self.message = message
    self.path = path
  }

  /// The longest message printed whole: quoted input (a bad count, a name) can be
  /// megabytes long, and an error is one line a person reads.
  public static let messageLimit = 400

  static func shortened(_ message: String) -> String {
    guard message.count > messageLimit else { return message }
    return String(message.prefix(messageLimit)) + "… (\(message.utf8.count) bytes)"
  }

  public var description: String {
    var parts: [String] = []
    if let path { parts.append(path) }
    switch location {
    case .offset(let offset): parts.append("offset \(offset)")
    case .line(let line): parts.append("line \(line)")
    case .none: break
    }
    parts.append(category.rawValue)
    parts.append(Self.shortened(message))
    return parts.joined(separator: ": ")
  }
}

extension InputError {
  /// Stacks that took more frames to build than their limit (`StackSamples.frameLimit`):
  /// calls nest so deep, in a format that gives each call's stack by its depth (a tree, or
  /// calls opened and closed), that reading them whole would take minutes and gigabytes.
  static func requireWithinFrameLimit(pushed: Int, limit: Int) throws(InputError) {
    guard pushed > limit else { return }
    throw InputError(
      .tooDeep, .none,
      "calls nest too deep: their stacks take more than \(limit) frames "
        + "(each call's stack is as deep as the call)")
  }

  /// `requireWithinFrameLimit` for one set of stacks.
  static func requireWithinFrameLimit(_ samples: StackSamples) throws(InputError) {
    try requireWithinFrameLimit(pushed: samples.framesPushed, limit: samples.frameLimit)
  }

  /// A total of weights that is not a finite number (counts or times too large to add up)
  /// is bad input: no time could be shown. `what` names the weights ("the periods").
  static func requireFinite(_ total: Double, _ what: String, at location: Location = .none)
    throws(InputError)
  {
    guard total.isFinite else {
      throw InputError(.badValue, location, "\(what) add up to more than 1.8e308")
    }
  }
}
