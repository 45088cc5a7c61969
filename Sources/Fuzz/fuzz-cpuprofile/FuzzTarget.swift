import FuzzHarness
import ProfileFormats

/// The fuzz target for V8 CPU profiles (`FuzzHarness.main` says how it runs).
@main
enum FuzzTarget {
  static func main() { FuzzHarness.main(entry: .importer(CPUProfileImporter.self)) }
}
