/// Interned strings of one profile: every file name and function name is stored once and
/// referred to by a small integer id.
public struct StringTable: Sendable {
  public private(set) var strings: [String] = []
  /// Each string's length in Unicode code points (Python's `len`).
  public private(set) var scalarCounts: [Int32] = []
  private var ids: [String: Int32] = [:]

  public init() {}

  /// The id of `string`, adding it when it is new.
  public mutating func intern(_ string: String) -> Int32 {
    if let id = ids[string] { return id }
    let id = Int32(strings.count)
    strings.append(string)
    var scalars: Int32 = 0
    for byte in string.utf8 where byte & 0xC0 != 0x80 { scalars += 1 }
    scalarCounts.append(scalars)
    ids[string] = id
    return id
  }

  /// The id of `string` when it is already interned.
  public func id(of string: String) -> Int32? { ids[string] }

  public subscript(id: Int32) -> String { strings[Int(id)] }

  public var count: Int { strings.count }
}
