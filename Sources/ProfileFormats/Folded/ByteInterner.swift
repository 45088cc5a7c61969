/// Interns short byte strings (folded-stack frames): each distinct byte sequence gets a small
/// id, found again by hashing the bytes in place, without making a `String` for every
/// occurrence. The distinct sequences are copied into the interner, so the input they came
/// from may be released. Open addressing, power-of-two table, grown at 75% load, with a
/// hash seeded per process; a slot holds an id and 32 bits of the hash (8 bytes), the
/// length is the distance to the next sequence's offset.
struct ByteInterner {
  private struct Entry {
    var hashTag: UInt32
    var id: Int32
  }

  private var table: [Entry]
  private var mask: Int
  private var storage: [UInt8] = []
  /// Sequence `i` is `storage[offsets[i] ..< offsets[i + 1]]`.
  private var offsets: [Int] = [0]
  private(set) var count = 0

  init(capacity: Int = 1 << 12) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    table = [Entry](repeating: Entry(hashTag: 0, id: -1), count: size)
    mask = size - 1
  }

  /// The hash's starting value, random per process: input crafted so that many frames land
  /// in one run of the table (hash flooding) cannot be made without knowing it.
  static let seed = UInt64.random(in: 1...UInt64.max)

  /// One step of the hash: a full 8-byte word of the text.
  @inline(__always)
  static func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
    let m = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
    return m ^ (m >> 32)
  }

  /// The last step: the remaining bytes (zero-padded, little-endian) and the length.
  @inline(__always)
  static func finish(_ h: UInt64, tail: UInt64, length: Int) -> UInt64 {
    var f = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    f ^= UInt64(truncatingIfNeeded: length) &* 0x9E37_79B9_7F4A_7C15
    return f ^ (f >> 29)
  }

  /// The hash of `length` bytes at `base`; a caller that scans the text word by word can
  /// compute the same value with `mix` and `finish`.
  static func hash(_ base: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
    var h = seed
    var i = 0
    let raw = UnsafeRawPointer(base)
    while i + 8 <= length {
      h = mix(h, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
      i += 8
    }
    return finish(h, tail: tail(base + i, count: length - i), length: length)
  }

  /// Up to 7 bytes as a zero-padded little-endian word: the end of a text for `finish`.
  @inline(__always)
  static func tail(_ base: UnsafePointer<UInt8>, count: Int) -> UInt64 {
    var tail: UInt64 = 0
    for i in 0..<count { tail |= UInt64(base[i]) << UInt64(8 * i) }
    return tail
  }

  private func equal(_ id: Int32, _ base: UnsafePointer<UInt8>, _ length: Int) -> Bool {
    storage.withUnsafeBufferPointer { stored in
      let a = UnsafeRawPointer(stored.baseAddress! + offsets[Int(id)])
      let b = UnsafeRawPointer(base)
      var i = 0
      while i + 8 <= length {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self)
          != b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        {
          return false
        }
        i += 8
      }
      while i < length {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) {
          return false
        }
        i += 1
      }
      return true
    }
  }

  /// The id of the `length` bytes at `base`, and whether it is new.
  mutating func intern(_ base: UnsafePointer<UInt8>, length: Int) -> (id: Int32, isNew: Bool) {
    intern(base, length: length, hash: Self.hash(base, length))
  }

  /// `intern` with the bytes' `hash` already computed.
  mutating func intern(_ base: UnsafePointer<UInt8>, length: Int, hash h: UInt64)
    -> (id: Int32, isNew: Bool)
  {
    let tag = UInt32(truncatingIfNeeded: h >> 32)
    var slot = Int(truncatingIfNeeded: h >> 7) & mask
    while true {
      let entry = table[slot]
      if entry.id < 0 { break }
      if entry.hashTag == tag && byteCount(of: entry.id) == length && equal(entry.id, base, length)
      {
        return (entry.id, false)
      }
      slot = (slot + 1) & mask
    }
    let id = Int32(count)
    count += 1
    storage.append(contentsOf: UnsafeBufferPointer(start: base, count: length))
    offsets.append(storage.count)
    table[slot] = Entry(hashTag: tag, id: id)
    if count * 8 > table.count * 7 { grow() }
    return (id, true)
  }

  @inline(__always)
  private func byteCount(of id: Int32) -> Int { offsets[Int(id) + 1] - offsets[Int(id)] }

  private mutating func grow() {
    let old = table
    table = [Entry](repeating: Entry(hashTag: 0, id: -1), count: old.count * 2)
    mask = table.count - 1
    storage.withUnsafeBufferPointer { stored in
      for entry in old where entry.id >= 0 {
        let start = offsets[Int(entry.id)]
        let h = Self.hash(stored.baseAddress! + start, byteCount(of: entry.id))
        var slot = Int(truncatingIfNeeded: h >> 7) & mask
        while table[slot].id >= 0 { slot = (slot + 1) & mask }
        table[slot] = entry
      }
    }
  }
}
