import FuzzHarness
import ProfileFormats

/// The fuzz target for pyinstrument JSON (`FuzzHarness.main` says how it runs).
@main
enum FuzzTarget {
  static func main() { FuzzHarness.main(entry: .importer(PyinstrumentImporter.self)) }
}
