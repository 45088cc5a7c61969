import ProfileModel

/// Writes JSON text: strings escaped per RFC 8259, doubles in their shortest round-trip form
/// (so a reader gets back the same bits), non-finite numbers as null.
struct JSONWriter {
  private(set) var text = ""

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
        if scalar.value < 0x20 || scalar.value == 0x7F {
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
