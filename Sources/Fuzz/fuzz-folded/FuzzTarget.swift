import FuzzHarness
import ProfileFormats

/// The fuzz target for folded stacks (`FuzzHarness.main` says how it runs).
@main
enum FuzzTarget {
  static func main() { FuzzHarness.main(entry: .importer(FoldedImporter.self)) }
}
