import Foundation
import ProfileModel
import Testing

/// `FixedDecimal` writes what C's printf writes for `%.Nf`, halves included.
@Suite struct FixedDecimalTests {
  private func printf(_ x: Double, _ digits: Int) -> String {
    let text = String(format: "%.\(digits)f", x)
    return text == "-nan" ? "nan" : text
  }

  @Test func agreesWithPrintfOnRandomValuesOfEveryScale() {
    var generator = SystemRandomNumberGenerator()
    var mismatches: [String] = []
    for _ in 0..<200_000 {
      let exponent = Double.random(in: -12...17, using: &generator)
      var x = pow(10, exponent) * (Bool.random(using: &generator) ? 1 : -1)
      if Bool.random(using: &generator) {
        // Values near a half of the last decimal, where rounding is decided.
        let digits = Double(Int.random(in: 0...9, using: &generator))
        x = ((x * pow(10, digits)).rounded(.down) + 0.5) / pow(10, digits)
      }
      let digits = Int.random(in: 0...9, using: &generator)
      if FixedDecimal.text(x, digits: digits) != printf(x, digits) {
        mismatches.append("\(x) %.\(digits)f")
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
  }

  @Test func halvesAndSpecialValues() {
    let cases: [(Double, Int)] = [
      (0.5, 0), (1.5, 0), (2.5, 0), (0.125, 2), (0.375, 2), (1.0005, 3), (2.0005, 3),
      (0.0005, 3), (-0.0004, 3), (-0.0, 3), (0, 0), (4_503_599_627_370_495.5, 0), (1e300, 3),
      (-1e22, 1), (Double.leastNonzeroMagnitude, 9), (123_456.789_5, 3), (0.1, 9),
      (Double.greatestFiniteMagnitude, 0),
    ]
    for (x, digits) in cases {
      #expect(FixedDecimal.text(x, digits: digits) == printf(x, digits), "\(x) %.\(digits)f")
    }
    #expect(FixedDecimal.text(.nan, digits: 3) == "nan")
    #expect(FixedDecimal.text(-.nan, digits: 3) == "nan")
    #expect(FixedDecimal.text(.infinity, digits: 1) == "inf")
    #expect(FixedDecimal.text(-.infinity, digits: 1) == "-inf")
  }
}
