import ProfileModel

/// An iterative decoder for Python's marshal format, versions 0–5 and Python 2 files (spec
/// A.2). It never recurses per value (containers use an explicit stack; only code objects,
/// whose layout is tried field by field, nest a call) and never allocates from a declared
/// length. Decoded values land in flat arenas that `PstatsSchema` turns into a `CallGraph`.
struct MarshalReader {
  static let maximumDepth = 64

  let bytes: UnsafeBufferPointer<UInt8>
  var position = 0
  var strings = StringTable()
  var refs = ReferenceTable()
  var py2Strings: [Int32] = []
  var elements: [MarshalValue] = []
  var containerStart: [Int32] = []
  var containerCount: [Int32] = []
  /// Each container's reference-table slot, or -1 when it was not flagged.
  var containerSlot: [Int32] = []
  var codes: [CodeObjectInfo] = []
  /// Where each byte string's bytes are (a `.bytes` value's payload indexes this): a
  /// reference to one arrives elsewhere in the file, so the value cannot point at its bytes
  /// by its own offset.
  var byteSpans: [Range<Int>] = []
  var codeLayout: CodeLayout?
  var sawFlagRef = false
  var sawPython2Codes = false
  var sawPython3Codes = false
  var latin1Fallbacks = 0
  /// Set when a value needed the elements of a container that streaming had discarded; the
  /// file is then decoded again without streaming.
  var neededDiscardedContainer = false
  var scratch: [MarshalValue] = []
  /// Open containers of every `readValue` in progress (nested calls stack above).
  private var frames: [Frame] = []
  /// Elements the open tuples, lists and sets still wait for: each takes at least a byte,
  /// so together with a new container's count they must fit in the bytes left. That keeps
  /// every slot allocated ahead backed by a byte of input, however deeply containers nest.
  private var pendingElements = 0

  init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  var remaining: Int { bytes.count - position }

  /// The elements of a container (dicts: key, value, key, value, …), or nil when the
  /// container was discarded by `discard(elementsFrom:containersFrom:keeping:)`.
  func elements(of value: MarshalValue) -> ArraySlice<MarshalValue>? {
    let start = Int(containerStart[value.index])
    guard start >= 0 else { return nil }
    return elements[start..<start + Int(containerCount[value.index])]
  }

  /// `elements(of:)` for a value that must still be there: a discarded one records the miss
  /// and fails, so the caller can decode the file again without streaming.
  mutating func requireElements(of value: MarshalValue) throws(InputError)
    -> ArraySlice<MarshalValue>
  {
    guard let parts = elements(of: value) else {
      neededDiscardedContainer = true
      throw fail(.unsupported, Int(value.offset), "a shared container was needed again")
    }
    return parts
  }

  // MARK: - Streaming a dict

  /// When the next value is a dict, consumes its type byte and returns its reference slot
  /// (-1 when unflagged); the caller then reads its pairs with `readDictKey` and `readValue`.
  mutating func openDict() -> Int? {
    guard position < bytes.count, bytes[position] & 0x7F == UInt8(ascii: "{") else { return nil }
    let flagged = bytes[position] & 0x80 != 0
    if flagged { sawFlagRef = true }
    let start = position
    position += 1
    return reserveSlot(flagged, start)
  }

  /// Reads the next key of an open dict, or returns nil at its NULL terminator.
  mutating func readDictKey(depth: Int) throws(InputError) -> MarshalValue? {
    guard position < bytes.count else {
      throw fail(.truncated, position, "file ends before the dict's terminating NULL")
    }
    if bytes[position] & 0x7F == UInt8(ascii: "0") {
      position += 1
      return nil
    }
    let key = try readValue(depth: depth)
    guard key.isHashable else { throw fail(.badValue, Int(key.offset), "unhashable dict key") }
    return key
  }

  /// Forgets the elements of every container made since the marks, so that a large dict can
  /// be consumed pair by pair in constant memory. Function key tuples that later values
  /// refer to were replaced by `.resolvedKey` in the reference table first.
  mutating func discard(elementsFrom elementMark: Int, containersFrom containerMark: Int) {
    for id in containerMark..<containerStart.count { containerStart[id] = -1 }
    elements.removeSubrange(elementMark...)
  }

  func count(of value: MarshalValue) -> Int { Int(containerCount[value.index]) }

  // MARK: - Primitive reads

  private func fail(_ category: InputError.Category, _ offset: Int, _ message: String)
    -> InputError
  {
    InputError(category, .offset(offset), message)
  }

