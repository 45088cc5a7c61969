import ProfileModel
import Testing

@testable import Layout

/// The time-order chart's ruler: a mark every 1, 2 or 5 units, about one per 16 columns,
/// labelled in the unit of the step with the decimals it needs.
struct TimeChartRulerTests {
  @Test func marksAreOneTwoOrFiveTimesAPowerOfTen() {
    #expect(TimeChartLayout.rulerStep(duration: 6.4, width: 160) == 1)
    #expect(TimeChartLayout.rulerStep(duration: 0.13, width: 100) == 0.05)
    #expect(TimeChartLayout.rulerStep(duration: 600e-6, width: 100) == 100e-6)
    #expect(TimeChartLayout.rulerStep(duration: 2e-3, width: 160) == 2e-4)
    // Nothing to mark: a step of 1, never a division by zero.
    #expect(TimeChartLayout.rulerStep(duration: 0, width: 100) == 1)
    #expect(TimeChartLayout.rulerStep(duration: .infinity, width: 100) == 1)
  }

  @Test func labelsUseTheStepsUnitAndDecimals() {
    #expect(TimeChartView.rulerLabel(0, step: 1, unit: .seconds) == "0")
    #expect(TimeChartView.rulerLabel(3, step: 1, unit: .seconds) == "3 s")
    #expect(TimeChartView.rulerLabel(0.05, step: 0.05, unit: .seconds) == "50 ms")
    #expect(TimeChartView.rulerLabel(4.3135, step: 5e-4, unit: .seconds) == "4313.5 ms")
    #expect(TimeChartView.rulerLabel(2e-4, step: 1e-4, unit: .seconds) == "0.2 ms")
    #expect(TimeChartView.rulerLabel(3e-5, step: 1e-5, unit: .seconds) == "30 µs")
    #expect(TimeChartView.rulerLabel(1500, step: 500, unit: .samples) == "1500")
  }
}
