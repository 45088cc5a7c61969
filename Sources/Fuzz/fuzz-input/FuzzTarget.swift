import FuzzHarness
import ProfileFormats

/// The fuzz target for any input, recognised as `auto` does (`FuzzHarness.main` says how it runs).
@main
enum FuzzTarget {
  static func main() { FuzzHarness.main(entry: .recognized) }
}
