/// A JSON document read without recursion into a flat list of values in document order,
/// each knowing its parent, the index past its contents (so siblings are found by skipping)
/// and, inside an object, its key. Foundation's parsers stop at 512
/// levels of nesting, and pyinstrument writes its call tree as nested objects, one level pair
/// per frame: a recursive program is deeper than that. Depth here is bounded only by the
/// input's size. Strict RFC 8259 grammar; numbers are read as Double.
struct JSONTape {
  enum Kind: UInt8 { case object, array, string, number, bool, null }

  struct Value {
    var kind: Kind
    var parent: Int32
    /// The key's index in `strings` for a member of an object, else -1.
    var key: Int32
    /// Numbers and booleans (1/0); for strings the index in `strings`.
    var number: Double
    /// The index just past the value and everything inside it (its next sibling's index).
    var end: Int32
  }

  private(set) var values: [Value] = []
  private(set) var strings: [String] = []
  /// Keys repeat (every event has `type`, `at`, `frame`): each is stored once.
  private var keyIDs: [String: Int32] = [:]

  /// Reads `bytes`; an error says where (byte offset) and what is wrong.
  init(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) {
    var reader = Reader(bytes: bytes)
    try reader.read(into: &self)
  }

  func string(_ value: Value) -> String? {
    value.kind == .string ? strings[Int(value.number)] : nil
  }

  /// The values directly inside container `index`, in order.
  func children(of index: Int) -> [Int] {
    var result: [Int] = []
    var child = index + 1
    let end = Int(values[index].end)
    while child < end {
      result.append(child)
      child = Int(values[child].end)
    }
    return result
  }

  /// The member `key` of object `index`, if it has one.
  func member(_ index: Int, _ key: String) -> Int? {
    guard values[index].kind == .object else { return nil }
    var child = index + 1
    let end = Int(values[index].end)
    while child < end {
      if strings[Int(values[child].key)] == key { return child }
      child = Int(values[child].end)
    }
    return nil
  }

  /// The number at `index`, if it is one.
  func number(_ index: Int?) -> Double? {
    guard let index, values[index].kind == .number else { return nil }
    return values[index].number
  }

  /// The string at `index`, if it is one.
  func string(at index: Int?) -> String? {
    guard let index else { return nil }
    return string(values[index])
  }

  /// The members of every object, by key, as indices into `values` (one pass).
  func members() -> [Int32: [String: Int]] {
    var result: [Int32: [String: Int]] = [:]
    for (i, value) in values.enumerated() where value.key >= 0 {
      result[value.parent, default: [:]][strings[Int(value.key)]] = i
    }
    return result
  }

  /// The elements of every array, in order.
  func elements() -> [Int32: [Int]] {
    var result: [Int32: [Int]] = [:]
    for (i, value) in values.enumerated() where value.parent >= 0 && value.key < 0 {
      if values[Int(value.parent)].kind == .array { result[value.parent, default: []].append(i) }
    }
    return result
  }

  fileprivate mutating func append(_ kind: Kind, parent: Int32, key: Int32, number: Double = 0)
    -> Int32
  {
    let index = Int32(values.count)
    values.append(Value(kind: kind, parent: parent, key: key, number: number, end: index + 1))
    return index
  }

  fileprivate mutating func internKey(_ text: String) -> Int32 {
    if let id = keyIDs[text] { return id }
    let id = intern(text)
    keyIDs[text] = id
    return id
  }

  fileprivate mutating func intern(_ text: String) -> Int32 {
    strings.append(text)
    return Int32(strings.count - 1)
  }

  private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    func fail(_ message: String) -> InputError {
      InputError(.schema, .offset(position), "not valid JSON: \(message)")
    }

