/// One screen cell: a character and its style. The right half of a wide character is a
/// continuation cell.
public struct Cell: Equatable, Sendable {
  public var scalar: Unicode.Scalar
  public var style: TextStyle
  public var isContinuation: Bool

  public init(
    _ scalar: Unicode.Scalar = " ", style: TextStyle = TextStyle(), isContinuation: Bool = false
  ) {
    self.scalar = scalar
    self.style = style
    self.isContinuation = isContinuation
  }
}

/// A screen's worth of cells: what a frame of the explorer looks like, before any terminal
/// sees it. Views render into it; the terminal backend flushes the cells that changed; tests
/// compare its text with golden screens.
public struct CellGrid: Equatable, Sendable {
  public let width: Int
  public let height: Int
  public private(set) var cells: [Cell]

  public init(width: Int, height: Int, style: TextStyle = TextStyle()) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = [Cell](repeating: Cell(style: style), count: self.width * self.height)
  }

  public subscript(x: Int, y: Int) -> Cell {
    get { cells[y * width + x] }
    set { cells[y * width + x] = newValue }
  }

  /// Fills `count` cells of row `y` from `x` with spaces in `style`.
  public mutating func fill(
    x: Int, y: Int, count: Int, style: TextStyle, with scalar: Unicode.Scalar = " "
  ) {
    guard y >= 0 && y < height else { return }
    for column in max(0, x)..<min(width, x + count) {
      cells[y * width + column] = Cell(scalar, style: style)
    }
  }

  /// Writes `text` at (`x`, `y`) in at most `limit` columns (cut with `…` when it does not
  /// fit) and returns the number of columns used. Control characters never get in: text
  /// from a profile is escaped before it is drawn.
  @discardableResult
  public mutating func write(
    _ text: String, x: Int, y: Int, style: TextStyle, limit: Int = .max
  ) -> Int {
    guard y >= 0 && y < height && x < width else { return 0 }
    let available = min(limit, width - x)
    guard available > 0 else { return 0 }
    let fitted = TextFit.fit(text, width: available)
    var column = x
    for scalar in fitted {
      let w = DisplayWidth.of(scalar)
      if w == 0 { continue }
      guard column + w <= x + available, column >= 0 else { break }
      cells[y * width + column] = Cell(scalar, style: style)
      if w == 2 { cells[y * width + column + 1] = Cell(" ", style: style, isContinuation: true) }
      column += w
    }
    return column - x
  }

  /// The grid's text, one line per row, trailing spaces removed.
  public var text: String {
    var lines: [String] = []
    for y in 0..<height {
      var line = String.UnicodeScalarView()
      for x in 0..<width where !self[x, y].isContinuation { line.append(self[x, y].scalar) }
      var s = String(line)
      while s.last == " " { s.removeLast() }
      lines.append(s)
    }
    return lines.joined(separator: "\n")
  }

}

/// Display widths of characters, as a terminal lays them out: 0 for combining marks, 2 for
/// East Asian wide and fullwidth characters and emoji, 1 otherwise.
public enum DisplayWidth {
  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v < 0x300 { return v < 0x20 || (v >= 0x7F && v < 0xA0) ? 0 : 1 }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v)
      || (0x3041...0x33FF).contains(v)
      || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v)
      || (0xA000...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
      || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
      || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
      || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v)
      || (0x20000...0x3FFFD).contains(v)
    {
      return 2
    }
    return 1
  }

  public static func of(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { $0 + of($1) }
  }
}

/// Cuts text to a number of columns, ending with `…` when it had to cut.
public enum TextFit {
  public static func fit(_ text: String, width: Int) -> [Unicode.Scalar] {
    guard width > 0 else { return [] }
    if DisplayWidth.of(text) <= width { return Array(text.unicodeScalars) }
    var result: [Unicode.Scalar] = []
    var used = 0
    for scalar in text.unicodeScalars {
      let w = DisplayWidth.of(scalar)
      if used + w > width - 1 { break }
      result.append(scalar)
      used += w
    }
    result.append("…")
    return result
  }

  /// Right-aligns text in `width` columns (cut when longer).
  public static func right(_ text: String, _ width: Int) -> String {
    let w = DisplayWidth.of(text)
    return w >= width
      ? String(String.UnicodeScalarView(fit(text, width: width)))
      : String(repeating: " ", count: width - w) + text
  }
}
