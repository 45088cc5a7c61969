/// An open-addressing index from keys that their owner keeps in an array (or a byte store)
/// to their ids, the keys' positions there: the compact replacement for a `[Key: Int32]`
/// dictionary when the keys are stored anyway. A slot holds an id and 32 bits of the key's
/// hash, 8 bytes; the table doubles at 7/8 full, so it costs 9.1 to 18.3 bytes a key. The
/// hash is multiplied by a large odd constant (Fibonacci hashing), so keys whose hashes
/// differ only in a few bits still spread; a slot keeps the product's high 32 bits, and the
/// home slot is their first bits — so growing moves slots without hashing any key again.
/// Hashes are the owner's (`SeededHash`, seeded per process), so that keys crafted to
/// collide cannot be planned.
public struct IdIndex: Sendable {
  @usableFromInline
  struct Slot: Sendable {
    @usableFromInline var id: Int32
    @usableFromInline var hashTag: UInt32

    @usableFromInline
    init(id: Int32, hashTag: UInt32) {
      self.id = id
      self.hashTag = hashTag
    }
  }

  @usableFromInline var slots = [Slot](repeating: Slot(id: -1, hashTag: 0), count: 16)
  /// 64 minus the base-2 logarithm of the slot count.
  @usableFromInline var shift: UInt64 = 60
  @usableFromInline var used = 0

  /// Keys indexed.
  public var count: Int { used }

  public init() {}

  /// The bits a slot keeps of `hash`: the high half of its Fibonacci product.
  @inlinable @inline(__always)
  static func tag(_ hash: UInt64) -> UInt32 {
    UInt32(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32)
  }

  /// The home slot of a key whose tag is `tag`: the tag's first bits (a table has at most
  /// 2^32 slots, so they are enough).
  @inlinable @inline(__always)
  func home(_ tag: UInt32) -> Int {
    Int(truncatingIfNeeded: UInt64(tag) >> (shift - 32))
  }

  /// The id whose key has `hash` and for which `isKey` holds, or nil.
  @inlinable @inline(__always)
  public func find(hash: UInt64, isKey: (Int32) -> Bool) -> Int32? {
    let mask = slots.count - 1
    let tag = Self.tag(hash)
    var slot = home(tag)
    while true {
      let entry = slots[slot]
      if entry.id < 0 { return nil }
      if entry.hashTag == tag && isKey(entry.id) { return entry.id }
      slot = (slot + 1) & mask
    }
  }

  /// Asks for the home slot of `hash` to be brought into the cache, without waiting for it:
  /// hinted for several keys before they are looked up, their cache misses overlap.
  @inlinable @inline(__always)
  public func prefetchHome(hash: UInt64) {
    Prefetch.element(slots, home(Self.tag(hash)))
  }

  /// The id in the home slot of `hash` (-1 when it is empty), which is most often the key's.
  @inlinable @inline(__always)
  public func homeID(hash: UInt64) -> Int32 {
    slots[home(Self.tag(hash))].id
  }

  /// The id whose key has `hash` and for which `isKey` holds; when there is none, `next` is
  /// indexed under `hash` and returned as new (the owner then stores its key).
  @inlinable @inline(__always)
  public mutating func intern(
    hash: UInt64, next: Int32, isKey: (Int32) -> Bool
  ) -> (id: Int32, isNew: Bool) {
    if (used + 1) * 8 > slots.count * 7 { grow() }
    let mask = slots.count - 1
    let tag = Self.tag(hash)
    var slot = home(tag)
    while true {
      let entry = slots[slot]
      if entry.id < 0 { break }
      if entry.hashTag == tag && isKey(entry.id) { return (entry.id, false) }
      slot = (slot + 1) & mask
    }
    slots[slot] = Slot(id: next, hashTag: tag)
    used += 1
    return (next, true)
  }

  /// Indexes the ids `count ..< total` (an index released or behind its owner catches up:
  /// ids are positions, indexed in order).
  public mutating func catchUp(to total: Int, hashOf: (Int32) -> UInt64) {
    while used < total {
      let id = Int32(used)
      _ = intern(hash: hashOf(id), next: id, isKey: { _ in false })
    }
  }

  @usableFromInline
  mutating func grow() {
    // Ids are 32-bit: 2^31 keys fit in 2^32 slots, the most a tag can address.
    precondition(shift > 32, "an IdIndex holds at most 2^31 keys")
    let old = slots
    slots = [Slot](repeating: Slot(id: -1, hashTag: 0), count: old.count * 2)
    shift -= 1
    let mask = slots.count - 1
    for entry in old where entry.id >= 0 {
      var slot = home(entry.hashTag)
      while slots[slot].id >= 0 { slot = (slot + 1) & mask }
      slots[slot] = entry
    }
  }
}
