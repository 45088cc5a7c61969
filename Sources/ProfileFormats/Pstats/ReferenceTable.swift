/// Marshal's FLAG_REF table (spec A.2.7), packed into 8 bytes an entry so that the random
/// look-ups of a large file's references stay in cache. An entry holds the value's kind in
/// its top 5 bits and its payload below; a payload too wide for that (most floats, large
/// ints) lives in a side table. A value read back carries the offset of the `r` that
/// referred to it.
struct ReferenceTable {
  private static let kindShift: UInt64 = 59
  private static let wideFlag: UInt64 = 1 << 58
  private static let payloadMask: UInt64 = (1 << 58) - 1

  private var entries: [UInt64] = []
  private var wide: [UInt64] = []

  var count: Int { entries.count }

  private mutating func encode(_ value: MarshalValue) -> UInt64 {
    let kind = UInt64(value.kind.rawValue) << Self.kindShift
    if value.payload <= Self.payloadMask { return kind | value.payload }
    wide.append(value.payload)
    return kind | Self.wideFlag | UInt64(wide.count - 1)
  }

  mutating func append(_ value: MarshalValue) {
    entries.append(encode(value))
  }

  subscript(index: Int) -> MarshalValue {
    get { value(index, at: 0) }
    set { entries[index] = encode(newValue) }
  }

  /// The value in slot `index`, as seen from offset `offset`.
  func value(_ index: Int, at offset: Int) -> MarshalValue {
    let entry = entries[index]
    let kind = MarshalValue.Kind(rawValue: UInt8(entry >> Self.kindShift))!
    var payload = entry & Self.payloadMask
    if entry & Self.wideFlag != 0 { payload = wide[Int(payload)] }
    return MarshalValue(kind, payload, at: offset)
  }

  mutating func truncate(to count: Int) {
    entries.removeSubrange(count...)
  }
}
