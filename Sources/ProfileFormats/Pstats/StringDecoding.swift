/// The string decodings marshal uses: Latin-1 for the ASCII codes, UTF-8 with lone
/// surrogates allowed (`surrogatepass`) for `u` and `t`. Lone surrogates, which a Swift
/// `String` cannot hold, become U+FFFD.
enum StringDecoding {
  static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for byte in bytes where byte >= 0x80 { return false }
    return true
  }

  static func latin1(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
    var scalars = String.UnicodeScalarView()
    for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
    return String(scalars)
  }

  /// Decodes UTF-8, or returns nil when the bytes are not valid UTF-8 (surrogates allowed).
  static func utf8(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
    var scalars = String.UnicodeScalarView()
    var i = 0
    let n = bytes.count
    while i < n {
      let b0 = UInt32(bytes[i])
      if b0 < 0x80 {
        scalars.append(Unicode.Scalar(UInt8(b0)))
        i += 1
        continue
      }
      let length: Int
      let minimum: UInt32
      var value: UInt32
      switch b0 {
      case 0xC2...0xDF: (length, minimum, value) = (2, 0x80, b0 & 0x1F)
      case 0xE0...0xEF: (length, minimum, value) = (3, 0x800, b0 & 0x0F)
      case 0xF0...0xF4: (length, minimum, value) = (4, 0x10000, b0 & 0x07)
      default: return nil
      }
      guard i + length <= n else { return nil }
      for k in 1..<length {
        let b = UInt32(bytes[i + k])
        guard b & 0xC0 == 0x80 else { return nil }
        value = (value << 6) | (b & 0x3F)
      }
      guard value >= minimum, value <= 0x10FFFF else { return nil }
      if let scalar = Unicode.Scalar(value) {
        scalars.append(scalar)
      } else {
        scalars.append("\u{FFFD}")
      }
      i += length
    }
    return String(scalars)
  }

  /// Python 2 byte strings: UTF-8 when valid, Latin-1 otherwise.
  static func bytesAsText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    utf8(bytes) ?? latin1(bytes)
  }
}
