import ProfileModel

/// Writes stacks as folded (collapsed) stacks — `root;…;leaf WEIGHT` a line, the format of
/// flamegraph.pl, inferno and speedscope — so that flamewalk reads them back to the same
/// tree. A frame is written as `FrameNameParser` reads it: `name (file:line)`,
/// `name (file)` without a line, the bare name without a file. `;` inside a name (the
/// separator, which folded files cannot escape) becomes `:` and line breaks become spaces.
/// Weights are written as integers when they are, else as the shortest decimal that reads
/// back as the same number (never with an exponent). An estimated tree starts with a `#` comment saying so.
public enum FoldedWriter {
  /// The text of one frame.
  public static func text(_ frame: FunctionName) -> String {
    func clean(_ s: String) -> String {
      guard s.contains(where: { $0 == ";" || $0 == "\n" || $0 == "\r" }) else { return s }
      return String(
        s.map { c -> Character in
          c == ";" ? ":" : (c == "\n" || c == "\r" || c == "\r\n" ? " " : c)
        })
    }
    let name = clean(frame.name)
    guard !frame.file.isEmpty else { return name }
    let file = clean(frame.file)
    return frame.line > 0 ? "\(name) (\(file):\(frame.line))" : "\(name) (\(file))"
  }

  /// A weight as folded files hold it: the shortest decimal that reads back as the same
  /// double, written out without an exponent (`1.5e-07` is `0.00000015`).
  public static func weight(_ x: Double) -> String {
    if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
    let shortest = "\(x)"
    guard let e = shortest.firstIndex(where: { $0 == "e" || $0 == "E" }),
      let exponent = Int(shortest[shortest.index(after: e)...])
    else { return shortest }
    var mantissa = shortest[..<e]
    let negative = mantissa.hasPrefix("-")
    if negative { mantissa = mantissa.dropFirst() }
    let point = mantissa.firstIndex(of: ".") ?? mantissa.endIndex
    let digits = String(mantissa[..<point]) + String(mantissa[point...].dropFirst())
    // The point sits after `pointAt` digits of `digits`.
    let pointAt = mantissa.distance(from: mantissa.startIndex, to: point) + exponent
    var text: String
    if pointAt <= 0 {
      text = "0." + String(repeating: "0", count: -pointAt) + digits
    } else if pointAt >= digits.count {
      text = digits + String(repeating: "0", count: pointAt - digits.count)
    } else {
      text = String(digits.prefix(pointAt)) + "." + String(digits.dropFirst(pointAt))
    }
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return (negative ? "-" : "") + text
  }

  /// Writes `stacks` to `output` in pieces of about 64 KB.
  public static func write<E: Error>(
    _ stacks: ExportedStacks, to output: (String) throws(E) -> Void
  ) throws(E) {
    var text = ""
    if stacks.isEstimated {
      text +=
        "# estimated from a call graph by flamewalk (\(stacks.origin)); weights in "
        + "\(stacks.metric.unit.rawValue)\n"
    }
    let names = stacks.frames.map(text(_:))
    for s in 0..<stacks.count where stacks.weights[s] > 0 {
      var first = true
      for frame in stacks.stack(s) {
        if !first { text += ";" }
        text += names[Int(frame)]
        first = false
      }
      text += " " + weight(stacks.weights[s]) + "\n"
      if text.utf8.count >= 1 << 16 {
        try output(text)
        text = ""
      }
    }
    if !text.isEmpty { try output(text) }
  }
}
