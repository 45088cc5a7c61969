import Foundation
import FuzzHarness
import ProfileFormats

// The fuzz target for pyinstrument JSON. Built by scripts/fuzz.sh with
// `-sanitize=fuzzer,address -D FUZZING`, libFuzzer's driver runs the harness; in an
// ordinary build it is a replayer that runs each file named on the command line through
// the same harness (how a crash found by the fuzzer is checked again).

#if FUZZING
  import CFuzzer

  @main
  enum Fuzz {
    static func main() {
      var argc = CommandLine.argc
      var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
      exit(
        LLVMFuzzerRunDriver(&argc, &argv) { data, size in
          FuzzHarness.run(
            UnsafeBufferPointer(start: data, count: size),
            entry: .importer(PyinstrumentImporter.self)
          )
          return 0
        })
    }
  }
#else
  @main
  enum Replay {
    static func main() {
      FuzzHarness.replay(
        CommandLine.arguments.dropFirst(), entry: .importer(PyinstrumentImporter.self))
    }
  }
#endif
