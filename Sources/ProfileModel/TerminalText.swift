/// Makes text that comes from a profile safe to write to a terminal: control characters
/// (C0, DEL and C1) become visible `\xNN` escapes, so no escape sequence in a function name
/// or path can reach the terminal.
public enum TerminalText {
  /// `text` with every control character replaced by `\xNN` (or `\u{NNNN}` above 0xFF).
  public static func escaped(_ text: String) -> String {
    guard needsEscaping(text) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
      if isControl(scalar) {
        out += "\\x" + hex(scalar.value)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// True when `text` holds a character that `escaped` would change.
  public static func needsEscaping(_ text: String) -> Bool {
    var previous: UInt8 = 0
    for byte in text.utf8 {
      if byte < 0x20 || byte == 0x7F { return true }
      if previous == 0xC2 && byte >= 0x80 && byte <= 0x9F { return true }
      previous = byte
    }
    return false
  }

  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    return v < 0x20 || v == 0x7F || (v >= 0x80 && v <= 0x9F)
  }

  private static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return digits.count < 2 ? "0" + digits : digits
  }
}
