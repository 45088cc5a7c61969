import ProfileModel

/// Writes JSON text: strings escaped per RFC 8259, doubles in their shortest round-trip form
/// (so a reader gets back the same bits), non-finite numbers as null. Control characters,
/// C1 controls and the invisible format characters that reorder or hide text (bidi
/// overrides, zero-width marks) are written as `\u` escapes, so a viewer of the JSON sees
/// them for what they are.
struct JSONWriter {
  private(set) var text = ""

  /// The size of the text written and not yet taken.
  var byteCount: Int { text.utf8.count }

  /// The text written so far, leaving the writer empty.
  mutating func take() -> String {
    defer { text = "" }
    return text
  }

  mutating func raw(_ s: String) { text += s }

  mutating func string(_ s: String) {
    text += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": text += "\\\""
      case "\\": text += "\\\\"
      case "\n": text += "\\n"
      case "\r": text += "\\r"
      case "\t": text += "\\t"
      default:
        if TerminalText.mustEscape(scalar) {
          let hex = String(scalar.value, radix: 16)
          text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          text.unicodeScalars.append(scalar)
        }
      }
    }
    text += "\""
  }

  mutating func number(_ x: Double) {
    text += x.isFinite ? "\(x)" : "null"
  }

  mutating func number(_ x: Int) { text += "\(x)" }

  mutating func bool(_ b: Bool) { text += b ? "true" : "false" }

  /// A function as the oracle's JSON writes it: `[file, line, name]`.
  mutating func function(_ name: FunctionName) {
    raw("[")
    string(name.file)
    raw(", \(name.line), ")
    string(name.name)
    raw("]")
  }
}
