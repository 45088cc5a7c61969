/// The source view's file: its lines when one of the paths tried could be read.
public struct SourceText: Sendable {
  public var lines: [String]?
  public var path: String?
  public var tried: [String]

  public init(lines: [String]?, path: String?, tried: [String]) {
    self.lines = lines
    self.path = path
    self.tried = tried
  }
}
