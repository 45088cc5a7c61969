import Explorer
import Screen

/// A cell grid as text with ANSI SGR escapes (256 colours), for `snapshot --ansi`.
public enum AnsiText {
  public static func render(_ grid: CellGrid) -> String {
    var out = ""
    for y in 0..<grid.height {
      var current: TextStyle?
      for x in 0..<grid.width {
        let cell = grid[x, y]
        if cell.isContinuation { continue }
        if cell.style != current {
          out += sgr(cell.style)
          current = cell.style
        }
        out.unicodeScalars.append(cell.scalar)
      }
      out += "\u{1b}[0m\n"
    }
    return out
  }

  static func sgr(_ style: TextStyle) -> String {
    var codes = ["0"]
    if style.bold { codes.append("1") }
    if style.dim { codes.append("2") }
    if style.italic { codes.append("3") }
    if style.underline { codes.append("4") }
    if style.reverse { codes.append("7") }
    if case .indexed(let n) = style.foreground { codes.append("38;5;\(n)") }
    if case .indexed(let n) = style.background { codes.append("48;5;\(n)") }
    return "\u{1b}[" + codes.joined(separator: ";") + "m"
  }
}
