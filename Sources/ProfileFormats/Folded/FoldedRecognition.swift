import ProfileModel

/// Folded stacks as an importer: text whose first stack line ends in a sample count.
extension FoldedImporter: ProfileImporter {
  public static let format = InputFormat.folded
  public static let summary = "folded stacks (py-spy raw, stackcollapse, austin)"
  public static let fileExtensions = ["folded", "collapsed", "txt", "stacks", "out"]

  /// Yes when the first line that is neither blank nor a `#` comment is text ending in
  /// ` COUNT`; no when a line holds a NUL or another control character, a carriage return
  /// not before its line feed, or ends otherwise.
  public static func recognize(_ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool)
    -> Recognition
  {
    var start = startsWithByteOrderMark(prefix) ? 3 : 0
    while start < prefix.count {
      var end = start
      while end < prefix.count && prefix[end] != 0x0A { end += 1 }
      if end == prefix.count && !isWholeInput {
        return prefix.count >= ImporterRegistry.prefixLength ? .no : .needMoreBytes
      }
      let next = end + 1
      if end > start && prefix[end - 1] == 0x0D { end -= 1 }
      for i in start..<end {
        let byte = prefix[i]
        if (byte < 0x20 && byte != 0x09) || byte == 0x7F { return .no }
      }
      var first = start
      while first < end && (prefix[first] == 0x20 || prefix[first] == 0x09) { first += 1 }
      if first == end || prefix[start] == UInt8(ascii: "#") {
        start = next
        continue
      }
      var space = end - 1
      while space >= start && prefix[space] != 0x20 { space -= 1 }
      guard space >= start, count(prefix, from: space + 1, to: end) != nil else { return .no }
      return .yes
    }
    return isWholeInput ? .no : .needMoreBytes
  }

  public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, source: ProfileSource)
    throws(InputError) -> Profile
  {
    var importer = FoldedImporter()
    importer.sources.append(source)
    try importer.add(bytes)
    return try importer.profile()
  }

  public static func read(_ files: [InputFile]) throws(InputError) -> Profile {
    var importer = FoldedImporter()
    for file in files { try importer.add(file) }
    return try importer.profile()
  }
}
