import CNcurses

/// Single keys from the terminal before the explorer takes it over — the loading line's
/// `q`. While it listens the terminal is not canonical and does not echo; stopping, Ctrl-C
/// and a crash put its modes back first (the C side, `keylisten.c`, does it in the signal
/// handlers). Keys are read where the explorer reads them: stdin when it is the terminal,
/// else `/dev/tty`.
public final class KeyListener {
  /// Puts the terminal's modes back; safe to call from a signal handler, for a program
  /// that exits from one while listening.
  public static let restoreForExit: @convention(c) () -> Void = fw_listen_restore

  private var listening: Bool

  /// Starts listening; nil when there is no terminal to listen to.
  public init?() {
    guard fw_listen_begin() == 0 else { return nil }
    listening = true
  }

  /// The byte typed within `milliseconds`, or nil.
  public func key(waiting milliseconds: Int32) -> UInt8? {
    let byte = fw_listen_read(milliseconds)
    return byte >= 0 ? UInt8(byte) : nil
  }

  /// Stops listening: the terminal's modes and signal actions are as they were.
  public func stop() {
    guard listening else { return }
    listening = false
    fw_listen_end()
  }

  deinit { stop() }
}
