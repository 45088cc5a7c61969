import CSimdjson

/// A whole JSON document parsed by simdjson (`CSimdjson`), read straight off simdjson's
/// tape: every value is an index into it, containers know where they end (so siblings are
/// found by skipping, never by a dictionary of the document), strings are decoded only when
/// asked for. Strict RFC 8259; nesting is limited only by the size of the input, so
/// pyinstrument's frame trees, one object level per frame, read at any depth. The tape's
/// layout is in docs/json.md.
final class JSONDocument {
  enum Kind { case object, array, string, number, bool, null }

  private let handle: OpaquePointer
  private let tape: UnsafeBufferPointer<UInt64>
  private let strings: UnsafePointer<UInt8>

  /// The index of the document's value.
  let root = 1

  /// Parses `bytes` (a UTF-8 byte order mark first is skipped); an error says what is wrong
  /// and, where simdjson can tell, at which byte offset.
  init(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) {
    let skipped = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    let body = UnsafeBufferPointer(rebasing: bytes[skipped...])
    var message = [CChar](repeating: 0, count: 256)
    var offset: Int64 = -1
    let parsed = message.withUnsafeMutableBufferPointer { buffer in
      fw_json_parse(
        body.baseAddress ?? UnsafePointer(bitPattern: 1)!, body.count, buffer.baseAddress,
        buffer.count, &offset)
    }
    guard let parsed else {
      let text = String(
        decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      throw InputError(
        .schema, offset >= 0 ? .offset(Int(offset) + skipped) : .none, "not valid JSON: " + text)
    }
    handle = parsed
    var count = 0
    let words = fw_json_tape(parsed, &count)!
    tape = UnsafeBufferPointer(start: words, count: count)
    strings = fw_json_strings(parsed)!
  }

  deinit { fw_json_free(handle) }

  private func type(_ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: tape[i] >> 56) }

  private func payload(_ i: Int) -> UInt64 { tape[i] & 0x00FF_FFFF_FFFF_FFFF }

  func kind(_ i: Int) -> Kind {
    switch type(i) {
    case UInt8(ascii: "{"): .object
    case UInt8(ascii: "["): .array
    case UInt8(ascii: "\""): .string
    case UInt8(ascii: "l"), UInt8(ascii: "u"), UInt8(ascii: "d"): .number
    case UInt8(ascii: "t"), UInt8(ascii: "f"): .bool
    default: .null
    }
  }

  /// The index just past value `i` and everything inside it: its next sibling's, or its
  /// container's end.
  func after(_ i: Int) -> Int {
    switch type(i) {
    case UInt8(ascii: "{"), UInt8(ascii: "["): Int(UInt32(truncatingIfNeeded: tape[i]))
    case UInt8(ascii: "l"), UInt8(ascii: "u"), UInt8(ascii: "d"): i + 2
    default: i + 1
    }
  }

  /// The elements of array `i` in order (none when `i` is not an array).
  func elements(of i: Int) -> Elements {
    guard kind(i) == .array else { return Elements(document: self, position: 0, end: 0) }
    return Elements(document: self, position: i + 1, end: after(i) - 1)
  }

  /// How many elements array `i` holds (0 when it is not an array). The tape stores counts
  /// below 2^24; larger arrays are counted.
  func count(of i: Int) -> Int {
    guard kind(i) == .array else { return 0 }
    let stored = Int((tape[i] >> 32) & 0xFF_FFFF)
    return stored < 0xFF_FFFF ? stored : elements(of: i).reduce(0) { n, _ in n + 1 }
  }

  /// The value of object `i`'s member `key`, if `i` is an object that has one.
  func member(_ i: Int, _ key: String) -> Int? {
    guard kind(i) == .object else { return nil }
    let end = after(i) - 1
    var j = i + 1
    var key = key
    return key.withUTF8 { wanted -> Int? in
      while j < end {
        if stringBytes(j).elementsEqual(wanted) { return j + 1 }
        j = after(j + 1)
      }
      return nil
    }
  }

  /// The number at `i`, if it is one (64-bit integers beyond 2^53 rounded).
  func number(_ i: Int?) -> Double? {
    guard let i else { return nil }
    switch type(i) {
    case UInt8(ascii: "l"): return Double(Int64(bitPattern: tape[i + 1]))
    case UInt8(ascii: "u"): return Double(tape[i + 1])
    case UInt8(ascii: "d"): return Double(bitPattern: tape[i + 1])
    default: return nil
    }
  }

  /// The integer at `i`, if it is one whose magnitude is below 10^15: written as an
  /// integer, or as a number with no fraction.
  func integer(_ i: Int?) -> Int? {
    guard let i else { return nil }
    switch type(i) {
    case UInt8(ascii: "l"):
      let x = Int64(bitPattern: tape[i + 1])
      return x.magnitude < 1_000_000_000_000_000 ? Int(x) : nil
    case UInt8(ascii: "u"):
      return tape[i + 1] < 1_000_000_000_000_000 ? Int(tape[i + 1]) : nil
    default:
      guard let x = number(i), x.isFinite, x == x.rounded(), abs(x) < 1e15 else { return nil }
      return Int(x)
    }
  }

  /// The boolean at `i`, if it is one.
  func boolean(_ i: Int?) -> Bool? {
    guard let i else { return nil }
    switch type(i) {
    case UInt8(ascii: "t"): return true
    case UInt8(ascii: "f"): return false
    default: return nil
    }
  }

  /// The string at `i`, if it is one.
  func string(_ i: Int?) -> String? {
    guard let i, type(i) == UInt8(ascii: "\"") else { return nil }
    return String(decoding: stringBytes(i), as: UTF8.self)
  }

  /// The UTF-8 bytes of the string at `i` (a key or a value): a 32-bit little-endian length,
  /// then the bytes, in simdjson's string buffer.
  private func stringBytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
    guard type(i) == UInt8(ascii: "\"") else { return UnsafeBufferPointer(start: nil, count: 0) }
    let start = strings + Int(payload(i))
    let length =
      UInt32(start[0]) | UInt32(start[1]) << 8 | UInt32(start[2]) << 16 | UInt32(start[3]) << 24
    return UnsafeBufferPointer(start: start + 4, count: Int(length))
  }

  /// The elements of an array, by index.
  struct Elements: Sequence, IteratorProtocol {
    let document: JSONDocument
    var position: Int
    let end: Int

    mutating func next() -> Int? {
      guard position < end else { return nil }
      defer { position = document.after(position) }
      return position
    }
  }
}
