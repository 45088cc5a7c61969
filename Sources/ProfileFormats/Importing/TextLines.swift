import ProfileModel

/// The lines of a text input, as the line-based readers (perf script, austin, callgrind)
/// take them: split at LF, a CR before it dropped, numbered from 1 for error messages.
enum TextLines {
  /// Calls `body` with each line's byte range (without its line end) and its number;
  /// returns how many lines there were.
  @discardableResult
  static func forEach(
    _ bytes: UnsafeBufferPointer<UInt8>,
    _ body: (_ line: Range<Int>, _ number: Int) throws(InputError) -> Void
  ) throws(InputError) -> Int {
    var number = 0
    var start = 0
    var meter = ReadMeter()
    defer {
      meter.reached(bytes.count)
      meter.flush()
    }
    while start < bytes.count {
      meter.reached(start)
      var end = start
      while end < bytes.count && bytes[end] != 0x0A { end += 1 }
      number += 1
      let next = end + 1
      if end > start && bytes[end - 1] == 0x0D { end -= 1 }
      try body(start..<end, number)
      start = next
    }
    return number
  }

  /// The first line of `prefix` that `skip` does not skip (blank lines, comments), and
  /// whether it ends inside the prefix; nil when every line seen is skipped.
  static func firstLine(
    in prefix: UnsafeBufferPointer<UInt8>, skip: (UnsafeBufferPointer<UInt8>) -> Bool
  ) -> (line: UnsafeBufferPointer<UInt8>, isComplete: Bool)? {
    var start = 0
    while start < prefix.count {
      var end = start
      while end < prefix.count && prefix[end] != 0x0A { end += 1 }
      let line = UnsafeBufferPointer(rebasing: prefix[start..<end])
      if !skip(line) { return (line, end < prefix.count) }
      start = end + 1
    }
    return nil
  }

  /// Whether a line holds only spaces, tabs and a carriage return.
  static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
  }

  /// Whether a line is blank or, after its indentation, starts with `#`.
  static func isBlankOrComment(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = line.firstIndex(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else {
      return true
    }
    return line[first] == UInt8(ascii: "#")
  }
}
