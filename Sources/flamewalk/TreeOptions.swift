import ArgumentParser
import ProfileFormats
import ProfileModel

/// Options of every command that builds a call tree: the display threshold, the gap
/// thresholds and the input options.
struct TreeOptions: ParsableArguments {
  @Option(name: .customLong("min-percent"), help: "Fold nodes below this % of the top.")
  var minimumPercent: Double = 0.1

  @Option(name: .customLong("gap-share"), help: "A gap's unexplained share of its node.")
  var gapShare: Double = 0.30

  @Option(name: .customLong("gap-min"), help: "A gap's unexplained share of the total.")
  var gapMinimum: Double = 0.01

  @OptionGroup var input: InputOptions

  func validate() throws {
    guard minimumPercent >= 0 && minimumPercent <= 100 else {
      throw ValidationError("--min-percent must be between 0 and 100")
    }
    guard (0...1).contains(gapShare), (0...1).contains(gapMinimum) else {
      throw ValidationError("--gap-share and --gap-min are fractions between 0 and 1")
    }
  }

  var parameters: CallTreeParameters { CallTreeParameters(minimumFraction: minimumPercent / 100) }
  var gapThresholds: GapThresholds { GapThresholds(share: gapShare, minimum: gapMinimum) }
}
