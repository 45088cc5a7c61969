import Screen

/// The one table from keys to actions. The help overlay is generated from it, so the two
/// cannot drift apart.
public struct KeyMap: Sendable {
  public let bindings: [(keys: [Key], action: Action)]
  private let lookup: [Key: Action]

  public init(_ bindings: [(keys: [Key], action: Action)]) {
    self.bindings = bindings
    var lookup: [Key: Action] = [:]
    for (keys, action) in bindings {
      for key in keys where lookup[key] == nil { lookup[key] = action }
    }
    self.lookup = lookup
  }

  public func action(for key: Key) -> Action? {
    if case .resize(let width, let height) = key { return .resize(width: width, height: height) }
    return lookup[key]
  }

  private static func c(_ s: Unicode.Scalar) -> Key { .character(s) }

  /// The default bindings (docs/keys.md lists them with what they do).
  public static let standard = KeyMap([
    ([.up, c("k")], .moveUp),
    ([.down, c("j")], .moveDown),
    ([.left, c("h")], .moveLeft),
    ([.right, c("l")], .moveRight),
    ([.pageUp, .control("b")], .pageUp),
    ([.pageDown, .control("f")], .pageDown),
    ([.end], .last),
    ([.enter], .zoomIn),
    ([.escape, .backspace, c("u")], .zoomOut),
    ([c("0")], .zoomReset),
    ([.home], .first),
    ([c(" ")], .toggleExpand),
    ([c("e")], .expandHotPath),
    ([c("E")], .expandAll),
    ([c("C")], .collapseAll),
    ([c("/")], .startSearch),
    ([c("*")], .searchSelected),
    ([c("n")], .nextMatch),
    ([c("N")], .previousMatch),
    ([c("g")], .nextGap),
    ([c("G")], .previousGap),
    ([.tab], .switchView),
    ([.backTab], .previousView),
    ([c("1")], .showView(.flame)),
    ([c("2")], .showView(.tree)),
    ([c("3")], .showView(.functions)),
    ([c("4")], .showView(.callers)),
    ([c("5")], .showView(.gaps)),
    ([c("6")], .showView(.inverted)),
    ([c("7")], .showView(.sandwich)),
    ([c("8")], .showView(.timeOrder)),
    ([c("+"), c("=")], .zoomTimeIn),
    ([c("-")], .zoomTimeOut),
    ([c("<"), c(",")], .panEarlier),
    ([c(">"), c(".")], .panLater),
    ([c("c")], .showCallers),
    ([c("v")], .showSource),
    ([c("f")], .flip),
    ([c("%")], .togglePercent),
    ([c("r")], .toggleRecursion),
    ([c("s")], .cycleSort),
    ([c("m")], .cycleMetric),
    ([c("T")], .toggleGroups),
    ([c("i")], .toggleLibraries),
    ([c("d")], .toggleNormalized),
    ([c("x")], .export),
    ([c("?"), .function(1)], .help),
    ([c("q"), .control("c")], .quit),
  ])
}
