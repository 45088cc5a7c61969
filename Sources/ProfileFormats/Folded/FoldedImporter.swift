import Foundation
import ProfileModel

/// Reads folded ("collapsed") stacks — `frame;frame;…;frame COUNT`, root first — as py-spy,
/// perf + stackcollapse, async-profiler and Python 3.15's `profiling.sampling --collapsed`
/// write them. Blank and `#` lines are skipped, CRLF accepted, counts may be decimal, and an
/// empty stack (` 96`) counts at the top. The file is scanned in place; each distinct frame
/// text becomes a `String` once.
public struct FoldedImporter: Sendable {
  private var builder = StackSamples()
  var sources: [ProfileSource] = []
  private var lines = 0

  public init() {}

  /// Files at least this large are read by two threads, one half each.
  public static let parallelThreshold = 32 << 20

  /// Adds the stacks of one file, releasing its pages from memory as they are read.
  public mutating func add(_ file: InputFile) throws(InputError) {
    sources.append(ProfileSource(path: file.path, modified: file.modified))
    do {
      try file.withBytes { (bytes) throws(InputError) in
        if bytes.count >= Self.parallelThreshold {
          try addInParallel(bytes, release: { file.release(from: $0, to: $1) })
        } else {
          try add(bytes, consumed: { file.release(before: $0) })
        }
      }
    } catch {
      var named = error
      named.path = file.path
      throw named
    }
  }

  /// Adds the stacks in `bytes` reading its two halves (split at a line end) on two threads,
  /// then joining the second half's stacks to the first's in file order.
  public mutating func addInParallel(
    _ bytes: UnsafeBufferPointer<UInt8>,
    release: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
  ) throws(InputError) {
    var middle = bytes.count / 2
    while middle < bytes.count && bytes[middle] != 0x0A { middle += 1 }
    let split = min(bytes.count, middle + 1)
    let input = SharedBytes(base: bytes.baseAddress, count: bytes.count)
    let results = ThreadResults<Result<FoldedImporter, InputError>>(count: 2)
    // The threads report to the load this runs under (task-local values stay on this one).
    let progress = LoadProgress.current
    DispatchQueue.concurrentPerform(iterations: 2) { part in
      let buffer = input.buffer
      let range = part == 0 ? 0..<split : split..<buffer.count
      var importer = FoldedImporter()
      do throws(InputError) {
        try importer.add(buffer, range: range, progress: progress) {
          release(range.lowerBound, $0)
        }
        results.set(part, .success(importer))
      } catch {
        results.set(part, .failure(error))
      }
    }
    var first = try results.take(0).get()
    var second: FoldedImporter
    do throws(InputError) {
      second = try results.take(1).get()
    } catch {
      var shifted = error
      if case .line(let line) = error.location { shifted.location = .line(first.lineCount + line) }
      throw shifted
    }
    lines += first.lines + second.lines
    // The halves' stacks are moved, not copied, where they can be.
    if builder.stackCount == 0 && builder.frames.isEmpty {
      swap(&builder, &first.builder)
    } else {
      builder.append(first.builder)
    }
    first.builder = StackSamples()
    builder.append(second.builder)
    second.builder = StackSamples()
  }

  /// Adds the stacks in `bytes`; `consumed` hears, now and then, how far the scan got.
  public mutating func add(
    _ bytes: UnsafeBufferPointer<UInt8>, consumed: (Int) -> Void = { _ in }
  ) throws(InputError) {
    try add(bytes, range: 0..<bytes.count, progress: LoadProgress.current, consumed: consumed)
  }

  /// Lines read so far, blank and comment lines included (for error positions).
  private var lineCount = 0

