/// The hash of every table keyed by input (frame texts, names, frames, caller → callee pairs,
/// stacks): 64-bit words mixed into a state that starts from a value random per process, so
/// that keys crafted to land in one run of a table (hash flooding) cannot be made in advance.
public enum SeededHash {
  /// The starting value, random per process.
  public static let seed = UInt64.random(in: 1...UInt64.max)

  /// One step: a 64-bit word mixed into the hash.
  @inlinable @inline(__always)
  public static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
    let m = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
    return m ^ (m >> 32)
  }

  /// The last step of a byte string's hash: its remaining bytes (zero-padded, little-endian)
  /// and its length.
  @inlinable @inline(__always)
  public static func finish(_ hash: UInt64, tail: UInt64, length: Int) -> UInt64 {
    var f = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    f ^= UInt64(truncatingIfNeeded: length) &* 0x9E37_79B9_7F4A_7C15
    return f ^ (f >> 29)
  }

  /// Up to 7 bytes as a zero-padded little-endian word: the end of a byte string.
  @inlinable @inline(__always)
  public static func tail(_ base: UnsafePointer<UInt8>, count: Int) -> UInt64 {
    var tail: UInt64 = 0
    for i in 0..<count { tail |= UInt64(base[i]) << UInt64(8 * i) }
    return tail
  }

  /// The hash of `length` bytes at `base`, eight at a time; a reader that scans a text word
  /// by word computes the same value with `mix` and `finish`.
  @inlinable
  public static func bytes(_ base: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
    var h = seed
    var i = 0
    let raw = UnsafeRawPointer(base)
    while i + 8 <= length {
      h = mix(h, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
      i += 8
    }
    return finish(h, tail: tail(base + i, count: length - i), length: length)
  }
}
