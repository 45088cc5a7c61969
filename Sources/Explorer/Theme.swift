import Foundation
import Screen
import TOMLKit

/// What a piece of the screen is, so that the theme can give it a style.
public enum StyleRole: String, CaseIterable, Sendable {
  case normal, header, breadcrumb, status, message, prompt, selected, match, gap, recursion
  case pruned, unattributed, uncertain, dim
  case tableHeader = "table-header"
  case help
}

/// Why a theme file was refused; the description names the file and the problem.
public struct ThemeError: Error, CustomStringConvertible, Sendable {
  public var description: String
}

/// A colour theme: a style per role and the frame palette (one colour per package, stable
/// across runs). Read from TOML files like those in `themes/`.
public struct Theme: Sendable {
  public let name: String
  public let styles: [StyleRole: TextStyle]
  public let framePalette: [TextStyle]

  public func style(_ role: StyleRole) -> TextStyle { styles[role] ?? TextStyle() }

  /// The frame style of a package or module name: the same name, the same colour.
  public func frameStyle(forKey key: String) -> TextStyle {
    guard !framePalette.isEmpty else { return TextStyle() }
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
    return framePalette[Int(hash % UInt64(framePalette.count))]
  }

  public static let builtinNames = ["default", "light", "mono", "colorblind"]

  /// A built-in theme (compiled in), or nil for an unknown name.
  public static func builtin(_ name: String) -> Theme? {
    guard let text = BuiltinThemes.texts[name] else { return nil }
    return try? parse(text, source: "built-in theme \(name)")
  }

  /// The compiled-in default theme.
  public static let standard: Theme = builtin("default")!

  /// `--theme NAME|PATH`: a built-in name, or a file.
  public static func load(_ nameOrPath: String) throws -> Theme {
    if let theme = builtin(nameOrPath) { return theme }
    guard FileManager.default.fileExists(atPath: nameOrPath) else {
      throw ThemeError(
        description: "theme \(nameOrPath): no such file, and not a built-in theme ("
          + builtinNames.joined(separator: ", ") + ")")
    }
    let text: String
    do {
      text = try String(contentsOfFile: nameOrPath, encoding: .utf8)
    } catch {
      throw ThemeError(description: "theme \(nameOrPath): cannot be read as UTF-8 text")
    }
    return try parse(text, source: "theme \(nameOrPath)")
  }

  /// Reads a theme from TOML text; `source` names it in errors.
  public static func parse(_ text: String, source: String) throws -> Theme {
    let table: TOMLTable
    do {
      table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw ThemeError(
        description: "\(source): line \(error.source.begin.line): \(error.description)")
    }
    for key in table.keys where !["name", "frames", "styles"].contains(key) {
      throw ThemeError(description: "\(source): unknown key '\(key)'")
    }
    let name = table["name"]?.string ?? source
    var styles: [StyleRole: TextStyle] = [:]
    if let section = table["styles"] {
      guard let stylesTable = section.table else {
        throw ThemeError(description: "\(source): [styles] must be a table")
      }
      for key in stylesTable.keys {
        guard let role = StyleRole(rawValue: key) else {
          throw ThemeError(
            description: "\(source): unknown style '\(key)' (known: "
              + StyleRole.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        guard let spec = stylesTable[key]?.table else {
          throw ThemeError(description: "\(source): styles.\(key) must be a table")
        }
        styles[role] = try style(spec, "\(source): styles.\(key)")
      }
    }
    var palette: [TextStyle] = []
    if let frames = table["frames"]?.table {
      let foreground =
        try frames["fg"].map { try color($0, "\(source): frames.fg") } ?? .terminalDefault
      let reverse = frames["reverse"]?.bool ?? false
      for key in frames.keys where !["fg", "palette", "reverse"].contains(key) {
        throw ThemeError(
          description: "\(source): unknown key 'frames.\(key)' (fg, palette, reverse)")
      }
      guard let colors = frames["palette"]?.array else {
        throw ThemeError(description: "\(source): frames.palette must be a list of colours")
      }
      for value in colors {
        palette.append(
          TextStyle(
            foreground: foreground, background: try color(value, "\(source): frames.palette"),
            reverse: reverse))
      }
    }
    return Theme(name: name, styles: styles, framePalette: palette)
  }

  private static func style(_ table: TOMLTable, _ context: String) throws -> TextStyle {
    var style = TextStyle()
    for key in table.keys {
      let value = table[key]!
      switch key {
      case "fg": style.foreground = try color(value, "\(context).fg")
      case "bg": style.background = try color(value, "\(context).bg")
      case "bold", "dim", "reverse", "underline", "italic":
        guard let flag = value.bool else {
          throw ThemeError(description: "\(context).\(key) must be true or false")
        }
        switch key {
        case "bold": style.bold = flag
        case "dim": style.dim = flag
        case "reverse": style.reverse = flag
        case "underline": style.underline = flag
        default: style.italic = flag
        }
      default:
        throw ThemeError(
          description:
            "\(context): unknown attribute '\(key)' (fg, bg, bold, dim, reverse, underline, italic)"
        )
      }
    }
    return style
  }

  private static func color(_ value: TOMLValueConvertible, _ context: String) throws -> ThemeColor {
    if let n = value.int {
      guard (0...255).contains(n) else {
        throw ThemeError(description: "\(context): colour index \(n) is not in 0–255")
      }
      return .indexed(UInt8(n))
    }
    guard let text = value.string else {
      throw ThemeError(description: "\(context): a colour is a name, 0–255 or \"#rrggbb\"")
    }
    if text == "default" { return .terminalDefault }
    if let n = ThemeColor.names[text] { return .indexed(n) }
    if text.hasPrefix("#"), text.count == 7, let rgb = Int(text.dropFirst(), radix: 16) {
      return .indexed(
        ThemeColor.nearest(red: rgb >> 16 & 0xFF, green: rgb >> 8 & 0xFF, blue: rgb & 0xFF))
    }
    throw ThemeError(description: "\(context): unknown colour '\(text)'")
  }
}
