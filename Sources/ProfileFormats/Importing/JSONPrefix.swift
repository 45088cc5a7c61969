/// What the JSON importers' recognisers share: where the value starts in a prefix, whether
/// it holds a marker, and what to answer when the markers have not shown up yet.
enum JSONPrefix {
  /// Where the first JSON value starts at or after `from`: past a UTF-8 byte-order mark
  /// (at 0 only) and blanks.
  static func valueStart(_ prefix: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int {
    var start = from == 0 && prefix.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : from
    while start < prefix.count && [0x20, 0x09, 0x0A, 0x0D].contains(prefix[start]) { start += 1 }
    return start
  }

  /// Whether `haystack` holds `needle` (a key with its quotes, a URL).
  static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: String) -> Bool {
    let needle = Array(needle.utf8)
    guard let first = needle.first, haystack.count >= needle.count else { return false }
    var i = 0
    while i + needle.count <= haystack.count {
      if haystack[i] == first && haystack[i..<i + needle.count].elementsEqual(needle) {
        return true
      }
      i += 1
    }
    return false
  }

  /// The answer while a format's markers are not in the prefix: no once the prefix is the
  /// whole input or 64 KB long, else "need more bytes".
  static func undecided(_ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool) -> Recognition {
    isWholeInput || prefix.count >= 1 << 16 ? .no : .needMoreBytes
  }

  /// Recognition of a JSON object by what its first 64 KB hold: yes when `holds` says so,
  /// no when the input is not an object, else "need more bytes" until the prefix is whole
  /// or 64 KB long.
  static func recognizeObject(
    _ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool,
    holds: (UnsafeBufferPointer<UInt8>) -> Bool
  ) -> Recognition {
    let start = valueStart(prefix)
    guard start < prefix.count else { return isWholeInput ? .no : .needMoreBytes }
    guard prefix[start] == UInt8(ascii: "{") else { return .no }
    if holds(UnsafeBufferPointer(rebasing: prefix[start...])) { return .yes }
    return undecided(prefix, isWholeInput: isWholeInput)
  }
}
