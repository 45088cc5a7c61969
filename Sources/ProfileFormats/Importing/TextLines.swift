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
    while start < bytes.count {
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
}
