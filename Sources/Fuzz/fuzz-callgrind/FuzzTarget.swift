import FuzzHarness
import ProfileFormats

/// The fuzz target for callgrind files (`FuzzHarness.main` says how it runs).
@main
enum FuzzTarget {
  static func main() { FuzzHarness.main(entry: .importer(CallgrindImporter.self)) }
}
