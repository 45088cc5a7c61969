/// A terminal colour: the terminal's default, or an index into the 256-colour palette
/// (0–15 are the 16 basic colours).
public enum ThemeColor: Hashable, Sendable {
  case terminalDefault
  case indexed(UInt8)

  /// The 16 basic colours by name, as theme files spell them.
  public static let names: [String: UInt8] = [
    "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6,
    "white": 7, "bright-black": 8, "bright-red": 9, "bright-green": 10, "bright-yellow": 11,
    "bright-blue": 12, "bright-magenta": 13, "bright-cyan": 14, "bright-white": 15,
  ]

  /// The nearest colour of the 6×6×6 cube and grey ramp of the 256-colour palette.
  public static func nearest(red: Int, green: Int, blue: Int) -> UInt8 {
    func level(_ v: Int) -> Int { v < 48 ? 0 : (v < 115 ? 1 : (v - 35) / 40) }
    let (r, g, b) = (level(red), level(green), level(blue))
    let cube = 16 + 36 * r + 6 * g + b
    let steps = [0, 95, 135, 175, 215, 255]
    let cubeDistance =
      (steps[r] - red) * (steps[r] - red) + (steps[g] - green) * (steps[g] - green)
      + (steps[b] - blue) * (steps[b] - blue)
    let average = (red + green + blue) / 3
    let grey = min(23, max(0, (average - 8) / 10))
    let greyValue = 8 + 10 * grey
    let greyDistance =
      (greyValue - red) * (greyValue - red) + (greyValue - green) * (greyValue - green)
      + (greyValue - blue) * (greyValue - blue)
    return UInt8(greyDistance < cubeDistance ? 232 + grey : cube)
  }
}

/// Colours and attributes of one kind of text.
public struct TextStyle: Hashable, Sendable {
  public var foreground: ThemeColor = .terminalDefault
  public var background: ThemeColor = .terminalDefault
  public var bold = false
  public var dim = false
  public var reverse = false
  public var underline = false
  public var italic = false

  public init(
    foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
    bold: Bool = false, dim: Bool = false, reverse: Bool = false, underline: Bool = false,
    italic: Bool = false
  ) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
    self.dim = dim
    self.reverse = reverse
    self.underline = underline
    self.italic = italic
  }
}
