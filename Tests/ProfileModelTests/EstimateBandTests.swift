import ProfileModel
import Testing

/// An estimate's band reads the same in the tree text, the views and the status line, and a
/// band narrower than the view's last digit never reads as a band of zero (a cfn-lint run:
/// the root `exec` within 30.5 µs of 3.234 s printed `[est. 3.234 s .. 3.234 s]` and
/// `estimated ± 0.000 s`).
@Suite struct EstimateBandTests {
  let seconds = TimeFormat(largest: 3.2, unit: .seconds)

  @Test func aWideBandShowsItsEnds() {
    let band = EstimateBand(lower: 0, upper: 4, estimate: 1, format: seconds)
    #expect(band.label == "[est. 0.000 s .. 4.000 s]")
    #expect(band.spread == "3.000 s")
  }

  @Test func aBandNarrowerThanTheLastDigitShowsItsSpreadInAFinerUnit() {
    let band = EstimateBand(
      lower: 3.234242285, upper: 3.234272833, estimate: 3.234242285, format: seconds)
    #expect(band.range == nil)
    #expect(band.spread == "30.5 µs")
    #expect(band.label == "[est. ± 30.5 µs]")
    let microseconds = EstimateBand(lower: 1.0, upper: 1.0004, estimate: 1.0, format: seconds)
    #expect(microseconds.label == "[est. ± 400.0 µs]")
  }

  @Test func countsKeepTheirOwnFormat() {
    let samples = TimeFormat(largest: 100, unit: .samples)
    #expect(samples.spread(0.001) == "0")
    // Shares of counts show two decimals, unless they round to a whole count at two.
    #expect(samples.format(53.999_999_9) == "54")
    #expect(samples.format(54.004) == "54")
    #expect(samples.format(54.01) == "54.01")
    #expect(samples.format(2.5) == "2.50")
    #expect(EstimateBand(lower: 2, upper: 5, estimate: 3, format: samples).label == "[est. 2 .. 5]")
  }
}
