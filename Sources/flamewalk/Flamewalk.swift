import ArgumentParser
import ProfileFormats

/// The `flamewalk` command: the root that opens the explorer, and its subcommands.
struct Flamewalk: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "flamewalk",
    abstract: "Explore profiles in the terminal: flame graph, call tree, gaps of unexplained time.",
    discussion: """
      Make a profile with `python -m cProfile -o out.prof app.py` (or py-spy, pyinstrument, \
      austin, viztracer, yappi, valgrind --tool=callgrind, perf, node --cpu-prof, Go \
      pprof…), then `flamewalk out.prof`; the format is recognised from the content. \
      `flamewalk record -- python3 app.py` does both; `flamewalk diff` compares two runs. \
      Without a file, a bundled demo profile opens.
      """,
    version: "flamewalk \(Flamewalk.version)",
    subcommands: [
      OpenCommand.self, PrintCommand.self, TreeCommand.self, SnapshotCommand.self,
      ConvertCommand.self, RecordCommand.self, DiffCommand.self,
    ],
    defaultSubcommand: OpenCommand.self
  )

  /// The release this build is; `flamewalk --version` prints it.
  static let version = "0.2.0"
}

/// Runs the command line with flamewalk's exit codes: 0 ok, 1 usage or output that could not
/// be written, 2 bad input.
@main
enum Main {
  static func main() {
    CrashBacktrace.makeNonInteractive()
    MemoryReturn.returnLargeBlocksAtOnce()
    do {
      var command = try Flamewalk.parseAsRoot()
      try command.run()
    } catch let error as InputError {
      Diagnostics.error(error.description)
      Diagnostics.exit(.badInput)
    } catch let error as StandardOutput.WriteError {
      Diagnostics.error(error.message)
      Diagnostics.exit(.usage)
    } catch let error as UsageError {
      Diagnostics.error(error.message)
      Diagnostics.exit(.usage)
    } catch {
      if Flamewalk.exitCode(for: error) == .validationFailure {
        Diagnostics.write(Flamewalk.fullMessage(for: error))
        Diagnostics.exit(.usage)
      }
      Flamewalk.exit(withError: error)
    }
  }
}
