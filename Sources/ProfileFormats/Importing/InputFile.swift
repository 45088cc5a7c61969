import Foundation
import ProfileModel

/// The bytes of an input file: memory-mapped when it is a regular file (no copy, and pages
/// the kernel can drop under pressure; a file truncated while mapped is reported by
/// `TruncationGuard`), read into memory otherwise (pipes, FIFOs, devices). A non-regular
/// input's first bytes are checked before any more is read, so `/dev/zero` or a stream of
/// noise is refused at once; directories and inputs beyond `maximumSize` are refused too.
public final class InputFile: @unchecked Sendable {
  /// Larger inputs are refused; the largest real profiles seen are a few hundred MB.
  public static let maximumSize = 4 << 30

  public let path: String
  /// Modification time, when the file has one.
  public let modified: Date?
  private let mapping: UnsafeRawBufferPointer?
  private let storage: [UInt8]
  /// What reading a regular file counts towards the load being shown (readers of its bytes
  /// report to it, `finish` once read); nil for pipes and devices, whose bytes count as
  /// they arrive.
  public let progress: LoadProgress?

  /// Opens and reads (or maps) `path`. For inputs that are not regular files, `checkPrefix`
  /// sees the first `prefixLength` bytes (or all, when fewer; the flag says which) before
  /// the rest is read, and may refuse them.
  public init(
    path: String, prefixLength: Int = 1 << 20,
    checkPrefix: (UnsafeBufferPointer<UInt8>, Bool) throws(InputError) -> Void = { _, _ in }
  ) throws(InputError) {
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
        progress = LoadProgress(totalBytes: size, parent: LoadProgress.current)
        return
      }
    }
    mapping = nil
    progress = nil
    storage = try Self.readAll(fd, path: path, prefixLength: prefixLength, checkPrefix: checkPrefix)
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

  /// Whether `withBytes` hands out a private mapping of the file (whose pages a reader may
  /// give back to the kernel once read: they come back from the file if read again).
  public var isMapped: Bool { mapping != nil }

  /// Calls `body` with the file's bytes, valid only during the call; readers in it report
  /// to the file's `progress`.
  public func withBytes<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R)
    throws(E) -> R
  {
    func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<R, E> {
      LoadProgress.$current.withValue(progress) {
        do throws(E) { return .success(try body(buffer)) } catch { return .failure(error) }
      }
    }
    if let mapping {
      TruncationGuard.arm(path: TerminalText.escaped(path))
      defer { TruncationGuard.disarm() }
      return try run(mapping.bindMemory(to: UInt8.self)).get()
    }
    return try storage.withUnsafeBufferPointer(run).get()
  }

  /// The whole file as an array (a copy).
  public func bytes() -> [UInt8] {
    withBytes { Array($0) }
  }

  private static func readAll(
    _ fd: Int32, path: String, prefixLength: Int,
    checkPrefix: (UnsafeBufferPointer<UInt8>, Bool) throws(InputError) -> Void
  ) throws(InputError) -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    var checked = false
    // A pipe's bytes count as they arrive (its size is not known before).
    var meter = ReadMeter()
    defer { meter.flush() }
    func check(isWhole: Bool) throws(InputError) {
      checked = true
      let result: Result<Void, InputError> = bytes.withUnsafeBufferPointer { buffer in
        do throws(InputError) {
          try checkPrefix(buffer, isWhole)
          return .success(())
        } catch {
          return .failure(error)
        }
      }
      do throws(InputError) { try result.get() } catch {
        var named = error
        named.path = path
        throw named
      }
    }
    while true {
      let want = checked ? chunk.count : min(chunk.count, prefixLength - bytes.count)
      let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, want) }
      if n < 0 {
        if errno == EINTR { continue }
        throw InputError(.unreadable, .none, String(cString: strerror(errno)), path: path)
      }
      if n == 0 {
        if !checked { try check(isWhole: true) }
        break
      }
      bytes.append(contentsOf: chunk[0..<n])
      meter.advance(by: n)
      if !checked && bytes.count >= prefixLength { try check(isWhole: false) }
      if bytes.count > maximumSize {
        throw InputError(
          .unreadable, .none, "larger than \(maximumSize >> 30) GiB; not a profile", path: path)
      }
    }
    return bytes
  }
}
