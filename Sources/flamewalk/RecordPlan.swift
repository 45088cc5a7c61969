import Foundation

/// What `flamewalk record` runs: the profiler's command line around the user's program, and
/// the file it writes. Pure: the executables are looked up by the caller.
struct RecordPlan: Equatable {
  /// The profilers `record` can run.
  enum Sampler: String, CaseIterable {
    case cprofile
    case pySpy = "py-spy"
    case austin

    /// The file name ending the profiler's output gets.
    var fileExtension: String {
      switch self {
      case .cprofile: "prof"
      case .pySpy: "speedscope.json"
      case .austin: "austin"
      }
    }

    /// The executable that must be installed (cProfile comes with Python).
    var executable: String? {
      switch self {
      case .cprofile: nil
      case .pySpy: "py-spy"
      case .austin: "austin"
      }
    }

    var installHint: String {
      switch self {
      case .cprofile: ""
      case .pySpy: "pip install py-spy"
      case .austin: "pip install austin-dist"
      }
    }
  }

  /// Why a command cannot be recorded.
  struct Refusal: Error, Equatable {
    var message: String
  }

  var arguments: [String]
  var output: String

  /// Python's options that take the next argument as their value.
  private static let optionsWithValue: Set<String> = ["-W", "-X", "--check-hash-based-pycs"]

  /// Whether `program` (a path or a name) is a Python interpreter.
  static func isPython(_ program: String) -> Bool {
    let name = URL(fileURLWithPath: program).lastPathComponent
    guard name.hasPrefix("python") else { return false }
    return name.dropFirst("python".count).allSatisfy { $0.isNumber || $0 == "." }
  }

  /// The plan for running `command` under `sampler`, writing `output`. A command that
  /// starts with a `.py` file runs it with `python3`.
  static func make(_ sampler: Sampler, command: [String], output: String) throws(Refusal)
    -> RecordPlan
  {
    guard var program = command.first else {
      throw Refusal(message: "no program to record: flamewalk record -- python3 app.py ARGS")
    }
    var command = command
    if program.hasSuffix(".py") {
      command.insert("python3", at: 0)
      program = "python3"
    }
    switch sampler {
    case .pySpy:
      return RecordPlan(
        arguments: ["py-spy", "record", "--format", "speedscope", "-o", output, "--"] + command,
        output: output)
    case .austin:
      return RecordPlan(arguments: ["austin", "-o", output] + command, output: output)
    case .cprofile:
      guard isPython(program) else {
        throw Refusal(
          message: "cProfile records Python programs: start the command with python3 or a .py "
            + "file (\(program) is neither)")
      }
      // The interpreter's own options stay in front of `-m cProfile`.
      var interpreter = [program]
      var rest = command.dropFirst()
      while let option = rest.first, option.hasPrefix("-"), option != "-m", option != "-" {
        if option == "-c" {
          throw Refusal(
            message: "cProfile cannot record python -c: put the code in a file, or use "
              + "--sampler py-spy")
        }
        interpreter.append(option)
        rest = rest.dropFirst()
        if optionsWithValue.contains(option), let value = rest.first {
          interpreter.append(value)
          rest = rest.dropFirst()
        }
      }
      guard !rest.isEmpty else {
        throw Refusal(message: "no script to record after \(interpreter.joined(separator: " "))")
      }
      return RecordPlan(
        arguments: interpreter + ["-m", "cProfile", "-o", output] + rest, output: output)
    }
  }

  /// The default output file: `flamewalk-YYYYMMDD-HHMMSS.EXT` in the current directory.
  static func defaultOutput(_ sampler: Sampler, at date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    return "flamewalk-\(formatter.string(from: date)).\(sampler.fileExtension)"
  }
}