    mutating func skipBlanks() {
      while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) {
        position += 1
      }
    }

    mutating func read(into tape: inout JSONTape) throws(InputError) {
      if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
      var open: [Int32] = []
      var key: Int32 = -1
      var expectValue = true
      while true {
        skipBlanks()
        guard position < bytes.count else {
          if open.isEmpty && !tape.values.isEmpty { return }
          throw fail("the document ends early")
        }
        let byte = bytes[position]
        let parent = open.last ?? -1
        let inObject = parent >= 0 && tape.values[Int(parent)].kind == .object
        if !expectValue {
          // After a value: a comma, or the end of the enclosing container.
          guard parent >= 0 else { throw fail("text after the end of the document") }
          position += 1
          if byte == UInt8(ascii: ",") {
            expectValue = true
            if inObject { key = try readKey(&tape) }
            continue
          }
          guard byte == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
            throw fail("expected , or the end of the \(inObject ? "object" : "array")")
          }
          let closed = open.removeLast()
          tape.values[Int(closed)].end = Int32(tape.values.count)
          continue
        }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
          position += 1
          let kind: Kind = byte == UInt8(ascii: "{") ? .object : .array
          let index = tape.append(kind, parent: parent, key: key)
          key = -1
          skipBlanks()
          let close = kind == .object ? UInt8(ascii: "}") : UInt8(ascii: "]")
          if position < bytes.count && bytes[position] == close {
            position += 1
            expectValue = false
            continue
          }
          open.append(index)
          if kind == .object { key = try readKey(&tape) }
          continue
        case UInt8(ascii: "\""):
          let text = try readString()
          let id = tape.intern(text)
          _ = tape.append(.string, parent: parent, key: key, number: Double(id))
        case UInt8(ascii: "t"):
          try literal("true")
          _ = tape.append(.bool, parent: parent, key: key, number: 1)
        case UInt8(ascii: "f"):
          try literal("false")
          _ = tape.append(.bool, parent: parent, key: key, number: 0)
        case UInt8(ascii: "n"):
          try literal("null")
          _ = tape.append(.null, parent: parent, key: key)
        default:
          _ = tape.append(.number, parent: parent, key: key, number: try readNumber())
        }
        key = -1
        expectValue = false
      }
    }

    mutating func readKey(_ tape: inout JSONTape) throws(InputError) -> Int32 {
      skipBlanks()
      guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
        throw fail("expected a key")
      }
      let id = tape.internKey(try readString())
      skipBlanks()
      guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
        throw fail("expected : after a key")
      }
      position += 1
      return id
    }

    mutating func literal(_ word: String) throws(InputError) {
      let utf8 = Array(word.utf8)
      guard position + utf8.count <= bytes.count,
        bytes[position..<position + utf8.count].elementsEqual(utf8)
      else { throw fail("unexpected character") }
      position += utf8.count
    }

    mutating func readNumber() throws(InputError) -> Double {
      let start = position
      // Integers of up to 15 digits (frame indices, counts) are read directly: exact, and
      // without a string per number.
      var negative = false
      var integer: Int64 = 0
      var digits = 0
      if position < bytes.count && bytes[position] == UInt8(ascii: "-") {
        negative = true
        position += 1
      }
      while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39, digits < 15 {
        integer = integer * 10 + Int64(bytes[position] - 0x30)
        digits += 1
        position += 1
      }
      if digits > 0, position == bytes.count || !Self.numberBytes.contains(bytes[position]) {
        return Double(negative ? -integer : integer)
      }
      position = start
      while position < bytes.count, Self.numberBytes.contains(bytes[position]) { position += 1 }
      guard position > start,
        let value = Double(
          String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self))
      else {
        position = start
        throw fail("unexpected character")
      }
      return value
    }

    static let numberBytes = Set("0123456789+-.eE".utf8)

    mutating func readString() throws(InputError) -> String {
      position += 1
      var out: [UInt8] = []
      while true {
        guard position < bytes.count else { throw fail("a string is not closed") }
        let byte = bytes[position]
        position += 1
        if byte == UInt8(ascii: "\"") { break }
        if byte < 0x20 { throw fail("a control character inside a string") }
        guard byte == UInt8(ascii: "\\") else {
          out.append(byte)
          continue
        }
        guard position < bytes.count else { throw fail("a string is not closed") }
        let escape = bytes[position]
        position += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          var code = try hex4()
          if (0xD800...0xDBFF).contains(code), position + 1 < bytes.count,
            bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
          {
            position += 2
            let low = try hex4()
            code =
              (0xDC00...0xDFFF).contains(low)
              ? 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD
          }
          let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
          out.append(contentsOf: Array(String(scalar).utf8))
        default: throw fail("an unknown escape in a string")
        }
      }
      return String(decoding: out, as: UTF8.self)
    }

    mutating func hex4() throws(InputError) -> UInt32 {
      guard position + 4 <= bytes.count,
        let value = UInt32(
          String(
            decoding: UnsafeBufferPointer(rebasing: bytes[position..<position + 4]), as: UTF8.self),
          radix: 16)
      else { throw fail("a bad \\u escape") }
      position += 4
      return value
    }
  }
}
