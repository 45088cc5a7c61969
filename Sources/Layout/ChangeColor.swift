import Explorer
import Screen

/// The colour of a frame whose time changed by `share` of the base run's total (-1 … 1),
/// the same in the terminal and in differential SVGs: a neutral grey within `noise`, else
/// warm for growth and cool for shrinkage, deeper as the change grows (full at a fifth of
/// the run). Warm is red, or orange for colour-blind eyes; cool is blue.
public enum ChangeColor {
  /// Changes smaller than this share of the base run are drawn neutral.
  public static let noise = 0.002

  public static func rgb(_ share: Double, colorblind: Bool) -> (red: Int, green: Int, blue: Int) {
    guard share.isFinite, abs(share) >= noise else { return (0xd8, 0xd8, 0xd8) }
    let depth = min(1, abs(share) / 0.2)
    let light = 225 - Int(depth * 150)
    if share < 0 { return (light, light, 255) }
    if colorblind { return (255, 160 + (light - 75) / 3, light / 3) }
    return (255, light, light)
  }
}

extension Theme {
  /// The style of a flame frame in diff mode: `ChangeColor` on the 256-colour palette, or —
  /// for themes without colour (mono) — reverse video for growth, underline for shrinkage.
  public func changeStyle(_ share: Double) -> TextStyle {
    if name == "mono" {
      let grew = share.isFinite ? share >= ChangeColor.noise : share > 0
      let shrank = share.isFinite && share <= -ChangeColor.noise
      return TextStyle(bold: grew, reverse: grew, underline: shrank)
    }
    let c = ChangeColor.rgb(share, colorblind: name == "colorblind")
    return TextStyle(
      foreground: .indexed(16),
      background: .indexed(ThemeColor.nearest(red: c.red, green: c.green, blue: c.blue)))
  }
}
