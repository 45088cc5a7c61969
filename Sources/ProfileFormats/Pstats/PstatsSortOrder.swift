import ProfileModel

/// A `pstats.Stats.sort_stats` order: the sort keys pstats accepts (and every unique prefix
/// of them, computed as `get_sort_arg_defs` does), or the integers -1, 0, 1, 2.
public struct PstatsSortOrder: Sendable, Equatable {
  /// The fields of pstats' sort tuple `(cc, nc, tt, ct, file, line, name, stdname)`.
  public enum Field: Int, Sendable {
    case primitiveCalls, calls, internalTime, cumulativeTime, file, line, name, standardName
  }

  public var fields: [(field: Field, direction: Int)]
  /// The text pstats prints after "Ordered by: ".
  public var description: String

  public static func == (a: Self, b: Self) -> Bool {
    a.description == b.description
      && a.fields.map { "\($0.field)\($0.direction)" }
        == b.fields.map { "\($0.field)\($0.direction)" }
  }

  private static let definitions: [(word: String, fields: [(Field, Int)], description: String)] = [
    ("calls", [(.calls, -1)], "call count"),
    ("ncalls", [(.calls, -1)], "call count"),
    ("cumtime", [(.cumulativeTime, -1)], "cumulative time"),
    ("cumulative", [(.cumulativeTime, -1)], "cumulative time"),
    ("filename", [(.file, 1)], "file name"),
    ("line", [(.line, 1)], "line number"),
    ("module", [(.file, 1)], "file name"),
    ("name", [(.name, 1)], "function name"),
    ("nfl", [(.name, 1), (.file, 1), (.line, 1)], "name/file/line"),
    ("pcalls", [(.primitiveCalls, -1)], "primitive call count"),
    ("stdname", [(.standardName, 1)], "standard name"),
    ("time", [(.internalTime, -1)], "internal time"),
    ("tottime", [(.internalTime, -1)], "internal time"),
  ]

  /// Every word pstats accepts, mapped to its definition: full keys and the prefixes that
  /// no other key claimed first (so `cu` works and `cum` does not, exactly as in pstats).
  public static let acceptedWords: [String: Int] = {
    var accepted: [String: Int] = [:]
    var ambiguous: Set<String> = []
    for (i, definition) in definitions.enumerated() {
      var fragment = definition.word
      while !fragment.isEmpty {
        if accepted[fragment] != nil {
          ambiguous.insert(fragment)
          break
        }
        accepted[fragment] = i
        fragment.removeLast()
      }
    }
    for word in ambiguous { accepted[word] = nil }
    return accepted
  }()

  /// The order for `sort_stats(*words)`, or nil when a word is not a key pstats accepts.
  public init?(_ words: [String]) {
    guard !words.isEmpty else { return nil }
    var words = words
    if words.count == 1, let number = Int(words[0]) {
      let mapped = [-1: "stdname", 0: "calls", 1: "time", 2: "cumulative"]
      guard let word = mapped[number] else { return nil }
      words = [word]
    } else if words.count > 1, words.contains(where: { Int($0) != nil }) {
      return nil
    }
    var fields: [(Field, Int)] = []
    var descriptions: [String] = []
    for word in words {
      guard let i = Self.acceptedWords[word] else { return nil }
      fields += Self.definitions[i].fields
      descriptions.append(Self.definitions[i].description)
    }
    self.fields = fields.map { (field: $0.0, direction: $0.1) }
    description = descriptions.joined(separator: ", ")
  }

  /// The full key names, for help and error messages.
  public static var keyNames: [String] { definitions.map(\.word) }
}
