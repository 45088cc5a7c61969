import Foundation

/// Reads a whole input file into memory, refusing what cannot be a profile (directories,
/// endless devices, files beyond `maximumSize`) instead of hanging or exhausting memory.
public enum InputFile {
  /// Larger inputs are refused; the largest real profiles seen are a few hundred MB.
  public static let maximumSize = 4 << 30

  public static func contents(of path: String) throws -> [UInt8] {
    var info = stat()
    guard stat(path, &info) == 0 else {
      throw InputError(.unreadable, .none, String(cString: strerror(errno)), path: path)
    }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw InputError(.unreadable, .none, "is a directory", path: path)
    }
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      throw InputError(.unreadable, .none, String(cString: strerror(errno)), path: path)
    }
    defer { close(fd) }
    var bytes: [UInt8] = []
    if (info.st_mode & S_IFMT) == S_IFREG { bytes.reserveCapacity(Int(info.st_size)) }
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw InputError(.unreadable, .none, String(cString: strerror(errno)), path: path)
      }
      if n == 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
      if bytes.count > maximumSize {
        throw InputError(
          .unreadable, .none, "larger than \(maximumSize >> 30) GiB; not a profile", path: path)
      }
    }
    return bytes
  }

  /// The file's modification time, when it has one.
  public static func modificationDate(_ path: String) -> Date? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
  }
}
