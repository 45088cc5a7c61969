import Foundation

/// One argument of `print_stats(*amount)`: a line count, a fraction of the lines, or a regular
/// expression searched in each function's standard name. They apply in order.
public enum PstatsRestriction: Sendable, Equatable {
  case count(Int)
  case fraction(Double)
  case pattern(String)

  /// Reads a command-line word the way Python would have typed it: an int, a float, or text.
  public init(_ word: String) {
    if let n = Int(word) {
      self = .count(n)
    } else if word.contains(where: { $0.isNumber }), let x = Double(word),
      word.allSatisfy({ "0123456789.eE+-".contains($0) })
    {
      self = .fraction(x)
    } else {
      self = .pattern(word)
    }
  }

  /// `repr` of the argument, as pstats prints it in "due to restriction <…>".
  var pythonRepr: String {
    switch self {
    case .count(let n): return "\(n)"
    case .fraction(let x): return PythonFormatting.repr(x)
    case .pattern(let p): return PythonFormatting.repr(p)
    }
  }

  /// `eval_print_amount`: the restricted list and the lines it adds to the header message.
  func apply(to list: [Int], names: [String], message: inout String) -> [Int] {
    // `names` holds every entry's standard name, by function index.
    var result = list
    switch self {
    case .pattern(let pattern):
      guard let regex = try? NSRegularExpression(pattern: pattern) else {
        message += "   <Invalid regular expression \(pythonRepr)>\n"
        return list
      }
      result = list.filter { f in
        let name = names[f]
        return regex.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
      }
    case .fraction(let x):
      if x >= 0 && x < 1 {
        let count = Int((Double(list.count) * x + 0.5).rounded(.down))
        result = Array(list.prefix(count))
      }
    case .count(let n):
      if n >= 0 && n < list.count { result = Array(list.prefix(n)) }
    }
    if result.count != list.count {
      message +=
        "   List reduced from \(list.count) to \(result.count) due to restriction <\(pythonRepr)>\n"
    }
    return result
  }
}
