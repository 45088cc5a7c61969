import Foundation

/// A mapped file that another program truncates while flamewalk reads it raises SIGBUS on
/// the first page past the new end. While a mapping is being read, this guard turns that
/// signal into the one-line error and exit status 2 of any other bad input. The handler
/// only puts the terminal back (`FatalExit`), writes a message prepared in advance and
/// exits: all async-signal-safe.
enum TruncationGuard {
  /// The prepared message, or nil when no mapped file is being read.
  nonisolated(unsafe) private static var message: UnsafeMutableBufferPointer<CChar>?
  nonisolated(unsafe) private static var installed = false
  private static let lock = NSLock()

  /// Arms the guard for the mapped file at `path` (escaped for the terminal).
  static func arm(path: String) {
    lock.lock()
    defer { lock.unlock() }
    let text = "flamewalk: \(path): truncated: the file shrank while it was being read\n"
    let bytes = Array(text.utf8CString.dropLast())
    let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: bytes.count)
    _ = buffer.initialize(from: bytes)
    let old = message
    message = buffer
    old?.deallocate()
    if !installed {
      installed = true
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { _ in
        FatalExit.restoreTerminal?()
        if let text = TruncationGuard.message {
          _ = write(STDERR_FILENO, text.baseAddress, text.count)
          _exit(2)
        }
        signal(SIGBUS, SIG_DFL)
        raise(SIGBUS)
      }
      sigemptyset(&action.sa_mask)
      sigaction(SIGBUS, &action, nil)
    }
  }

  /// Disarms the guard: a later SIGBUS is the crash it is.
  static func disarm() {
    lock.lock()
    defer { lock.unlock() }
    let old = message
    message = nil
    old?.deallocate()
  }
}

/// What an exit from a signal handler does first: the program's terminal put back (set while
/// the terminal's modes are changed, as the loading line changes them to read `q`).
public enum FatalExit {
  /// An async-signal-safe function that puts the terminal's modes back, or nil.
  nonisolated(unsafe) public static var restoreTerminal: (@convention(c) () -> Void)?
}