  private mutating func add(
    _ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, progress: LoadProgress?,
    consumed: (Int) -> Void
  ) throws(InputError) {
    var meter = ReadMeter(progress)
    defer {
      meter.reached(range.count)
      meter.flush()
    }
    var interner = ByteInterner()
    let seed = SeededHash.seed
    var frameOfText: [Int32] = []
    var lineFrames: [FrameText] = []
    let n = range.upperBound
    var nextRelease = range.lowerBound + (1 << 25)
    var lineStart = range.lowerBound
    // A UTF-8 byte-order mark at the start of the file is not part of the first frame.
    if lineStart == 0 && Self.startsWithByteOrderMark(bytes) { lineStart = 3 }
    var lineNumber = lineCount
    defer { lineCount = lineNumber }
    while lineStart < n {
      meter.reached(lineStart - range.lowerBound)
      lineNumber += 1
      var lineEnd = lineStart
      if let found = memchr(bytes.baseAddress! + lineStart, 0x0A, n - lineStart) {
        lineEnd = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
      } else {
        lineEnd = n
      }
      let next = lineEnd + 1
      var end = lineEnd
      if end > lineStart && bytes[end - 1] == 0x0D { end -= 1 }
      defer {
        lineStart = next
        if lineStart >= nextRelease {
          consumed(lineStart)
          nextRelease = lineStart + (1 << 25)
        }
      }
      // Skip blank lines and comments.
      var first = lineStart
      while first < end && (bytes[first] == 0x20 || bytes[first] == 0x09) { first += 1 }
      if first == end || bytes[lineStart] == UInt8(ascii: "#") { continue }
      // The count is the text after the last space.
      var space = end - 1
      while space >= lineStart && bytes[space] != 0x20 { space -= 1 }
      guard space >= lineStart else {
        throw InputError(.badValue, .line(lineNumber), "no sample count after the stack")
      }
      guard let weight = Self.count(bytes, from: space + 1, to: end) else {
        let text = String(
          decoding: UnsafeBufferPointer(rebasing: bytes[space + 1..<end]), as: UTF8.self)
        throw InputError(
          .badValue, .line(lineNumber), "sample count '\(text)' is not a non-negative number")
      }
      builder.beginStack(weight: weight)
      try InputError.requireFinite(builder.totalWeight, "the sample counts", at: .line(lineNumber))
      // The line's frames are found and hashed first, and what interning them will read is
      // asked for ahead, a stage for every frame at a time (`ByteInterner.prefetch`), so
      // that their cache misses overlap; then they are interned.
      lineFrames.removeAll(keepingCapacity: true)
      var frameStart = lineStart
      while frameStart < space {
        let (frameEnd, hash) = Self.scanFrame(
          bytes, from: frameStart, stackEnd: space, seed: seed)
        if frameEnd > frameStart {
          lineFrames.append(FrameText(start: frameStart, end: frameEnd, hash: hash))
          interner.prefetch(hash: hash, stage: 0)
        }
        frameStart = frameEnd + 1
      }
      for stage in 1...2 {
        for frame in lineFrames { interner.prefetch(hash: frame.hash, stage: stage) }
      }
      for frame in lineFrames {
        let (id, isNew) = interner.intern(
          bytes.baseAddress! + frame.start, length: frame.end - frame.start, hash: frame.hash)
        if isNew {
          let frameBytes = UnsafeBufferPointer(rebasing: bytes[frame.start..<frame.end])
          if memchr(frameBytes.baseAddress!, 0x0D, frameBytes.count) != nil {
            throw InputError(
              .badValue, .line(lineNumber),
              "a carriage return inside the line (CR-only line ends? folded stacks need LF or CRLF)"
            )
          }
          let parsed = FrameNameParser.parse(String(decoding: frameBytes, as: UTF8.self))
          frameOfText.append(
            builder.frame(file: parsed.file, line: parsed.line, name: parsed.name))
        }
        builder.push(frameOfText[Int(id)])
      }
      builder.endStack()
      lines += 1
    }
  }

  /// Finds the end of the frame that starts at `start` (the next `;`, or `stackEnd`) eight
  /// bytes at a time, hashing the frame's text on the way (`SeededHash.bytes`).
  @inline(__always)
  static func scanFrame(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, stackEnd: Int, seed: UInt64
  ) -> (end: Int, hash: UInt64) {
    let raw = UnsafeRawPointer(bytes.baseAddress!)
    let semicolons: UInt64 = 0x3B3B_3B3B_3B3B_3B3B
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    var h = seed
    var p = start
    while p + 8 <= bytes.count {
      let left = stackEnd - p
      if left <= 0 { return (p, SeededHash.finish(h, tail: 0, length: p - start)) }
      let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p, as: UInt64.self))
      let x = word ^ semicolons
      let found = (x &- ones) & ~x & highs
      var index = found == 0 ? 8 : found.trailingZeroBitCount >> 3
      if index > left { index = left }
      if index == 8 {
        h = SeededHash.mix(h, word)
        p += 8
        continue
      }
      let tail = index == 0 ? 0 : word & ((1 << UInt64(index * 8)) - 1)
      return (p + index, SeededHash.finish(h, tail: tail, length: p + index - start))
    }
    // The last few bytes of the buffer: one at a time.
    var end = p
    while end < stackEnd && bytes[end] != UInt8(ascii: ";") { end += 1 }
    let length = end - start
    let full = (end - p) / 8 * 8
    var q = p
    while q < p + full {
      h = SeededHash.mix(
        h, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: q, as: UInt64.self)))
      q += 8
    }
    let tail = SeededHash.tail(bytes.baseAddress! + q, count: end - q)
    return (end, SeededHash.finish(h, tail: tail, length: length))
  }

  static func startsWithByteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
  }

  /// A decimal count: digits with an optional fraction.
  static func count(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double? {
    guard start < end else { return nil }
    var value: UInt64 = 0
    var i = start
    while i < end, bytes[i] >= 0x30 && bytes[i] <= 0x39, value < (1 << 50) {
      value = value * 10 + UInt64(bytes[i] - 0x30)
      i += 1
    }
    if i == end { return Double(value) }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    guard text.allSatisfy({ $0.isNumber || $0 == "." }), let x = Double(text), x.isFinite, x >= 0
    else { return nil }
    return x
  }

  /// The profile of everything added. The stacks are handed over, not copied (the profile
  /// lets their name indexes go, which a copy left here would keep): the importer is empty
  /// afterwards.
  public mutating func profile() throws(InputError) -> Profile {
    guard lines > 0 else {
      throw InputError(.schema, .none, "no stacks: the file holds no `frames COUNT` line")
    }
    try InputError.requireFinite(builder.totalWeight, "the sample counts")
    var stacks = StackSamples()
    swap(&stacks, &builder)
    lines = 0
    return Profile(stacks: stacks, weightUnit: .samples, sources: sources)
  }
}

/// Where a frame's text is in the input, and its hash (`SeededHash`).
private struct FrameText {
  var start: Int
  var end: Int
  var hash: UInt64
}

/// The input bytes, shared read-only by the two parsing threads.
private struct SharedBytes: @unchecked Sendable {
  let base: UnsafePointer<UInt8>?
  let count: Int
  var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
}
