/// What an input that no importer claims looks like, for the one-line error: common file
/// types by their magic numbers, Python source, JSON, text and binary data.
enum UnknownInput {
  static func describe(_ prefix: UnsafeBufferPointer<UInt8>, isWholeInput: Bool) -> String {
    let bytes = Array(prefix.prefix(4096))
    if bytes.isEmpty { return isWholeInput ? "an empty file" : "nothing yet" }
    if let known = knownFileType(prefix) { return known }
    guard let text = Self.text(bytes) else {
      return bytes.allSatisfy { $0 == 0 } ? "binary data (all zero bytes)" : "binary data"
    }
    let trimmed = text.drop {
      $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{FEFF}"
    }
    if trimmed.first == "{" || trimmed.first == "[" {
      return "JSON of a kind flamewalk does not read yet"
    }
    if Self.isPythonSource(text) {
      return "Python source (profile it: python -m cProfile -o out.prof SCRIPT)"
    }
    if text.contains("\r") && !text.contains("\n") {
      return "text with CR-only line ends (folded stacks need LF or CRLF line ends)"
    }
    return "text without a sample count at the end of its first stack line"
  }

  /// A common file type recognised by its magic number, or nil.
  static func knownFileType(_ prefix: UnsafeBufferPointer<UInt8>) -> String? {
    let bytes = Array(prefix.prefix(16))
    func starts(_ magic: [UInt8]) -> Bool { bytes.starts(with: magic) }
    let magics: [([UInt8], String)] = [
      ([0x1F, 0x8B], "gzip data of an unknown format (decompress it, then open the result)"),
      ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
      ([0x47, 0x49, 0x46, 0x38], "a GIF image"),
      ([0xFF, 0xD8, 0xFF], "a JPEG image"),
      ([0x25, 0x50, 0x44, 0x46], "a PDF document"),
      ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive"),
      ([0x7F, 0x45, 0x4C, 0x46], "an ELF executable or library"),
      ([0x28, 0xB5, 0x2F, 0xFD], "zstd data of an unknown format (decompress it first)"),
      ([0x42, 0x5A, 0x68], "bzip2 data of an unknown format (decompress it first)"),
      ([0xFD, 0x37, 0x7A, 0x58, 0x5A], "xz data of an unknown format (decompress it first)"),
      (Array("SQLite format 3".utf8), "an SQLite database"),
    ]
    for (magic, name) in magics where starts(magic) { return name }
    if bytes.count >= 2 && bytes[0] == 0x80 && (2...5).contains(bytes[1]) {
      return "Python pickle data"
    }
    return nil
  }

  /// The bytes as text when they are UTF-8 without control characters other than tab, line
  /// feed and carriage return (a UTF-8 sequence cut by the end of the bytes is allowed).
  static func text(_ bytes: [UInt8]) -> String? {
    for cut in 0...min(3, bytes.count) {
      guard let text = String(validating: bytes[..<(bytes.count - cut)], as: UTF8.self) else {
        continue
      }
      let isText = text.unicodeScalars.allSatisfy {
        ($0.value >= 0x20 && $0.value != 0x7F) || $0 == "\t" || $0 == "\n" || $0 == "\r"
      }
      return isText ? text : nil
    }
    return nil
  }

  static func isPythonSource(_ text: String) -> Bool {
    let starts = ["import ", "from ", "def ", "class ", "async def ", "if __name__"]
    for line in text.split(separator: "\n").prefix(50) {
      if line.hasPrefix("#!") && line.contains("python") { return true }
      if starts.contains(where: { line.hasPrefix($0) }) { return true }
    }
    return false
  }
}
