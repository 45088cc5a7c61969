/// Makes text that comes from a profile safe to write to a terminal: control characters
/// (C0, DEL and C1) become visible `\xNN` escapes, so no escape sequence in a function name
/// or path can reach the terminal, and the invisible format characters that reorder or hide
/// text (bidi overrides and isolates, zero-width marks, the byte-order mark) become `\uNNNN`,
/// so a name cannot pretend to be another.
public enum TerminalText {
  /// `text` with every control and invisible format character escaped.
  public static func escaped(_ text: String) -> String {
    guard needsEscaping(text) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
      if isControl(scalar) {
        out += "\\x" + hex(scalar.value, digits: 2)
      } else if isInvisibleFormat(scalar) {
        out += "\\u" + hex(scalar.value, digits: 4)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// True when `text` holds a character that `escaped` would change. ASCII text without
  /// controls is answered from its bytes.
  public static func needsEscaping(_ text: String) -> Bool {
    for byte in text.utf8 {
      if byte < 0x20 || byte == 0x7F { return true }
      if byte >= 0x80 { return text.unicodeScalars.contains(where: mustEscape) }
    }
    return false
  }

  /// Whether `escaped` (and the JSON writers) must escape `scalar`.
  public static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
    isControl(scalar) || isInvisibleFormat(scalar)
  }

  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    return v < 0x20 || v == 0x7F || (v >= 0x80 && v <= 0x9F)
  }

  /// Bidi marks, embeddings, overrides and isolates, zero-width characters, invisible
  /// operators and the byte-order mark.
  static func isInvisibleFormat(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF:
      true
    default:
      false
    }
  }

  private static func hex(_ value: UInt32, digits: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
  }
}
