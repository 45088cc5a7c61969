import FuzzHarness
import ProfileFormats

/// The fuzz target for pprof profiles (gzip or raw protobuf) (`FuzzHarness.main` says how it runs).
@main
enum FuzzTarget {
  static func main() { FuzzHarness.main(entry: .importer(PprofImporter.self)) }
}
