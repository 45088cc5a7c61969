/// An open-addressing index from keys that their owner keeps in an array to their ids (the
/// array's positions): the compact replacement for a `[Key: Int32]` dictionary when the keys
/// are stored anyway. A slot holds an id and 32 bits of the key's hash, 8 bytes; the table
/// doubles at three quarters full, so it costs 10.7 to 21 bytes a key. The slot comes from
/// the high bits of the hash times a large odd constant (Fibonacci hashing), so keys whose
/// hashes differ only in a few bits still spread. Hashes are the owner's, seeded per process
/// (`SeededHash`), so that keys crafted to collide cannot be planned.
struct IdIndex: Sendable {
  private struct Slot {
    var id: Int32
    var hashTag: UInt32
  }

  private var slots = [Slot](repeating: Slot(id: -1, hashTag: 0), count: 16)
  /// 64 minus the base-2 logarithm of the slot count.
  private var shift: UInt64 = 60
  private(set) var count = 0

  init() {}

  @inline(__always)
  private static func tag(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash) }

  @inline(__always)
  private func home(_ hash: UInt64) -> Int {
    Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// The id whose key has `hash` and for which `isKey` holds, or nil.
  @inline(__always)
  func find(hash: UInt64, isKey: (Int32) -> Bool) -> Int32? {
    let mask = slots.count - 1
    let tag = Self.tag(hash)
    var slot = home(hash)
    while true {
      let entry = slots[slot]
      if entry.id < 0 { return nil }
      if entry.hashTag == tag && isKey(entry.id) { return entry.id }
      slot = (slot + 1) & mask
    }
  }

  /// Adds `id`, whose key (not in the index yet) has `hash`; `hashOf` gives the hash of any
  /// id's key, for when the table grows.
  mutating func insert(_ id: Int32, hash: UInt64, hashOf: (Int32) -> UInt64) {
    if (count + 1) * 8 > slots.count * 7 {
      let old = slots
      slots = [Slot](repeating: Slot(id: -1, hashTag: 0), count: old.count * 2)
      shift -= 1
      for entry in old where entry.id >= 0 { place(entry.id, hash: hashOf(entry.id)) }
    }
    place(id, hash: hash)
    count += 1
  }

  private mutating func place(_ id: Int32, hash: UInt64) {
    let mask = slots.count - 1
    var slot = home(hash)
    while slots[slot].id >= 0 { slot = (slot + 1) & mask }
    slots[slot] = Slot(id: id, hashTag: Self.tag(hash))
  }
}
