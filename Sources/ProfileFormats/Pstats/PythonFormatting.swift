import Foundation
import ProfileModel

/// Python's text formatting as pstats uses it: `%8.3f` (on `FixedDecimal`), `str.rjust` and
/// `ljust` (which count code points), `repr` of restriction arguments and `time.ctime`.
enum PythonFormatting {
  /// pstats' `f8`: `"%8.3f" % x`.
  static func f8(_ x: Double) -> String { rightJustified(FixedDecimal.text(x, digits: 3), 8) }

  static func rightJustified(_ text: String, _ width: Int) -> String {
    let count = text.unicodeScalars.count
    return count >= width ? text : String(repeating: " ", count: width - count) + text
  }

  static func leftJustified(_ text: String, _ width: Int) -> String {
    let count = text.unicodeScalars.count
    return count >= width ? text : text + String(repeating: " ", count: width - count)
  }

  /// `repr(str)`: single quotes unless the text holds a single quote and no double quote.
  static func repr(_ text: String) -> String {
    let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
    var out = String(quote)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if Character(scalar) == quote {
          out += "\\" + String(quote)
        } else if scalar.value < 0x20 || scalar.value == 0x7F
          || (scalar.value >= 0x80 && scalar.value <= 0xA0)
        {
          let hex = String(scalar.value, radix: 16)
          out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out.append(quote)
    return out
  }

  /// `repr(float)`: the shortest text that reads back as the same value.
  static func repr(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    let exponent = x == 0 ? 0 : Int(floor(log10(abs(x))))
    if exponent < -4 || exponent >= 16 {
      var text = "\(x)"
      // Swift writes 1e-05 as "1e-05" like Python; make sure an exponent has two digits.
      if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        let mantissa = text[..<e]
        var digits = text[text.index(after: e)...]
        var sign = "+"
        if digits.first == "-" || digits.first == "+" {
          sign = digits.first == "-" ? "-" : "+"
          digits = digits.dropFirst()
        }
        let mantissaText =
          mantissa.hasSuffix(".0") ? String(mantissa.dropLast(2)) : String(mantissa)
        text = mantissaText + "e" + sign + (digits.count < 2 ? "0" + digits : String(digits))
      }
      return text
    }
    return "\(x)"
  }

  /// `time.ctime(t)` in local time: `Tue Nov 14 22:13:20 2023`.
  static func ctime(_ date: Date) -> String {
    var seconds = time_t(date.timeIntervalSince1970)
    var parts = tm()
    localtime_r(&seconds, &parts)
    let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    let months = [
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    let day = parts.tm_mday < 10 ? " \(parts.tm_mday)" : "\(parts.tm_mday)"
    return "\(days[Int(parts.tm_wday)]) \(months[Int(parts.tm_mon)]) \(day) "
      + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) \(parts.tm_year + 1900)"
  }
}
