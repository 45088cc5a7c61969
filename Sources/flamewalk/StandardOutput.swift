import Foundation

/// Output to a file descriptor with every write checked: a full disk, a closed pipe (with
/// SIGPIPE ignored) or a closed descriptor is reported, never lost. Text is buffered and
/// written in chunks, so a large report streams instead of piling up in memory.
struct StandardOutput {
  /// A write that failed; `main` reports it in one line and exits 1.
  struct WriteError: Error {
    var message: String
  }

  private let descriptor: Int32
  private var buffer: [UInt8] = []
  private static let chunk = 1 << 16

  init(descriptor: Int32 = STDOUT_FILENO) {
    self.descriptor = descriptor
    buffer.reserveCapacity(Self.chunk)
  }

  /// Appends `text`, writing out whole chunks as they fill.
  mutating func write(_ text: String) throws(WriteError) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= Self.chunk { try flush() }
  }

  /// Buffers bytes (a binary file), writing them out in chunks.
  mutating func write(_ bytes: [UInt8]) throws(WriteError) {
    buffer.append(contentsOf: bytes)
    if buffer.count >= Self.chunk { try flush() }
  }

  /// Writes out everything buffered.
  mutating func flush() throws(WriteError) {
    var start = 0
    while start < buffer.count {
      let written = buffer[start...].withUnsafeBytes {
        Foundation.write(descriptor, $0.baseAddress, $0.count)
      }
      if written < 0 {
        if errno == EINTR { continue }
        let reason = String(cString: strerror(errno))
        buffer.removeAll()
        throw WriteError(message: "cannot write to standard output: \(reason)")
      }
      start += written
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Writes `text` to standard output and flushes: the whole output of a command.
  static func write(_ text: String) throws(WriteError) {
    var output = StandardOutput()
    try output.write(text)
    try output.flush()
  }
}
