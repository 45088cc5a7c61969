import CMemory

/// Cache hints: a look-up pass asks for the memory of several keys before a second pass
/// uses it, so that their cache misses overlap instead of waiting for each other. A hint
/// never waits and never faults.
public enum Prefetch {
  /// Asks for the cache line of `array[index]`.
  @inlinable @inline(__always)
  public static func element<Element>(_ array: [Element], _ index: Int) {
    array.withUnsafeBufferPointer { elements in
      if let base = elements.baseAddress { flamewalk_prefetch(base + index) }
    }
  }
}
