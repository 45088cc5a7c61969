import FuzzHarness
import ProfileFormats

/// The fuzz target for speedscope JSON (`FuzzHarness.main` says how it runs).
@main
enum FuzzTarget {
  static func main() { FuzzHarness.main(entry: .importer(SpeedscopeImporter.self)) }
}
