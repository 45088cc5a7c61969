import Foundation

/// `"%.Nf"` of a double without going through `String(format:)`: the value rounded exactly
/// (the binary value, halves to even, as C's printf rounds it) to `digits` decimals. Profile
/// times are written this way on every line of a tree or a report, so it is the hot path of
/// the text writers; values too large for 52 bits once scaled take printf's path.
public enum FixedDecimal {
  /// The text of `x` with `digits` (0 to 9) decimals; `nan`, `inf` and `-inf` as Python and C
  /// write them (NaN without a sign). A negative value that rounds to zero keeps its sign
  /// (`-0.000`), as printf's does.
  public static func text(_ x: Double, digits: Int) -> String {
    precondition((0...9).contains(digits), "FixedDecimal supports 0 to 9 decimals")
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    let magnitude = abs(x)
    let scale = powersOfTen[digits]
    let scaled = magnitude * scale
    guard scaled < 0x1p52 else { return String(format: "%.\(digits)f", x) }
    return compose(
      rounded(magnitude, times: scale, product: scaled), digits: digits,
      negative: x.sign == .minus)
  }

  /// A percentage with one decimal: `12.3%`.
  public static func percent(_ value: Double) -> String { text(value, digits: 1) + "%" }

  /// `magnitude × scale` rounded to an integer, halves to even. The double `product` is the
  /// exact product rounded once, so it lies on the same side of every half-integer (each is
  /// a double below 2^52) as the exact product, or on it; only then does the exact residual
  /// (a fused multiply-add) say which way the exact product lies.
  private static func rounded(_ magnitude: Double, times scale: Double, product: Double) -> UInt64 {
    let nearest = product.rounded(.toNearestOrEven)
    guard abs(product - nearest) == 0.5 else { return UInt64(nearest) }
    let residual = (-product).addingProduct(magnitude, scale)
    if residual > 0 { return UInt64(product.rounded(.up)) }
    if residual < 0 { return UInt64(product.rounded(.down)) }
    return UInt64(nearest)
  }

  /// `[-]whole.fraction` from the scaled integer.
  private static func compose(_ scaled: UInt64, digits: Int, negative: Bool) -> String {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
      var end = 32
      var value = scaled
      for _ in 0..<digits {
        end -= 1
        buffer[end] = 0x30 + UInt8(value % 10)
        value /= 10
      }
      if digits > 0 {
        end -= 1
        buffer[end] = UInt8(ascii: ".")
      }
      repeat {
        end -= 1
        buffer[end] = 0x30 + UInt8(value % 10)
        value /= 10
      } while value > 0
      if negative {
        end -= 1
        buffer[end] = UInt8(ascii: "-")
      }
      return String(decoding: UnsafeBufferPointer(rebasing: buffer[end..<32]), as: UTF8.self)
    }
  }

  private static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]
}
