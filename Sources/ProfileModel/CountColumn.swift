/// A column of call counts, one per function or per edge. Stacks record no calls, so the
/// graphs made from stacks hold all-zero columns, which take no storage here.
public struct CountColumn: RandomAccessCollection, MutableCollection, Sendable, Equatable,
  ExpressibleByArrayLiteral
{
  private var stored: [Int64]
  /// The length of an all-zero column whose values are not stored.
  private var zeroCount: Int

  /// A column holding `values`.
  public init(_ values: [Int64]) {
    stored = values
    zeroCount = 0
  }

  public init(arrayLiteral values: Int64...) {
    self.init(values)
  }

  /// `count` zeros, not stored until one is set.
  public static func zeros(_ count: Int) -> CountColumn {
    var column = CountColumn([])
    column.zeroCount = count
    return column
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { stored.isEmpty ? zeroCount : stored.count }

  public subscript(position: Int) -> Int64 {
    @inline(__always) get {
      if zeroCount == 0 { return stored[position] }
      precondition(position >= 0 && position < zeroCount, "count index out of range")
      return 0
    }
    set {
      if stored.isEmpty && zeroCount > 0 {
        stored = [Int64](repeating: 0, count: zeroCount)
        zeroCount = 0
      }
      stored[position] = newValue
    }
  }

  public func withContiguousStorageIfAvailable<R>(
    _ body: (UnsafeBufferPointer<Int64>) throws -> R
  ) rethrows -> R? {
    zeroCount == 0 ? try stored.withUnsafeBufferPointer(body) : nil
  }

  public static func == (a: CountColumn, b: CountColumn) -> Bool { a.elementsEqual(b) }
}
