import Foundation

/// A value behind a lock, for what threads hand each other.
public final class Locked<Value>: @unchecked Sendable {
  private var value: Value
  private let lock = NSLock()

  public init(_ value: Value) { self.value = value }

  public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body(&value)
  }
}

/// Where threads that share out one job leave their results, one slot each.
public final class ThreadResults<Value>: @unchecked Sendable {
  private let slots: Locked<[Value?]>

  public init(count: Int) {
    slots = Locked(Array(repeating: nil, count: count))
  }

  public func set(_ index: Int, _ value: Value) {
    slots.withLock { $0[index] = value }
  }

  /// The result in slot `index`, which is emptied (so that the caller holds the only copy).
  public func take(_ index: Int) -> Value {
    slots.withLock { slots in
      defer { slots[index] = nil }
      return slots[index]!
    }
  }
}
