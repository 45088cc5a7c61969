/// Interned strings of one profile: every file name and function name is stored once and
/// referred to by a small integer id. The index from text to id is an `IdIndex` over the
/// strings' UTF-8 bytes (11–21 bytes a string, not a dictionary entry's 40–60); a finished
/// profile lets it go (`releaseIndex`) and it is built again if a string is interned later.
public struct StringTable: Sendable {
  public private(set) var strings: [String] = []
  /// Each string's length in Unicode code points (Python's `len`).
  public private(set) var scalarCounts: [Int32] = []
  private var index = IdIndex()

  public init() {}

  /// The id of `string`, adding it when it is new.
  public mutating func intern(_ string: String) -> Int32 {
    index.catchUp(to: strings.count) { [strings] in Self.hash(strings[Int($0)]) }
    let (id, isNew) = index.intern(
      hash: Self.hash(string), next: Int32(strings.count),
      isKey: { [strings] in strings[Int($0)] == string })
    guard isNew else { return id }
    strings.append(string)
    var scalars: Int32 = 0
    for byte in string.utf8 where byte & 0xC0 != 0x80 { scalars += 1 }
    scalarCounts.append(scalars)
    return id
  }

  /// The id of `string` when it is already interned (looked for one by one when the index
  /// was released).
  public func id(of string: String) -> Int32? {
    guard index.count == strings.count else {
      return strings.firstIndex(of: string).map(Int32.init)
    }
    return find(string, hash: Self.hash(string))
  }

  /// Lets the index from text to id go, for a table that is not expected to grow again.
  public mutating func releaseIndex() { index = IdIndex() }

  private func find(_ string: String, hash: UInt64) -> Int32? {
    index.find(hash: hash) { strings[Int($0)] == string }
  }

  public subscript(id: Int32) -> String { strings[Int(id)] }

  public var count: Int { strings.count }

  /// The `SeededHash` of the string's UTF-8 bytes.
  static func hash(_ string: String) -> UInt64 {
    var copy = string
    return copy.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return SeededHash.bytes([], 0) }
      return SeededHash.bytes(base, bytes.count)
    }
  }
}
