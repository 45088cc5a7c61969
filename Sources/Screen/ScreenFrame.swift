/// Where the parts of the explorer's screen go, for a terminal of a size: the header on the
/// first line, the view's rows below it, the status line and the bottom line (prompt,
/// message or hints) last. The one statement of the screen's geometry: the renderer draws
/// by it, mouse events are resolved by it, and the reducer pages by its view rows.
public struct ScreenFrame: Equatable, Sendable {
  public let width: Int
  public let height: Int

  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }

  /// The smallest screen the explorer draws on.
  public static let minimumWidth = 40
  public static let minimumHeight = 10

  /// Whether the terminal is too small to draw the explorer (a line says so instead).
  public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

  public var headerLine: Int { 0 }
  /// The view's first line.
  public var viewTop: Int { 1 }
  /// How many lines the view has.
  public var viewRows: Int { max(1, height - 3) }
  public var statusLine: Int { height - 2 }
  public var bottomLine: Int { height - 1 }
}