  private mutating func need(_ n: Int, _ start: Int, _ what: String) throws(InputError) {
    guard n <= remaining else {
      throw fail(
        .truncated, start, "file ends inside \(what) (needs \(n) bytes, \(remaining) left)")
    }
  }

  private mutating func readByte(_ start: Int, _ what: String) throws(InputError) -> UInt8 {
    try need(1, start, what)
    defer { position += 1 }
    return bytes[position]
  }

  private mutating func readInt32(_ start: Int, _ what: String) throws(InputError) -> Int32 {
    try need(4, start, what)
    let value = UnsafeRawPointer(bytes.baseAddress! + position).loadUnaligned(as: UInt32.self)
    position += 4
    return Int32(bitPattern: UInt32(littleEndian: value))
  }

  private mutating func readUInt64(_ start: Int, _ what: String) throws(InputError) -> UInt64 {
    try need(8, start, what)
    let value = UnsafeRawPointer(bytes.baseAddress! + position).loadUnaligned(as: UInt64.self)
    position += 8
    return UInt64(littleEndian: value)
  }

  /// An int32 size or count: negative is `bad-length`.
  private mutating func readLength(_ start: Int, _ what: String) throws(InputError) -> Int {
    let n = try readInt32(start, what)
    guard n >= 0 else {
      throw fail(.badLength, start, "\(what) has a negative size (\(UInt32(bitPattern: n)))")
    }
    return Int(n)
  }

  private mutating func readSpan(_ n: Int, _ start: Int, _ what: String) throws(InputError)
    -> UnsafeBufferPointer<UInt8>
  {
    try need(n, start, what)
    defer { position += n }
    return UnsafeBufferPointer(rebasing: bytes[position..<position + n])
  }

  private mutating func readLong(_ start: Int) throws(InputError) -> MarshalValue {
    let n = try readInt32(start, "a long's digit count")
    guard n != Int32.min else {
      throw fail(.badLength, start, "long digit count out of range")
    }
    let count = Int(n.magnitude)
    try need(count * 2, start, "a long's digits")
    var magnitude: UInt64 = 0
    var overflow = false
    for k in 0..<count {
      let digit = UInt64(bytes[position]) | UInt64(bytes[position + 1]) << 8
      position += 2
      guard digit <= 0x7FFF else {
        throw fail(.badValue, start, "long digit out of range (\(digit))")
      }
      if k == count - 1 && digit == 0 {
        throw fail(.badValue, start, "unnormalized long data (top digit is 0)")
      }
      guard !overflow, digit != 0 else { continue }
      let shift = 15 * k
      if shift >= 64 || (digit << shift) >> shift != digit {
        overflow = true
        continue
      }
      let (sum, carry) = magnitude.addingReportingOverflow(digit << shift)
      if carry { overflow = true } else { magnitude = sum }
    }
    if n >= 0 {
      if overflow || magnitude > UInt64(Int64.max) { return MarshalValue(.hugeInt, at: start) }
      return MarshalValue(.int, UInt64(magnitude), at: start)
    }
    if overflow || magnitude > UInt64(Int64.max) + 1 { return MarshalValue(.hugeInt, at: start) }
    return MarshalValue(
      .int, UInt64(bitPattern: 0 &- Int64(truncatingIfNeeded: magnitude)), at: start)
  }

  private mutating func readTextFloat(_ start: Int) throws(InputError) -> Double {
    let n = Int(try readByte(start, "a text float's length"))
    let span = try readSpan(n, start, "a text float")
    let allowed = Self.textFloatCharacters
    let text = String(decoding: span, as: UTF8.self)
    guard !span.isEmpty, span.allSatisfy({ allowed.contains($0) }), let value = Double(text)
    else {
      throw fail(.badValue, start, "could not convert string to float: '\(text)'")
    }
    return value
  }

  private static let textFloatCharacters = Set("0123456789.eE+-infatyINFATY".utf8)

  private mutating func intern(_ text: String) -> Int32 { strings.intern(text) }

  // MARK: - Values

  /// An open container. Tuples, lists and sets know their count, so their elements are
  /// written straight into `elements[start...]`; a dict collects its keys and values on
  /// `scratch[start...]` until its NULL terminator.
  struct Frame {
    var kind: MarshalValue.Kind
    var start: Int
    var count: Int
    var filled = 0
    var slot: Int
    var offset: Int
    var awaitingValue = false
  }

  mutating func reserveSlot(_ flagged: Bool, _ start: Int) -> Int {
    guard flagged else { return -1 }
    refs.append(MarshalValue(.inProgress, at: start))
    return refs.count - 1
  }

