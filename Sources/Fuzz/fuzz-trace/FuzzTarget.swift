import FuzzHarness
import ProfileFormats

/// The fuzz target for Chrome trace events (`FuzzHarness.main` says how it runs).
@main
enum FuzzTarget {
  static func main() { FuzzHarness.main(entry: .importer(TraceEventImporter.self)) }
}
