/// Splits a folded-stack frame into (file, line, name) as the producers write them:
/// py-spy `func (path/file.py:42)`, Python 3.15 `profiling.sampling` `file.py:func:42`,
/// native frames `0x7f… (libc.so.6)`; anything else (perf symbols, `[unknown]`, `_[k]`
/// kernel frames, `thread (N)`, `process N`, `tid:N`) is a bare name.
enum FrameNameParser {
  static func parse(_ frame: String) -> (file: String, line: Int64, name: String) {
    if frame.hasSuffix(")"), let open = frame.range(of: " (", options: .backwards) {
      let name = String(frame[..<open.lowerBound])
      let inner = frame[open.upperBound..<frame.index(before: frame.endIndex)]
      if name == "thread" || name == "process" || name.isEmpty {
        return ("", 0, frame)
      }
      if let colon = inner.lastIndex(of: ":"),
        let line = Int64(inner[inner.index(after: colon)...]),
        colon > inner.startIndex
      {
        return (String(inner[..<colon]), line, name)
      }
      return (String(inner), 0, name)
    }
    let parts = frame.split(separator: ":", omittingEmptySubsequences: false)
    if parts.count >= 3, let line = Int64(parts[parts.count - 1]), !parts[parts.count - 2].isEmpty,
      !parts[0].isEmpty
    {
      return (
        parts[0..<parts.count - 2].joined(separator: ":"), line, String(parts[parts.count - 2])
      )
    }
    return ("", 0, frame)
  }
}