  private mutating func finish(_ frame: Frame) -> MarshalValue {
    let id = containerStart.count
    if frame.kind == .dict {
      containerStart.append(Int32(elements.count))
      containerCount.append(Int32(scratch.count - frame.start))
      elements.append(contentsOf: scratch[frame.start...])
      scratch.removeSubrange(frame.start...)
    } else {
      containerStart.append(Int32(frame.start))
      containerCount.append(Int32(frame.count))
    }
    containerSlot.append(Int32(frame.slot))
    let value = MarshalValue(frame.kind, UInt64(id), at: frame.offset)
    if frame.slot >= 0 { refs[frame.slot] = value }
    return value
  }

  /// Reads one complete value whose own nesting depth is `depth` (the root is 1).
  mutating func readValue(depth: Int, insideCode: Bool = false) throws(InputError)
    -> MarshalValue
  {
    let base = frames.count
    defer {
      for frame in frames[base...] where frame.count > 0 {
        pendingElements -= frame.count - frame.filled
      }
      frames.removeSubrange(base...)
    }
    while true {
      let start = position
      let code = try readByte(start, "a value's type byte")
      let flagged = code & 0x80 != 0
      let type = code & 0x7F
      if flagged { sawFlagRef = true }
      var value: MarshalValue
      var registers = flagged
      var opensContainer: (kind: MarshalValue.Kind, count: Int)?
      switch type {
      case UInt8(ascii: "0"):
        guard frames.count > base, let top = frames.last, top.kind == .dict else {
          throw fail(.badValue, start, "NULL where a value is required")
        }
        guard !top.awaitingValue else {
          throw fail(.badValue, start, "NULL in a dict's value position")
        }
        value = finish(frames.removeLast())
        registers = false
      case UInt8(ascii: "N"):
        value = MarshalValue(.none, at: start)
        registers = false
      case UInt8(ascii: "T"), UInt8(ascii: "F"):
        value = MarshalValue(.bool, type == UInt8(ascii: "T") ? 1 : 0, at: start)
        registers = false
      case UInt8(ascii: "."):
        value = MarshalValue(.ellipsis, at: start)
        registers = false
      case UInt8(ascii: "S"):
        value = MarshalValue(.stopIteration, at: start)
        registers = false
      case UInt8(ascii: "i"):
        let v = try readInt32(start, "an int")
        value = MarshalValue(.int, UInt64(bitPattern: Int64(v)), at: start)
      case UInt8(ascii: "I"):
        value = MarshalValue(.int, try readUInt64(start, "an int64"), at: start)
      case UInt8(ascii: "l"):
        value = try readLong(start)
      case UInt8(ascii: "g"):
        value = MarshalValue(.float, try readUInt64(start, "a float"), at: start)
      case UInt8(ascii: "f"):
        value = MarshalValue(.float, try readTextFloat(start).bitPattern, at: start)
      case UInt8(ascii: "y"):
        _ = try readUInt64(start, "a complex")
        _ = try readUInt64(start, "a complex")
        value = MarshalValue(.complex, at: start)
      case UInt8(ascii: "x"):
        _ = try readTextFloat(start)
        _ = try readTextFloat(start)
        value = MarshalValue(.complex, at: start)
      case UInt8(ascii: "s"):
        sawPython2Codes = true
        let n = try readLength(start, "a byte string")
        let dataStart = position
        _ = try readSpan(n, start, "a byte string")
        value = MarshalValue(.bytes, UInt64(byteSpans.count), at: start)
        byteSpans.append(dataStart..<dataStart + n)
      case UInt8(ascii: "t"):
        let n = try readLength(start, "an interned string")
        let span = try readSpan(n, start, "an interned string")
        let text: String
        if let decoded = StringDecoding.utf8(span) {
          text = decoded
        } else {
          latin1Fallbacks += 1
          text = StringDecoding.latin1(span)
        }
        let id = intern(text)
        py2Strings.append(id)
        value = MarshalValue(.string, UInt64(id), at: start)
      case UInt8(ascii: "u"):
        let n = try readLength(start, "a unicode string")
        let span = try readSpan(n, start, "a unicode string")
        guard let text = StringDecoding.utf8(span) else {
          throw fail(.badValue, start, "invalid UTF-8 in a unicode string")
        }
        value = MarshalValue(.string, UInt64(intern(text)), at: start)
      case UInt8(ascii: "a"), UInt8(ascii: "A"):
        sawPython3Codes = true
        let n = try readLength(start, "an ASCII string")
        let span = try readSpan(n, start, "an ASCII string")
        value = MarshalValue(.string, UInt64(intern(StringDecoding.latin1(span))), at: start)
      case UInt8(ascii: "z"), UInt8(ascii: "Z"):
        sawPython3Codes = true
        let n = Int(try readByte(start, "a short string's length"))
        let span = try readSpan(n, start, "a short string")
        value = MarshalValue(.string, UInt64(intern(StringDecoding.latin1(span))), at: start)
      case UInt8(ascii: "R"):
        sawPython2Codes = true
        let index = try readInt32(start, "a string reference")
        guard index >= 0, Int(index) < py2Strings.count else {
          throw fail(
            .badRef, start,
            "string reference \(index) out of range (\(py2Strings.count) interned strings)")
        }
        value = MarshalValue(.string, UInt64(py2Strings[Int(index)]), at: start)
        registers = false
      case UInt8(ascii: "r"):
        sawPython3Codes = true
        let index = try readInt32(start, "a reference")
        guard index >= 0, Int(index) < refs.count else {
          throw fail(.badRef, start, "invalid reference \(index) (\(refs.count) objects so far)")
        }
        value = refs.value(Int(index), at: start)
        guard value.kind != .inProgress else {
          throw fail(.badRef, start, "reference \(index) to a container still being read")
        }
        registers = false
      case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "<"), UInt8(ascii: ">"):
        let kind: MarshalValue.Kind =
          switch type {
          case UInt8(ascii: "("): .tuple
          case UInt8(ascii: "["): .list
          case UInt8(ascii: "<"): .set
          default: .frozenset
          }
        opensContainer = (kind, try readLength(start, "a container's count"))
        value = MarshalValue(kind, at: start)
      case UInt8(ascii: ")"):
        sawPython3Codes = true
        opensContainer = (.tuple, Int(try readByte(start, "a small tuple's count")))
        value = MarshalValue(.tuple, at: start)
      case UInt8(ascii: "{"):
        opensContainer = (.dict, -1)
        value = MarshalValue(.dict, at: start)
      case UInt8(ascii: ":"):
        guard insideCode else {
          throw fail(.unsupported, start, "a slice object (never part of a pstats file)")
        }
        opensContainer = (.slice, 3)
        value = MarshalValue(.slice, at: start)
      case UInt8(ascii: "c"):
        value = try readCode(start: start, flagged: flagged, depth: depth + frames.count - base)
        registers = false
      case UInt8(ascii: "?"):
        throw fail(.unknownType, start, "TYPE_UNKNOWN ('?'): the writer could not marshal a value")
      default:
        throw fail(.unknownType, start, "unknown type code 0x\(String(code, radix: 16))")
      }

      if let (kind, count) = opensContainer {
        // The slot this container fills in its parent (directly, or as a field of a code
        // object in it) is among the pending elements.
        let pendingAfter = (frames.last?.count ?? 0) > 0 ? pendingElements - 1 : pendingElements
        if count > remaining - pendingAfter {
          throw fail(
            .truncated, start,
            pendingAfter == 0
              ? "container claims \(count) items but only \(remaining) bytes are left"
              : "container claims \(count) items but only \(remaining) bytes are left for "
                + "them and \(pendingAfter) items of enclosing containers")
        }
        let slot = reserveSlot(flagged, start)
        if count == 0 {
          value = finish(
            Frame(
              kind: kind, start: kind == .dict ? scratch.count : elements.count, count: 0,
              slot: slot, offset: start))
        } else {
          guard depth + frames.count - base < Self.maximumDepth else {
            throw fail(.tooDeep, start, "values nested deeper than \(Self.maximumDepth) levels")
          }
          if kind == .dict {
            frames.append(
              Frame(kind: kind, start: scratch.count, count: -1, slot: slot, offset: start))
          } else {
            frames.append(
              Frame(kind: kind, start: elements.count, count: count, slot: slot, offset: start))
            pendingElements += count
            elements.append(contentsOf: repeatElement(MarshalValue(.none, at: start), count: count))
          }
          continue
        }
      } else if registers {
        refs.append(value)
      }

      // Hand the finished value to the enclosing containers, closing those that are full.
      while true {
        guard frames.count > base else { return value }
        let top = frames.count - 1
        if frames[top].kind == .dict {
          if !frames[top].awaitingValue && !value.isHashable {
            throw fail(.badValue, Int(value.offset), "unhashable dict key")
          }
          scratch.append(value)
          frames[top].awaitingValue.toggle()
          break
        }
        elements[frames[top].start + frames[top].filled] = value
        frames[top].filled += 1
        pendingElements -= 1
        guard frames[top].filled == frames[top].count else { break }
        value = finish(frames.removeLast())
      }
    }
  }
}
