import Foundation

/// The bytes of an input file: memory-mapped when it is a regular file (no copy, and pages
/// the kernel can drop under pressure), read into memory otherwise (pipes, devices).
/// Directories, endless devices and files beyond `maximumSize` are refused instead of
/// hanging or exhausting memory.
public final class InputFile: @unchecked Sendable {
  /// Larger inputs are refused; the largest real profiles seen are a few hundred MB.
  public static let maximumSize = 4 << 30

  public let path: String
  /// Modification time, when the file has one.
  public let modified: Date?
  private let mapping: UnsafeRawBufferPointer?
  private let storage: [UInt8]

  /// Opens and reads (or maps) `path`.
  public init(path: String) throws(InputError) {
    self.path = path
    var info = stat()
    guard stat(path, &info) == 0 else {
      throw InputError(.unreadable, .none, String(cString: strerror(errno)), path: path)
    }
    let kind = info.st_mode & S_IFMT
    if kind == S_IFDIR { throw InputError(.unreadable, .none, "is a directory", path: path) }
    modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      throw InputError(.unreadable, .none, String(cString: strerror(errno)), path: path)
    }
    defer { close(fd) }
    if kind == S_IFREG && info.st_size > 0 {
      let size = Int(info.st_size)
      guard size <= Self.maximumSize else {
        throw InputError(
          .unreadable, .none, "larger than \(Self.maximumSize >> 30) GiB; not a profile",
          path: path)
      }
      if let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED {
        madvise(base, size, MADV_SEQUENTIAL)
        mapping = UnsafeRawBufferPointer(start: base, count: size)
        storage = []
        return
      }
    }
    mapping = nil
    storage = try Self.readAll(fd, path: path)
  }

  deinit {
    if let mapping, let base = mapping.baseAddress {
      munmap(UnsafeMutableRawPointer(mutating: base), mapping.count)
    }
  }

  /// Lets the kernel drop the mapped pages before `offset` from this process's memory (they
  /// stay in the page cache and come back if read again). Does nothing for read files.
  public func release(before offset: Int) {
    release(from: 0, to: offset)
  }

  /// Lets the kernel drop the mapped pages that lie wholly inside `start ..< end`.
  public func release(from start: Int, to end: Int) {
    guard let mapping, let base = mapping.baseAddress else { return }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let first = (start + page - 1) / page * page
    let last = min(end, mapping.count) / page * page
    if last > first {
      madvise(UnsafeMutableRawPointer(mutating: base + first), last - first, MADV_DONTNEED)
    }
  }

  /// Calls `body` with the file's bytes, valid only during the call.
  public func withBytes<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R)
    throws(E) -> R
  {
    if let mapping {
      return try body(mapping.bindMemory(to: UInt8.self))
    }
    let result: Result<R, E> = storage.withUnsafeBufferPointer { buffer in
      do throws(E) { return .success(try body(buffer)) } catch { return .failure(error) }
    }
    return try result.get()
  }

  /// The whole file as an array (a copy).
  public func bytes() -> [UInt8] {
    withBytes { Array($0) }
  }

  private static func readAll(_ fd: Int32, path: String) throws(InputError) -> [UInt8] {
    var bytes: [UInt8] = []
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
}
