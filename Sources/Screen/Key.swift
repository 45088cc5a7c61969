/// A key press or mouse event, as the terminal backend (or a snapshot's key list) reports it.
public enum Key: Hashable, Sendable {
  case character(Unicode.Scalar)
  case up, down, left, right, pageUp, pageDown, home, end
  case enter, escape, tab, backTab, backspace
  case function(Int)
  case control(Unicode.Scalar)
  case mouse(MouseEvent)
  case resize(width: Int, height: Int)

  /// The tmux `send-keys` name of a key (`Enter`, `C-a`, `F1`, …), or the typed character.
  public var name: String {
    switch self {
    case .character(" "): "Space"
    case .character(let c): String(c)
    case .up: "Up"
    case .down: "Down"
    case .left: "Left"
    case .right: "Right"
    case .pageUp: "PgUp"
    case .pageDown: "PgDn"
    case .home: "Home"
    case .end: "End"
    case .enter: "Enter"
    case .escape: "Esc"
    case .tab: "Tab"
    case .backTab: "S-Tab"
    case .backspace: "BSpace"
    case .function(let n): "F\(n)"
    case .control(let c): "C-\(c)"
    case .mouse: "mouse"
    case .resize: "resize"
    }
  }

  /// Parses a snapshot's key list: tmux `send-keys` names separated by spaces (Enter,
  /// Escape, Tab, BTab, Up, Down, Left, Right, PageUp/PgUp, PageDown/PgDn, Home, End,
  /// BSpace, Space, F1…F12, C-a…C-z); any other token is typed character by character.
  public static func parseList(_ text: String) -> [Key] {
    var keys: [Key] = []
    for token in text.split(separator: " ", omittingEmptySubsequences: true) {
      if let key = named(String(token)) {
        keys.append(key)
      } else {
        keys += token.unicodeScalars.map { Key.character($0) }
      }
    }
    return keys
  }

  static func named(_ token: String) -> Key? {
    switch token {
    case "Enter": return .enter
    case "Escape", "Esc": return .escape
    case "Tab": return .tab
    case "BTab": return .backTab
    case "Up": return .up
    case "Down": return .down
    case "Left": return .left
    case "Right": return .right
    case "PageUp", "PgUp", "PPage": return .pageUp
    case "PageDown", "PgDn", "NPage": return .pageDown
    case "Home": return .home
    case "End": return .end
    case "BSpace": return .backspace
    case "Space": return .character(" ")
    default: break
    }
    if token.hasPrefix("F"), let n = Int(token.dropFirst()), (1...12).contains(n) {
      return .function(n)
    }
    if token.hasPrefix("C-"), token.unicodeScalars.count == 3,
      let c = token.unicodeScalars.last, ("a"..."z").contains(c)
    {
      return .control(c)
    }
    return nil
  }
}

/// A mouse event at a screen cell.
public struct MouseEvent: Hashable, Sendable {
  /// What the mouse did.
  public enum Kind: Hashable, Sendable { case click, doubleClick, wheelUp, wheelDown }
  public var kind: Kind
  public var x: Int
  public var y: Int

  public init(_ kind: Kind, x: Int, y: Int) {
    self.kind = kind
    self.x = x
    self.y = y
  }
}
