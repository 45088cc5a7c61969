import Foundation

/// Finds functions by a regular expression over their names, with smart case (a pattern
/// with no capital letter ignores case).
public struct FunctionSearch: Sendable {
  public let pattern: String
  private let regex: NSRegularExpression

  public init(_ pattern: String) throws {
    self.pattern = pattern
    let caseless = pattern == pattern.lowercased()
    regex = try NSRegularExpression(
      pattern: pattern, options: caseless ? [.caseInsensitive] : [])
  }

  public func matches(_ text: String) -> Bool {
    regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
  }

  /// Whether function `f` matches — the one test the explorer's `/` and `tree --focus`
  /// share: its standard name (`file:line(name)`) or its name as the views show it, so
  /// `^convert$` finds `convert`.
  public func matches(function f: Int, in graph: CallGraph) -> Bool {
    let name = graph.name(of: f)
    return matches(name.standardString) || matches(name.displayName)
  }

  /// The matching function with the largest cumulative time, if any.
  public static func heaviest(matching pattern: String, in profile: Profile) throws -> Int? {
    let search = try FunctionSearch(pattern)
    let graph = profile.graph
    var best: Int?
    for f in 0..<graph.entryCount where search.matches(function: f, in: graph) {
      if best == nil || graph.ct[f] > graph.ct[best!] { best = f }
    }
    return best
  }
}
