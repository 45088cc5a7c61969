import FuzzHarness
import ProfileFormats

/// The fuzz target for pyinstrument sessions (`FuzzHarness.main` says how it runs).
@main
enum FuzzTarget {
  static func main() { FuzzHarness.main(entry: .importer(PyinstrumentSessionImporter.self)) }
}
