import Foundation
import Layout
import ProfileFormats
import ProfileModel
import Screen
import TerminalUI

/// The line on stderr while the explorer's files load (a terminal only, files over 1 MB or
/// pipes, after the first 200 ms): a bar, the percent and megabytes read, the rate — or, for
/// a pipe, the megabytes read so far — and how to cancel. `q` (read by a `KeyListener`) and
/// Ctrl-C cancel at once; either way, and on a crash or a truncated file, the terminal is
/// left as it was found and the line is erased.
enum LoadingLine {
  /// Exit status of a load cancelled with `q` (as the shell reports Ctrl-C).
  static let cancelledStatus: Int32 = 130

  /// The line for `read` of `total` bytes (0: unknown) after `seconds`, fitted to `width`.
  static func text(
    name: String, read: Int, total: Int, seconds: Double, width: Int, quitKey: Bool
  ) -> String {
    let megabyte = Double(1 << 20)
    let rate = seconds > 0 ? Double(read) / megabyte / seconds : 0
    let cancel = quitKey ? "q or Ctrl-C cancels" : "Ctrl-C cancels"
    var parts: [String]
    if total > 0 {
      let fraction = min(1, Double(read) / Double(total))
      let cells = 20
      let filled = Int((fraction * Double(cells)).rounded(.down))
      let bar =
        String(repeating: "█", count: filled) + String(repeating: "░", count: cells - filled)
      parts = [
        bar, String(format: "%3.0f%%", fraction * 100),
        String(format: "%.0f of %.0f MB", Double(read) / megabyte, Double(total) / megabyte),
      ]
    } else {
      parts = [String(format: "%.0f MB read", Double(read) / megabyte)]
    }
    if total > 0 && read >= total {
      parts.append("read; building the profile")
    } else if rate > 0 {
      parts.append(String(format: "%.0f MB/s", rate))
    }
    parts.append(cancel)
    let line = "flamewalk: loading \(name)  " + parts.joined(separator: "  ")
    return DisplayWidth.of(line) <= width ? line : String(line.prefix(max(0, width - 1))) + "…"
  }

  /// Runs `load` with the line shown when `paths` are worth it and stderr is a terminal.
  static func run<T>(_ paths: [String], _ load: () throws -> T) throws -> T {
    var total = 0
    var pipe = false
    for path in paths {
      var info = stat()
      guard stat(path, &info) == 0 else { continue }
      if info.st_mode & S_IFMT == S_IFREG { total += Int(info.st_size) } else { pipe = true }
    }
    guard isatty(STDERR_FILENO) != 0, total > 1 << 20 || pipe else { return try load() }
    let progress = LoadProgress(totalBytes: pipe ? 0 : total)
    let name = paths.map { TerminalText.escaped(URL(fileURLWithPath: $0).lastPathComponent) }
      .joined(separator: ", ")
    let watcher = Watcher(progress: progress, name: name)
    watcher.start()
    defer { watcher.stop() }
    return try LoadProgress.$current.withValue(progress) { try load() }
  }
}

/// The thread that draws the loading line and listens for `q`.
private final class Watcher: @unchecked Sendable {
  let progress: LoadProgress
  let name: String
  private let done = Locked(false)
  private let finished = DispatchSemaphore(value: 0)
  private let started = Date()
  /// The terminal listened to for `q`, when there is one.
  private let keys: KeyListener?
  private var readsKeys: Bool { keys != nil }

  init(progress: LoadProgress, name: String) {
    self.progress = progress
    self.name = name
    keys = KeyListener()
    if keys != nil { FatalExit.restoreTerminal = KeyListener.restoreForExit }
  }

  func start() {
    let thread = Thread { [self] in
      var shown = false
      while !done.withLock({ $0 }) {
        if let keys, keys.key(waiting: 100) == UInt8(ascii: "q") { cancel() }
        if !readsKeys { usleep(100_000) }
        let seconds = Date().timeIntervalSince(started)
        guard seconds >= 0.2, !done.withLock({ $0 }) else { continue }
        let line = LoadingLine.text(
          name: name, read: progress.bytesRead, total: progress.totalBytes, seconds: seconds,
          width: Self.terminalWidth(), quitKey: readsKeys)
        Diagnostics.write("\r" + line + "\u{1b}[K", lineEnd: "")
        shown = true
      }
      if shown { Diagnostics.write("\r\u{1b}[K", lineEnd: "") }
      finished.signal()
    }
    thread.start()
  }

  /// Ends the line (waiting for the thread to erase it) and gives the terminal back.
  func stop() {
    done.withLock { $0 = true }
    finished.wait()
    keys?.stop()
    FatalExit.restoreTerminal = nil
  }

  private func cancel() -> Never {
    keys?.stop()
    Diagnostics.write("\r\u{1b}[K", lineEnd: "")
    Diagnostics.error("loading cancelled")
    _exit(LoadingLine.cancelledStatus)
  }

  private static func terminalWidth() -> Int {
    var size = winsize()
    guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
    return Int(size.ws_col)
  }
}
