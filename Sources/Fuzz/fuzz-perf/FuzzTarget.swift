import FuzzHarness
import ProfileFormats

/// The fuzz target for perf script text (`FuzzHarness.main` says how it runs).
@main
enum FuzzTarget {
  static func main() { FuzzHarness.main(entry: .importer(PerfScriptImporter.self)) }
}
