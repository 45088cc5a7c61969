import CNcurses
import Foundation
import Screen

/// Why the terminal could not be used; the description is the one line to print.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
  public var description: String
}

/// The ncurses backend: opens the terminal (on `/dev/tty` when output is redirected), draws
/// cell grids by sending only the cells that changed, decodes keys and mouse events, and
/// always restores the terminal — on close, on SIGINT/SIGTERM/SIGHUP (the loop sees
/// `pendingSignal`), and on a crash (the C guard writes the reset sequence).
public final class Terminal {
  private var screen: OpaquePointer?
  private var previous: CellGrid?
  private var pairs: [UInt32: Int32] = [:]
  private var nextPair: Int32 = 1
  private let colorLevel: Int
  private var lastClick: (x: Int, y: Int, time: Double)?
  public private(set) var width: Int
  public private(set) var height: Int

  /// Opens the terminal. `colors: false` draws with attributes only.
  public init(colors: Bool) throws {
    setlocale(LC_ALL, "")
    if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" {
      setlocale(LC_CTYPE, "C.UTF-8")
    }
    let term = try Self.terminalType()
    guard let screen = fw_open_screen(term) else {
      throw TerminalError(
        description: "the terminal type '\(term)' is unknown or no terminal is attached")
    }
    self.screen = screen
    guard fw_terminal_can_address() != 0 else {
      fw_close_screen(screen)
      self.screen = nil
      throw TerminalError(
        description: "the terminal type '\(term)' cannot draw a full screen (no cursor addressing)")
    }
    cbreak()
    noecho()
    nonl()
    keypad(fw_stdscr(), true)
    intrflush(fw_stdscr(), false)
    set_escdelay(25)
    curs_set(0)
    var level = 0
    if colors && has_colors() {
      start_color()
      use_default_colors()
      let count = fw_colors()
      level = count >= 256 ? 256 : (count >= 16 ? 16 : (count >= 8 ? 8 : 0))
    }
    colorLevel = level
    mousemask(fw_mouse_mask_all(), nil)
    mouseinterval(0)
    width = Int(fw_cols())
    height = Int(fw_lines())
    let reset = "\u{1b}[?1000l\u{1b}[?1002l\u{1b}[?1006l\u{1b}[0m\u{1b}[?25h\u{1b}[?1049l"
    reset.withCString { fw_guard_install($0, Int32(strlen($0))) }
  }

  deinit { close() }

  /// The terminal type from TERM, or the error that says it is missing: checked before a
  /// long load so that a missing TERM fails at once.
  public static func terminalType() throws -> String {
    guard let term = ProcessInfo.processInfo.environment["TERM"], !term.isEmpty else {
      throw TerminalError(
        description: "TERM is not set: flamewalk needs a terminal (try TERM=xterm-256color)")
    }
    return term
  }

  /// Restores the terminal. Safe to call twice.
  public func close() {
    guard let screen else { return }
    fw_close_screen(screen)
    fw_guard_remove()
    self.screen = nil
  }

  /// The signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) that asked the program to stop, or 0.
  public var pendingSignal: Int32 { fw_pending_signal() }

  // MARK: - Drawing

  /// Draws `grid`, sending only the cells that differ from the last grid drawn.
  public func draw(_ grid: CellGrid) {
    let window = fw_stdscr()
    let full = previous == nil || previous!.width != grid.width || previous!.height != grid.height
    if full { werase(window) }
    for y in 0..<min(grid.height, height) {
      for x in 0..<min(grid.width, width) {
        let cell = grid[x, y]
        if !full, let old = previous, old[x, y] == cell { continue }
        if cell.isContinuation { continue }
        let (attributes, pair) = attributes(for: cell.style)
        // The bottom-right cell scrolls some terminals: ncurses reports ERR there; ignore.
        _ = fw_put_cell(
          window, Int32(y), Int32(x), wchar_t(bitPattern: cell.scalar.value), attributes, pair)
      }
    }
    previous = grid
    wnoutrefresh(window)
    doupdate()
  }

  private func attributes(for style: TextStyle) -> (attr_t, Int32) {
    var attributes = fw_a_normal()
    if style.bold { attributes |= fw_a_bold() }
    if style.dim { attributes |= fw_a_dim() }
    if style.reverse { attributes |= fw_a_reverse() }
    if style.underline { attributes |= fw_a_underline() }
    if style.italic { attributes |= fw_a_italic() }
    guard colorLevel > 0 else {
      // No colours: a coloured background becomes reverse video so that frames still show.
      if case .indexed = style.background, !style.reverse { attributes |= fw_a_reverse() }
      return (attributes, 0)
    }
    let fg = quantize(style.foreground)
    let bg = quantize(style.background)
    if fg < 0 && bg < 0 { return (attributes, 0) }
    let key = UInt32(UInt16(bitPattern: Int16(fg))) << 16 | UInt32(UInt16(bitPattern: Int16(bg)))
    if let pair = pairs[key] { return (attributes, pair) }
    guard nextPair < fw_color_pairs() else { return (attributes, 0) }
    let pair = nextPair
    nextPair += 1
    init_extended_pair(pair, fg, bg)
    pairs[key] = pair
    return (attributes, pair)
  }

  /// A colour for this terminal: 256-colour indices map to the 16 or 8 basic colours
  /// when that is all the terminal has. -1 is the terminal's default.
  private func quantize(_ color: ThemeColor) -> Int32 {
    guard case .indexed(let index) = color else { return -1 }
    if colorLevel >= 256 || Int(index) < colorLevel { return Int32(index) }
    let (r, g, b) = Self.rgb(index)
    let bright = max(r, g, b) > 170
    var basic = (r > 127 ? 1 : 0) | (g > 127 ? 2 : 0) | (b > 127 ? 4 : 0)
    if basic == 0 && max(r, g, b) > 60 {
      basic = max(r, g, b) == r ? 1 : (max(r, g, b) == g ? 2 : 4)
    }
    return Int32(colorLevel >= 16 && bright ? basic + 8 : basic)
  }

  static func rgb(_ index: UInt8) -> (Int, Int, Int) {
    let i = Int(index)
    if i < 16 {
      let base = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
        (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
        (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
      ]
      return base[i]
    }
    if i >= 232 {
      let v = 8 + 10 * (i - 232)
      return (v, v, v)
    }
    let steps = [0, 95, 135, 175, 215, 255]
    let c = i - 16
    return (steps[c / 36], steps[(c / 6) % 6], steps[c % 6])
  }

  // MARK: - Input

  /// Waits up to `milliseconds` for a key; nil on timeout.
  public func readKey(timeout milliseconds: Int32) -> Key? {
    let window = fw_stdscr()
    wtimeout(window, milliseconds)
    var character: wint_t = 0
    let status = wget_wch(window, &character)
    if status == ERR { return nil }
    if status == KEY_CODE_YES { return special(Int32(character)) }
    let value = UInt32(character)
    switch value {
    case 27:
      // An escape sequence ncurses did not recognise arrives as ESC + characters: drop them.
      wtimeout(window, 0)
      var next: wint_t = 0
      var swallowed = false
      while wget_wch(window, &next) != ERR { swallowed = true }
      return swallowed ? nil : .escape
    case 9: return .tab
    case 10, 13: return .enter
    case 8, 127: return .backspace
    case 1...26: return .control(Unicode.Scalar(UInt8(value + 96)))
    default:
      guard let scalar = Unicode.Scalar(value) else { return nil }
      return .character(scalar)
    }
  }

  private func special(_ code: Int32) -> Key? {
    switch code {
    case KEY_UP: return .up
    case KEY_DOWN: return .down
    case KEY_LEFT: return .left
    case KEY_RIGHT: return .right
    case KEY_PPAGE: return .pageUp
    case KEY_NPAGE: return .pageDown
    case KEY_HOME: return .home
    case KEY_END: return .end
    case KEY_ENTER: return .enter
    case KEY_BACKSPACE: return .backspace
    case KEY_BTAB: return .backTab
    case KEY_RESIZE:
      width = Int(fw_cols())
      height = Int(fw_lines())
      previous = nil
      return .resize(width: width, height: height)
    case KEY_MOUSE: return mouse()
    default:
      for n in 1...12 where code == fw_key_f(Int32(n)) { return .function(n) }
      return nil
    }
  }

  private func mouse() -> Key? {
    var x: Int32 = 0
    var y: Int32 = 0
    var state: mmask_t = 0
    guard fw_get_mouse(&x, &y, &state) == 0 else { return nil }
    if state & fw_button4_pressed() != 0 {
      return .mouse(MouseEvent(.wheelUp, x: Int(x), y: Int(y)))
    }
    if state & fw_button5_pressed() != 0 {
      return .mouse(MouseEvent(.wheelDown, x: Int(x), y: Int(y)))
    }
    if state & fw_button1_double() != 0 {
      return .mouse(MouseEvent(.doubleClick, x: Int(x), y: Int(y)))
    }
    guard state & (fw_button1_pressed() | fw_button1_clicked()) != 0 else { return nil }
    // Double clicks are recognised here: ncurses' own detection delays every click.
    let now = Date().timeIntervalSince1970
    if let last = lastClick, last.x == Int(x), last.y == Int(y), now - last.time < 0.4 {
      lastClick = nil
      return .mouse(MouseEvent(.doubleClick, x: Int(x), y: Int(y)))
    }
    lastClick = (Int(x), Int(y), now)
    return .mouse(MouseEvent(.click, x: Int(x), y: Int(y)))
  }
}
