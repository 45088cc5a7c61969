/// Splits a folded-stack frame into (file, line, name) as the producers write them:
/// py-spy `func (path/file.py:42)`, Python 3.15 `profiling.sampling` `file.py:func:42`,
/// native frames `0x7f… (libc.so.6)`; anything else (perf symbols, `[unknown]`, `_[k]`
/// kernel frames, `thread (N)`, `process N`, `tid:N`) is a bare name. The separators are
/// found in the UTF-8 bytes (they are ASCII, so every position found is a character
/// boundary).
enum FrameNameParser {
  static func parse(_ frame: String) -> (file: String, line: Int64, name: String) {
    let bytes = frame.utf8
    let colon = UInt8(ascii: ":")
    if bytes.last == UInt8(ascii: ")"), let open = lastOpening(in: bytes) {
      // `(` is not `)`, so the text inside starts at or before the closing `)`.
      let innerStart = bytes.index(open, offsetBy: 2)
      let innerEnd = bytes.index(before: bytes.endIndex)
      let name = String(frame[..<open])
      if name == "thread" || name == "process" || name.isEmpty {
        return ("", 0, frame)
      }
      if innerStart < innerEnd,
        let separator = bytes[innerStart..<innerEnd].lastIndex(of: colon),
        separator > innerStart,
        let line = Int64(Substring(frame[bytes.index(after: separator)..<innerEnd]))
      {
        return (String(frame[innerStart..<separator]), line, name)
      }
      return (String(frame[innerStart..<innerEnd]), 0, name)
    }
    // `file:name:line`: the last two colons; the file may hold colons of its own.
    guard let last = bytes.lastIndex(of: colon),
      let line = Int64(Substring(frame[bytes.index(after: last)...])),
      let middle = bytes[..<last].lastIndex(of: colon), bytes.index(after: middle) < last,
      bytes.first != colon
    else { return ("", 0, frame) }
    return (String(frame[..<middle]), line, String(frame[bytes.index(after: middle)..<last]))
  }

  /// Where the last ` (` in `bytes` starts.
  private static func lastOpening(in bytes: String.UTF8View) -> String.Index? {
    guard bytes.count >= 2 else { return nil }
    var i = bytes.index(bytes.endIndex, offsetBy: -2)
    while true {
      if bytes[i] == UInt8(ascii: " ") && bytes[bytes.index(after: i)] == UInt8(ascii: "(") {
        return i
      }
      if i == bytes.startIndex { return nil }
      i = bytes.index(before: i)
    }
  }
}
