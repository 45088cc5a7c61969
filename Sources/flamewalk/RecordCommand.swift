import ArgumentParser
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension RecordPlan.Sampler: ExpressibleByArgument {}

/// `flamewalk record -- python3 app.py ARGS`: runs the program under a profiler, then opens
/// what it recorded.
struct RecordCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "record",
    abstract: "Run a program under a profiler, then open the profile.",
    discussion: """
      cProfile (the default) records Python programs: `flamewalk record -- python3 app.py \
      ARGS`, `-- python3 -m module ARGS` or `-- app.py ARGS`. --sampler py-spy or austin \
      records with that sampler when it is installed. The program keeps its standard input, \
      output and error; Ctrl-C stops it and what was recorded still opens. A non-zero exit \
      status of the program is reported, and the profile opens all the same.
      """
  )

  @Option(name: .shortAndLong, help: "The profile to write (default: flamewalk-DATE-TIME.EXT).")
  var output: String?

  @Option(help: "The profiler: cprofile, py-spy or austin.")
  var sampler: RecordPlan.Sampler = .cprofile

  @Flag(name: .customLong("no-open"), help: "Only write the profile; do not open it.")
  var noOpen = false

  @Argument(parsing: .captureForPassthrough, help: "The program and its arguments, after --.")
  var command: [String] = []

  func run() throws {
    let program = command.first == "--" ? Array(command.dropFirst()) : command
    let path = output ?? RecordPlan.defaultOutput(sampler, at: Date())
    let plan: RecordPlan
    do {
      plan = try RecordPlan.make(sampler, command: program, output: path)
    } catch {
      throw UsageError(message: error.message)
    }
    if let executable = sampler.executable, Self.find(executable) == nil {
      throw UsageError(
        message: "\(executable) is not installed (\(sampler.installHint)); "
          + "--sampler cprofile needs nothing")
    }
    // A profile left from an earlier run must not pass for this one.
    unlink(path)
    let status = try Self.spawnAndWait(plan.arguments)
    if let problem = Self.describe(status, program: program[0]) {
      Diagnostics.write("flamewalk: \(problem)")
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size > 0 else {
      Diagnostics.error("\(sampler.rawValue) wrote no profile to \(path)")
      Diagnostics.exit(.badInput)
    }
    if noOpen {
      Diagnostics.write("flamewalk: recorded \(path)")
      return
    }
    let open = try OpenCommand.parse([path])
    try open.run()
  }

  /// The first executable named `name` on PATH.
  static func find(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/\(name)"
      if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
  }

  /// A status worth reporting: a non-zero exit or a signal.
  static func describe(_ status: Int32, program: String) -> String? {
    let signal = status & 0x7F
    if signal == 0 {
      let code = (status >> 8) & 0xFF
      return code == 0 ? nil : "\(program) exited with status \(code)"
    }
    return "\(program) was stopped by signal \(signal)"
  }

  /// Runs `arguments` (looked up on PATH) in this process group, so Ctrl-C reaches it,
  /// while flamewalk itself ignores SIGINT and SIGQUIT until it ends; returns the wait
  /// status.
  static func spawnAndWait(_ arguments: [String]) throws -> Int32 {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGINT)
    sigaddset(&defaults, SIGQUIT)
    sigaddset(&defaults, SIGPIPE)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
    let previousInterrupt = signal(SIGINT, SIG_IGN)
    let previousQuit = signal(SIGQUIT, SIG_IGN)
    defer {
      signal(SIGINT, previousInterrupt)
      signal(SIGQUIT, previousQuit)
    }
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid = pid_t()
    let spawned = posix_spawnp(&pid, arguments[0], nil, &attributes, &argv, environ)
    guard spawned == 0 else {
      throw UsageError(
        message: "cannot run \(arguments[0]): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else {
        throw UsageError(message: "lost \(arguments[0]): \(String(cString: strerror(errno)))")
      }
    }
    return status
  }
}
