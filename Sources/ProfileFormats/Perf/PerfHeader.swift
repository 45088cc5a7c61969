/// A sample's header line: `comm pid[/tid] [cpu] time: [period] event: [frame]`, read from
/// the time token outwards (comm may hold spaces and digits). Read from the line's bytes:
/// tokens are runs of bytes other than space and tab, digits are ASCII digits.
struct PerfHeader {
  var comm: String
  var period: Double?
  var event: String
  /// The one frame of a sample recorded without a callchain, on the header line itself: its
  /// tokens joined by single spaces.
  var inlineFrame: [UInt8]?

  init?(_ line: UnsafeBufferPointer<UInt8>) {
    var tokens: [Range<Int>] = []
    var i = 0
    while i < line.count {
      while i < line.count && Self.isBlank(line[i]) { i += 1 }
      let start = i
      while i < line.count && !Self.isBlank(line[i]) { i += 1 }
      if i > start { tokens.append(start..<i) }
    }
    func bytes(_ token: Range<Int>) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(rebasing: line[token])
    }
    guard let t = tokens.firstIndex(where: { Self.isTime(bytes($0)) }), t >= 2 else {
      return nil
    }
    var p = t - 1
    if line[tokens[p].lowerBound] == UInt8(ascii: "[")
      && line[tokens[p].upperBound - 1] == UInt8(ascii: "]")
    {
      p -= 1
    }
    guard p >= 1, bytes(tokens[p]).allSatisfy({ Self.isDigit($0) || $0 == UInt8(ascii: "/") })
    else { return nil }
    comm = Self.joined(tokens[..<p], of: line)
    var rest = tokens[(t + 1)...]
    if let first = rest.first,
      let value = Double(String(decoding: bytes(first), as: UTF8.self)), value.isFinite,
      value >= 0
    {
      period = value
      rest = rest.dropFirst()
    }
    guard let event = rest.first, line[event.upperBound - 1] == UInt8(ascii: ":") else {
      return nil
    }
    self.event = String(decoding: bytes(event.lowerBound..<event.upperBound - 1), as: UTF8.self)
    rest = rest.dropFirst()
    inlineFrame = rest.isEmpty ? nil : Array(Self.joined(rest, of: line).utf8)
  }

  /// `123.456:` — digits, a dot, digits and a colon.
  static func isTime(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
    guard token.count >= 4, token[token.count - 1] == UInt8(ascii: ":") else { return false }
    let number = UnsafeBufferPointer(rebasing: token[..<(token.count - 1)])
    guard let dot = number.firstIndex(of: UInt8(ascii: ".")) else { return false }
    return dot > 0 && dot < number.count - 1
      && number[..<dot].allSatisfy(isDigit) && number[(dot + 1)...].allSatisfy(isDigit)
  }

  private static func joined(_ tokens: ArraySlice<Range<Int>>, of line: UnsafeBufferPointer<UInt8>)
    -> String
  {
    var text = ""
    for token in tokens {
      if !text.isEmpty { text += " " }
      text += String(decoding: UnsafeBufferPointer(rebasing: line[token]), as: UTF8.self)
    }
    return text
  }

  private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
  private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
}
