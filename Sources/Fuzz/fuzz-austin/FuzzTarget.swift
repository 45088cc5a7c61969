import FuzzHarness
import ProfileFormats

/// The fuzz target for austin samples (`FuzzHarness.main` says how it runs).
@main
enum FuzzTarget {
  static func main() { FuzzHarness.main(entry: .importer(AustinImporter.self)) }
}
