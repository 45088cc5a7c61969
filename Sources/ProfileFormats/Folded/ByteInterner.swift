import ProfileModel

/// Interns short byte strings (folded-stack frames): each distinct byte sequence gets a small
/// id, found again by hashing the bytes in place (`SeededHash`), without making a `String`
/// for every occurrence. The distinct sequences are copied into the interner, so the input
/// they came from may be released; an `IdIndex` finds them (a sequence's length is the
/// distance to the next one's offset).
struct ByteInterner {
  private var index = IdIndex()
  private var storage: [UInt8] = []
  /// Sequence `i` is `storage[offsets[i] ..< offsets[i + 1]]`.
  private var offsets: [Int] = [0]

  /// The id of the `length` bytes at `base`, and whether it is new.
  mutating func intern(_ base: UnsafePointer<UInt8>, length: Int) -> (id: Int32, isNew: Bool) {
    intern(base, length: length, hash: SeededHash.bytes(base, length))
  }

  /// `intern` with the bytes' `hash` already computed.
  mutating func intern(_ base: UnsafePointer<UInt8>, length: Int, hash: UInt64)
    -> (id: Int32, isNew: Bool)
  {
    let found = storage.withUnsafeBufferPointer { stored in
      offsets.withUnsafeBufferPointer { offsets in
        index.intern(
          hash: hash, next: Int32(offsets.count - 1),
          isKey: { id in
            let start = offsets[Int(id)]
            return offsets[Int(id) + 1] - start == length
              && Self.equal((stored.baseAddress ?? base) + start, base, length)
          })
      }
    }
    if found.isNew {
      storage.append(contentsOf: UnsafeBufferPointer(start: base, count: length))
      offsets.append(storage.count)
    }
    return found
  }

  /// Interning bytes of `hash` reads three places that are far apart: the home slot, the
  /// offset of the id found there, and the bytes stored at that offset. For a batch of keys
  /// (a line's frames), `prefetch(hash:stage:)` asks for each in turn, one stage for every
  /// key before the next stage, so that the keys' cache misses overlap instead of waiting
  /// for each other. Stage 0 hints the slot; 1 reads the slot and hints the offset; 2 reads
  /// the offset and hints the bytes.
  @inline(__always)
  func prefetch(hash: UInt64, stage: Int) {
    if stage == 0 { return index.prefetchHome(hash: hash) }
    let id = Int(index.homeID(hash: hash))
    guard id >= 0 else { return }
    if stage == 1 { return Prefetch.element(offsets, id) }
    Prefetch.element(storage, offsets[id])
  }

  /// Whether the `length` bytes at `a` and at `b` are the same, eight at a time.
  @inline(__always)
  private static func equal(
    _ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int
  ) -> Bool {
    let a = UnsafeRawPointer(a)
    let b = UnsafeRawPointer(b)
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
