import ArgumentParser
import ProfileFormats

/// The `flamewalk` command: the root that opens the explorer, and its subcommands.
struct Flamewalk: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "flamewalk",
    abstract: "Explore Python profiles (cProfile/pstats) in the terminal.",
    discussion: """
      Make a profile with `python -m cProfile -o out.prof app.py`, then:
        flamewalk print out.prof --sort cumulative --limit 30
      The full-screen explorer (`flamewalk out.prof`) is not built yet; `print` is.
      """,
    subcommands: [PrintCommand.self, TreeCommand.self]
  )

  func run() throws {
    print(Flamewalk.helpMessage())
  }
}

/// Runs the command line with flamewalk's exit codes: 0 ok, 1 usage, 2 bad input.
@main
enum Main {
  static func main() {
    do {
      var command = try Flamewalk.parseAsRoot()
      try command.run()
    } catch let error as InputError {
      Diagnostics.error(error.description)
      Diagnostics.exit(.badInput)
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
