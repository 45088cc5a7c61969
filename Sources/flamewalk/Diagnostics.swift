import Foundation
import ProfileModel

/// A command-line mistake that parsing alone cannot catch (an unknown sort key, say).
struct UsageError: Error {
  var message: String
}

/// Messages on stderr and the process exit codes.
enum Diagnostics {
  enum Status: Int32 {
    case success = 0
    case usage = 1
    case badInput = 2
    /// `diff --fail-above`: the new run is slower than allowed.
    case regression = 3
  }

  /// Writes a line to stderr. A stderr that cannot be written to (closed, a full disk) loses
  /// the message but never stops the program: there is nowhere else to say it.
  static func write(_ text: String, lineEnd: String = "\n") {
    let line = text.hasSuffix("\n") ? text : text + lineEnd
    var output = StandardOutput(descriptor: STDERR_FILENO)
    try? output.write(line)
    try? output.flush()
  }

  /// One line: `flamewalk: <message>`.
  static func error(_ message: String) {
    write("flamewalk: " + TerminalText.escaped(message))
  }

  static func warning(_ path: String, _ warning: ProfileWarning) {
    write(
      "flamewalk: " + TerminalText.escaped(path) + ": warning: " + warning.kind.rawValue + ": "
        + warning.message)
  }

  static func exit(_ status: Status) -> Never {
    Foundation.exit(status.rawValue)
  }
}
