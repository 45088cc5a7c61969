import ProfileModel

/// Interns short byte strings (folded-stack frames): each distinct byte sequence gets a small
/// id, found again by hashing the bytes in place, without making a `String` for every
/// occurrence. The distinct sequences are copied into the interner, so the input they came
/// from may be released. Open addressing, power-of-two table, grown at 7/8 load, with
/// `SeededHash`; a slot holds an id and 32 bits of the hash (8 bytes), the
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
    intern(base, length: length, hash: SeededHash.bytes(base, length))
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
        let h = SeededHash.bytes(stored.baseAddress! + start, byteCount(of: entry.id))
        var slot = Int(truncatingIfNeeded: h >> 7) & mask
        while table[slot].id >= 0 { slot = (slot + 1) & mask }
        table[slot] = entry
      }
    }
  }
}
